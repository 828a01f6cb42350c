/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.jwtbearer.client;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.endpoint.JwtBearerTokenResponseClients;
import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestSecrets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of token response handling: 10,000 generated answers (random JSON
 * shapes, value types, sizes, charsets, content types and statuses) go through the
 * servlet and the reactive token response clients against a loopback server, and then
 * through the providers' conversion to an authorized client or a
 * {@link ClientAuthorizationException}. Only the documented exception types come out:
 * {@link TokenEndpointException}, or an {@link OAuth2AuthorizationException} with
 * {@code invalid_token_response}; and no message holds a token of the answer.
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenResponsePropertyTests {

	// every token the generator puts in an answer starts with it
	private static final String SECRET = "SECRET-";

	private static final AtomicReference<Answer> answered = new AtomicReference<>();

	private static HttpServer server;

	private static JwtBearerRegistration registration;

	private static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient;

	private static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient;

	private static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> loopbackRestClient;

	private static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> loopbackWebClient;

	private static JwtBearerGrantRequest grantRequest;

	@BeforeContainer
	static void startServer() throws IOException {
		// the JDK's server: answers as they are generated, with no pause between writes
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			answered.get().send(exchange);
		});
		server.start();
		String tokenUri = "http://localhost:" + server.getAddress().getPort() + "/services/oauth2/token";
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce", JwtSigningKey.of(TestOrgTokenEndpoint.KEY_PAIR.getPrivate(), null))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.build();
		registration = JwtBearerRegistration
			.withClientRegistration(TestRegistrations.jwtBearer("salesforce", tokenUri).build(), minter)
			.build();
		// the clients' whole pipelines (interceptor or filter, converters, error
		// handling, Spring Security's clients) on answers in memory: their JDK
		// HttpClient takes 25-50 ms a request on loopback, too slow for thousands of
		// tries
		restClient = JwtBearerTokenResponseClients.restClient(registration, (uri, method) -> {
			MockClientHttpRequest request = new MockClientHttpRequest(method, uri);
			request.setResponse(answered.get().servletResponse());
			return request;
		});
		webClient = JwtBearerTokenResponseClients.webClient(registration,
				(method, uri, requestCallback) -> requestCallback
					.apply(new org.springframework.mock.http.client.reactive.MockClientHttpRequest(method, uri))
					.then(Mono.fromSupplier(() -> answered.get().reactiveResponse())));
		loopbackRestClient = JwtBearerTokenResponseClients.restClient(registration);
		loopbackWebClient = JwtBearerTokenResponseClients.webClient(registration);
		// one assertion for every request: minting is not under test
		Jwt assertion = registration.getAssertionMinter().mint("integration@acme.com");
		grantRequest = new JwtBearerGrantRequest(registration.getClientRegistration(), assertion);
	}

	@AfterContainer
	static void stopServer() {
		server.stop(0);
	}

	@Property(tries = 5000)
	void servletClientThrowsOnlyDocumentedExceptions(@ForAll("answers") Answer generated) {
		answered.set(generated);
		check(generated, () -> restClient.getTokenResponse(grantRequest));
	}

	@Property(tries = 5000)
	void reactiveClientThrowsOnlyDocumentedExceptions(@ForAll("answers") Answer generated) {
		answered.set(generated);
		check(generated, () -> webClient.getTokenResponse(grantRequest).block(Duration.ofSeconds(10)));
	}

	@Property(tries = 60)
	void clientsOverLoopbackThrowOnlyDocumentedExceptions(@ForAll("answers") Answer generated) {
		answered.set(generated);
		check(generated, () -> loopbackRestClient.getTokenResponse(grantRequest));
		check(generated, () -> loopbackWebClient.getTokenResponse(grantRequest).block(Duration.ofSeconds(10)));
	}

	private static void check(Answer generated, TokenRequest request) {
		OAuth2AccessTokenResponse response;
		try {
			response = request.send();
		}

		catch (OAuth2AuthorizationException ex) {
			assertDocumented(ex, generated);
			Statistics.collect(ex.getClass().getSimpleName() + " " + ex.getError().getErrorCode());
			return;
		}
		Statistics.collect("token");

		// a token: Bearer, with a lifetime, that the providers can date
		assertThat(response).as(generated.toString()).isNotNull();
		OAuth2AccessToken token = response.getAccessToken();
		assertThat(token.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(token.getTokenValue()).isNotBlank();
		assertThat(token.getExpiresAt()).isAfter(token.getIssuedAt());
		JwtBearerAuthorizedClient client = JwtBearerTokens.authorizedClient(registration.getClientRegistration(), "app",
				response, Clock.systemUTC());
		assertThat(client.getAccessToken().getExpiresAt()).isAfter(Instant.now());
		assertThat(client.toString()).doesNotContain(SECRET);
	}

	private static void assertDocumented(OAuth2AuthorizationException ex, Answer generated) {
		if (!(ex instanceof TokenEndpointException)) {
			assertThat(ex.getError().getErrorCode()).as(generated.toString()).isEqualTo("invalid_token_response");
		}
		ClientAuthorizationException surfaced = JwtBearerTokens.clientAuthorizationException(registration, ex);
		assertThat(surfaced.getError()).isSameAs(ex.getError());
		// causes: ours and the I/O failure; suppressed ones are Reactor's assembly traces
		for (Throwable cause = surfaced; cause != null; cause = cause.getCause()) {
			assertThat(cause).as(generated.toString())
				.isInstanceOfAny(OAuth2AuthorizationException.class, IOException.class);
		}
		for (Throwable shown : TestSecrets.chain(surfaced)) {
			assertThat(String.valueOf(shown.getMessage())).as(generated.toString()).doesNotContain(SECRET);
		}
	}

	@Provide
	Arbitrary<Answer> answers() {
		Arbitrary<Integer> status = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(200)),
				Tuple.of(1, Arbitraries.of(201, 204, 301, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503)));
		Arbitrary<String> contentType = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("application/json")),
				Tuple.of(3,
						Arbitraries.of("application/json;charset=UTF-8", "application/json;charset=UTF-16",
								"application/json;charset=ISO-8859-1", "application/problem+json",
								"application/json;charset=no-such-charset", "text/html", "text/plain", "*/*",
								"not a media type", "")));
		Arbitrary<Charset> charset = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(StandardCharsets.UTF_8)),
				Tuple.of(1, Arbitraries.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
						StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII)));
		Arbitrary<String> retryAfter = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().ofMaxLength(12),
				Arbitraries.longs().map(String::valueOf));
		return Combinators.combine(status, contentType, charset, body(), retryAfter).as(Answer::new);
	}

	private Arbitrary<String> body() {
		return Arbitraries.frequencyOf(Tuple.of(6, tokenResponse()), Tuple.of(2, json(3)),
				Tuple.of(1, tokenResponse().map(TokenResponsePropertyTests::truncate)),
				Tuple.of(1, Arbitraries.strings().ofMaxLength(200)),
				Tuple.of(1, tokenResponse().map((json) -> json.replace("\"", ""))),
				Tuple.of(1, Arbitraries.integers().between(60_000, 140_000).map(TokenResponsePropertyTests::large)));
	}

	// a JSON object with the fields of a token response, each missing, of its type or of
	// any other, in any order, among other fields
	private Arbitrary<String> tokenResponse() {
		Arbitrary<String> token = Arbitraries.strings()
			.withCharRange('!', '~')
			.excludeChars('"', '\\')
			.ofMinLength(8)
			.ofMaxLength(120)
			.map((value) -> "\"" + SECRET + value + "\"");
		Arbitrary<String> tokenType = Arbitraries.frequencyOf(
				Tuple.of(6, Arbitraries.of("\"Bearer\"", "\"bearer\"", "\"BEARER\"")),
				Tuple.of(1, Arbitraries.of("\"DPoP\"", "\"mac\"", "\"N_A\"", "\"\"", "null", "1", "[]", "{}")),
				Tuple.of(1, value(1)));
		Arbitrary<String> expiresIn = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
				Arbitraries.integers().between(-10, 100_000).map(String::valueOf),
				Arbitraries.doubles().map(String::valueOf),
				Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(40)).map(String::valueOf),
				Arbitraries.of("\"3600\"", "\"3.6e3\"", "\"-1\"", "\"soon\"", "\"\"", "1e400", "-0", "0.0001"),
				value(1));
		List<Arbitrary<String>> fields = List.of(
				field("access_token", Arbitraries.frequencyOf(Tuple.of(6, token), Tuple.of(1, value(1)))),
				field("token_type", tokenType), field("expires_in", expiresIn),
				field("scope", Arbitraries.oneOf(value(0), value(1))), field("refresh_token", token),
				field("instance_url", value(1)),
				rare(field("error", Arbitraries.of("\"invalid_grant\"", "\"\"", "null", "7", "[]"))),
				rare(field("error_description", value(1))), field(Arbitraries.strings().alpha().ofLength(6), value(1)));
		return Combinators.combine(fields).as((values) -> values).flatMap(Arbitraries::shuffle).map((values) -> {
			StringBuilder json = new StringBuilder("{");
			values.forEach((field) -> append(json, field));
			return json.append("}").toString();
		});
	}

	private static Arbitrary<String> rare(Arbitrary<String> field) {
		return Arbitraries.frequencyOf(Tuple.of(1, field), Tuple.of(5, Arbitraries.just("")));
	}

	private static Arbitrary<String> field(Arbitrary<String> name, Arbitrary<String> value) {
		return name.flatMap((text) -> field(text, value));
	}

	private static Arbitrary<String> field(String name, Arbitrary<String> value) {
		Arbitrary<String> present = value.map((json) -> "\"" + name + "\":" + json);
		return Arbitraries.frequencyOf(Tuple.of(4, present), Tuple.of(1, Arbitraries.just("")));
	}

	private static void append(StringBuilder json, String field) {
		if (!field.isEmpty()) {
			json.append((json.length() > 1) ? "," : "").append(field);
		}
	}

	// any JSON value, nested up to depth
	private static Arbitrary<String> value(int depth) {
		Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(Json::string),
				Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
				Arbitraries.of("true", "false", "null"));
		if (depth == 0) {
			return scalar;
		}
		return Arbitraries.oneOf(scalar,
				value(depth - 1).list().ofMaxSize(4).map((items) -> "[" + String.join(",", items) + "]"),
				Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), value(depth - 1))
					.ofMaxSize(4)
					.map(Json::object));
	}

	private static Arbitrary<String> json(int depth) {
		return value(depth);
	}

	private static String truncate(String json) {
		return json.substring(0, json.length() / 2);
	}

	private static String large(int size) {
		return "{\"access_token\":\"" + SECRET + "large\",\"token_type\":\"Bearer\",\"padding\":\"" + "x".repeat(size)
				+ "\"}";
	}

	@FunctionalInterface
	private interface TokenRequest {

		OAuth2AccessTokenResponse send();

	}

	/**
	 * A generated answer of the token endpoint.
	 *
	 * @param status the status code
	 * @param contentType the {@code Content-Type}, or empty for none
	 * @param charset the charset the body is encoded in
	 * @param body the body text
	 * @param retryAfter the {@code Retry-After}, or empty for none
	 */
	record Answer(int status, String contentType, Charset charset, String body, String retryAfter) {

		void send(HttpExchange exchange) throws IOException {
			byte[] bytes = this.body.getBytes(this.charset);
			if (!this.contentType.isEmpty()) {
				exchange.getResponseHeaders().set("Content-Type", this.contentType);
			}
			if (!this.retryAfter.isBlank() && this.retryAfter.chars().allMatch((c) -> c >= ' ' && c < 127)) {
				exchange.getResponseHeaders().set("Retry-After", this.retryAfter);
			}
			if (this.status >= 300 && this.status < 400) {
				exchange.getResponseHeaders().set("Location", "https://login.salesforce.com/services/oauth2/token");
			}
			boolean noBody = bytes.length == 0 || this.status == 204 || this.status == 304;
			exchange.sendResponseHeaders(this.status, noBody ? -1 : bytes.length);
			if (!noBody) {
				exchange.getResponseBody().write(bytes);
			}
			exchange.close();
		}

		MockClientHttpResponse servletResponse() {
			MockClientHttpResponse response = new MockClientHttpResponse(this.body.getBytes(this.charset), this.status);
			headers(response.getHeaders());
			return response;
		}

		org.springframework.mock.http.client.reactive.MockClientHttpResponse reactiveResponse() {
			org.springframework.mock.http.client.reactive.MockClientHttpResponse response = new org.springframework.mock.http.client.reactive.MockClientHttpResponse(
					this.status);
			headers(response.getHeaders());
			response.setBody(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body.getBytes(this.charset))));
			return response;
		}

		private void headers(HttpHeaders headers) {
			if (!this.contentType.isEmpty()) {
				headers.set("Content-Type", this.contentType);
			}
			if (!this.retryAfter.isBlank()) {
				headers.set("Retry-After", this.retryAfter);
			}
			if (this.status >= 300 && this.status < 400) {
				headers.set("Location", "https://login.salesforce.com/services/oauth2/token");
			}
		}

		@Override
		public String toString() {
			return "Answer[" + this.status + ", " + this.contentType + ", " + this.charset + ", "
					+ JwtBearerTokens.abbreviate(this.body, 300) + "]";
		}

	}

	/**
	 * Writes JSON text.
	 */
	private static final class Json {

		static String string(String value) {
			StringBuilder json = new StringBuilder("\"");
			value.codePoints().forEach((c) -> {
				if (c == '"' || c == '\\') {
					json.append('\\').append((char) c);
				}
				else if (c < 0x20) {
					json.append(String.format("\\u%04x", c));
				}
				else {
					json.appendCodePoint(c);
				}
			});
			return json.append('"').toString();
		}

		static String object(Map<String, String> fields) {
			StringBuilder json = new StringBuilder("{");
			fields.forEach((name, value) -> append(json, string(name) + ":" + value));
			return json.append("}").toString();
		}

	}

}
