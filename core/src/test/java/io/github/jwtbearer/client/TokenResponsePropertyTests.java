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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.endpoint.JwtBearerTokenResponseClients;
import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
 * Generated tests of token response handling: 10,000 answers (random JSON shapes, value
 * types, sizes, charsets, content types and statuses), made by a seeded generator, go
 * through the servlet and the reactive token response clients (and some through a
 * loopback server), and then through the providers' conversion to an authorized client or
 * a {@link ClientAuthorizationException}. Only the documented exception types come out:
 * {@link TokenEndpointException}, or an {@link OAuth2AuthorizationException} with
 * {@code invalid_token_response}; and no message holds a token of the answer.
 * <p>
 * Each seed makes {@value #ANSWERS_PER_SEED} answers; a failure names its seed and the
 * answer's index, so that it can be replayed by running that seed alone.
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenResponsePropertyTests {

	// every token the generator puts in an answer starts with it
	private static final String SECRET = "SECRET-";

	private static final int ANSWERS_PER_SEED = 500;

	private static final AtomicReference<Answer> answered = new AtomicReference<>();

	private static HttpServer server;

	private static JwtBearerRegistration registration;

	private static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient;

	private static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient;

	private static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> loopbackRestClient;

	private static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> loopbackWebClient;

	private static JwtBearerGrantRequest grantRequest;

	@BeforeAll
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

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	// 10 seeds of 500 answers for each client: 10,000 answers in all
	static LongStream seeds() {
		return LongStream.rangeClosed(1, 10).map((seed) -> seed * 0x9E3779B97F4A7C15L);
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void servletClientThrowsOnlyDocumentedExceptions(long seed) {
		forEachAnswer(seed, ANSWERS_PER_SEED,
				(generated) -> check(generated, () -> restClient.getTokenResponse(grantRequest)));
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void reactiveClientThrowsOnlyDocumentedExceptions(long seed) {
		forEachAnswer(seed, ANSWERS_PER_SEED, (generated) -> check(generated,
				() -> webClient.getTokenResponse(grantRequest).block(Duration.ofSeconds(10))));
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void clientsOverLoopbackThrowOnlyDocumentedExceptions(long seed) {
		forEachAnswer(seed, 6, (generated) -> {
			check(generated, () -> loopbackRestClient.getTokenResponse(grantRequest));
			check(generated, () -> loopbackWebClient.getTokenResponse(grantRequest).block(Duration.ofSeconds(10)));
		});
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void generatorCoversTokensAndEachDocumentedFailure(long seed) {
		// the answers reach both sides: tokens, unreadable answers and OAuth errors
		List<String> outcomes = new ArrayList<>();
		forEachAnswer(seed, ANSWERS_PER_SEED, (generated) -> {
			try {
				restClient.getTokenResponse(grantRequest);
				outcomes.add("token");
			}
			catch (OAuth2AuthorizationException ex) {
				outcomes.add(ex.getError().getErrorCode());
			}
		});
		assertThat(outcomes).contains("token", "invalid_token_response");
		assertThat(outcomes.stream().distinct().count()).as(outcomes.stream().distinct().toList().toString())
			.isGreaterThanOrEqualTo(4);
		assertThat(Collections.frequency(outcomes, "token")).isGreaterThan(ANSWERS_PER_SEED / 20);
	}

	private static void forEachAnswer(long seed, int count, Consumer<Answer> check) {
		Answers answers = new Answers(new SplittableRandom(seed));
		for (int i = 0; i < count; i++) {
			Answer generated = answers.answer();
			answered.set(generated);
			try {
				check.accept(generated);
			}
			catch (AssertionError ex) {
				throw new AssertionError("seed " + seed + ", answer " + i + ": " + ex.getMessage(), ex);
			}
		}
	}

	private static void check(Answer generated, TokenRequest request) {
		OAuth2AccessTokenResponse response;
		try {
			response = request.send();
		}

		catch (OAuth2AuthorizationException ex) {
			assertDocumented(ex, generated);
			return;
		}

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

	/**
	 * Makes answers from a seeded random source: mostly token responses whose fields are
	 * each missing, of their type or of any other, in any order, among other fields; and
	 * some JSON of any shape, damaged or plain text, and bodies above the size limit.
	 */
	private static final class Answers {

		private final SplittableRandom random;

		Answers(SplittableRandom random) {
			this.random = random;
		}

		Answer answer() {
			int status = weighted(12, () -> 200, 1,
					() -> pick(201, 204, 301, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503));
			String contentType = weighted(8, () -> "application/json", 3,
					() -> pick("application/json;charset=UTF-8", "application/json;charset=UTF-16",
							"application/json;charset=ISO-8859-1", "application/problem+json",
							"application/json;charset=no-such-charset", "text/html", "text/plain", "*/*",
							"not a media type", ""));
			Charset charset = weighted(8, () -> StandardCharsets.UTF_8, 1, () -> pick(StandardCharsets.UTF_16,
					StandardCharsets.UTF_16LE, StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII));
			String retryAfter = oneOf(() -> "", () -> string(12), () -> String.valueOf(this.random.nextLong()));
			return new Answer(status, contentType, charset, body(), retryAfter);
		}

		private String body() {
			int roll = this.random.nextInt(12);
			if (roll < 6) {
				return tokenResponse();
			}
			return switch (roll) {
				case 6, 7 -> value(3);
				case 8 -> truncate(tokenResponse());
				case 9 -> string(200);
				case 10 -> tokenResponse().replace("\"", "");
				default -> large(this.random.nextInt(60_000, 140_001));
			};
		}

		private String tokenResponse() {
			List<String> fields = new ArrayList<>();
			field(fields, "access_token", () -> weighted(6, this::token, 1, () -> value(1)));
			field(fields, "token_type",
					() -> weighted(6, () -> pick("\"Bearer\"", "\"bearer\"", "\"BEARER\""), 2,
							() -> oneOf(() -> pick("\"DPoP\"", "\"mac\"", "\"N_A\"", "\"\"", "null", "1", "[]", "{}"),
									() -> value(1))));
			field(fields, "expires_in", this::expiresIn);
			field(fields, "scope", () -> oneOf(() -> value(0), () -> value(1)));
			field(fields, "refresh_token", this::token);
			field(fields, "instance_url", () -> value(1));
			if (this.random.nextInt(6) == 0) {
				field(fields, "error", () -> pick("\"invalid_grant\"", "\"\"", "null", "7", "[]"));
			}
			if (this.random.nextInt(6) == 0) {
				field(fields, "error_description", () -> value(1));
			}
			field(fields, alpha(6), () -> value(1));
			Collections.shuffle(fields, new java.util.Random(this.random.nextLong()));
			return "{" + String.join(",", fields) + "}";
		}

		private void field(List<String> fields, String name, Supplier<String> value) {
			// present four times in five
			if (this.random.nextInt(5) != 0) {
				fields.add("\"" + name + "\":" + value.get());
			}
		}

		private String token() {
			StringBuilder token = new StringBuilder("\"" + SECRET);
			int length = this.random.nextInt(8, 121);
			while (token.length() < length + SECRET.length() + 1) {
				char c = (char) this.random.nextInt('!', '~' + 1);
				if (c != '"' && c != '\\') {
					token.append(c);
				}
			}
			return token.append('"').toString();
		}

		private String expiresIn() {
			return oneOf(() -> String.valueOf(this.random.nextLong()),
					() -> String.valueOf(this.random.nextInt(-10, 100_001)), () -> String.valueOf(anyDouble()),
					() -> new BigInteger(133, new java.util.Random(this.random.nextLong())).toString(),
					() -> pick("\"3600\"", "\"3.6e3\"", "\"-1\"", "\"soon\"", "\"\"", "1e400", "-0", "0.0001"),
					() -> value(1));
		}

		// any JSON value, nested up to depth
		private String value(int depth) {
			int kinds = (depth == 0) ? 4 : 6;
			return switch (this.random.nextInt(kinds)) {
				case 0 -> Json.string(string(40));
				case 1 -> String.valueOf(this.random.nextInt());
				case 2 -> String.valueOf(anyDouble());
				case 3 -> pick("true", "false", "null");
				case 4 -> {
					List<String> items = new ArrayList<>();
					for (int i = this.random.nextInt(5); i > 0; i--) {
						items.add(value(depth - 1));
					}
					yield "[" + String.join(",", items) + "]";
				}
				default -> {
					Map<String, String> fields = new java.util.LinkedHashMap<>();
					for (int i = this.random.nextInt(5); i > 0; i--) {
						fields.put(string(10), value(depth - 1));
					}
					yield Json.object(fields);
				}
			};
		}

		private double anyDouble() {
			return switch (this.random.nextInt(4)) {
				case 0 -> this.random.nextDouble();
				case 1 -> Double.longBitsToDouble(this.random.nextLong());
				case 2 -> pick(0.0, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY);
				default -> BigDecimal.valueOf(this.random.nextLong(), this.random.nextInt(-20, 21)).doubleValue();
			};
		}

		// any characters: ASCII, Latin-1, other planes and unpaired surrogates
		private String string(int maxLength) {
			StringBuilder text = new StringBuilder();
			for (int i = this.random.nextInt(maxLength + 1); i > 0; i--) {
				text.appendCodePoint(switch (this.random.nextInt(4)) {
					case 0 -> this.random.nextInt(0x20, 0x7F);
					case 1 -> this.random.nextInt(0, 0x100);
					case 2 -> this.random.nextInt(0xD800, 0xE000);
					default -> this.random.nextInt(0x100, 0x10FFFF);
				});
			}
			return text.toString();
		}

		private String alpha(int length) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < length; i++) {
				int letter = this.random.nextInt(52);
				text.append((char) ((letter < 26) ? 'a' + letter : 'A' + letter - 26));
			}
			return text.toString();
		}

		private <T> T weighted(int weight, Supplier<T> first, int otherWeight, Supplier<T> other) {
			return (this.random.nextInt(weight + otherWeight) < weight) ? first.get() : other.get();
		}

		@SafeVarargs
		private <T> T oneOf(Supplier<T>... choices) {
			return choices[this.random.nextInt(choices.length)].get();
		}

		@SafeVarargs
		private <T> T pick(T... values) {
			return values[this.random.nextInt(values.length)];
		}

		private static String truncate(String json) {
			return json.substring(0, json.length() / 2);
		}

		private static String large(int size) {
			return "{\"access_token\":\"" + SECRET + "large\",\"token_type\":\"Bearer\",\"padding\":\""
					+ "x".repeat(size) + "\"}";
		}

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
			List<String> members = new ArrayList<>();
			fields.forEach((name, value) -> members.add(string(name) + ":" + value));
			return "{" + String.join(",", members) + "}";
		}

	}

}
