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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestSecrets;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Fault injection at the token endpoint, for the servlet and the reactive provider: every
 * fault surfaces as a {@link ClientAuthorizationException} that names the registration,
 * the status (or that there was none), the error and the hint, never as a
 * {@code NullPointerException} or a JSON library's exception, and never with the body.
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenEndpointFaultTests {

	private static final String TOKEN = "00Dxx0000001gPL!AQ4AQLeakedTokenValueThatMustNeverBeShown";

	private final TestOrgTokenEndpoint endpoint = new TestOrgTokenEndpoint();

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void close() throws IOException {
		this.endpoint.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void connectionRefusedThenNoResponseNamingTheRefusal(Stack stack) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		ClientAuthorizationException ex = stack.fail(registration("http://127.0.0.1:" + port + "/token").build());
		assertNoResponse(ex, "No answer from the token endpoint at 127.0.0.1:" + port + ": connection refused",
				JwtBearerErrorHint.CONNECTION_REFUSED);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void connectTimeoutThenNoResponseNamingTheTimeout(Stack stack) throws IOException {
		// a listening socket whose backlog is full: Linux drops further SYNs, so connect
		// hangs as it does behind a firewall that drops packets
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		for (int i = 0; i < 8; i++) {
			Socket filler = new Socket();
			try {
				filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
				this.sockets.add(filler);
			}
			catch (IOException full) {
				filler.close();
				break;
			}
		}
		try (server) {
			JwtBearerRegistration registration = registration("http://127.0.0.1:" + server.getLocalPort() + "/token")
				.connectTimeout(Duration.ofMillis(300))
				.build();
			long start = System.nanoTime();
			ClientAuthorizationException ex = stack.fail(registration);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertNoResponse(ex, "no connection within the connect-timeout of 300ms",
					JwtBearerErrorHint.CONNECT_TIMEOUT);
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void readTimeoutThenNoResponseNamingTheTimeout(Stack stack) {
		this.endpoint.answer((count) -> new MockResponse.Builder(TestTokenEndpoint.salesforceResponse(TOKEN))
			.headersDelay(3, TimeUnit.SECONDS)
			.build());
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", Clock.systemUTC())
			.readTimeout(Duration.ofMillis(300))
			.build();
		ClientAuthorizationException ex = stack.fail(registration);
		assertNoResponse(ex, "no answer within the read-timeout of 300ms", JwtBearerErrorHint.READ_TIMEOUT);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void connectionClosedBeforeAnswerThenNoResponseNamingTheIoError(Stack stack) {
		this.endpoint.answer((count) -> new MockResponse.Builder(TestTokenEndpoint.salesforceResponse(TOKEN))
			.onResponseStart(new SocketEffect.CloseSocket())
			.build());
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertNoResponse(ex, "I/O error", JwtBearerErrorHint.IO_ERROR);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void connectionClosedThenTriedAgainWithANewAssertion(Stack stack) {
		this.endpoint
			.answer((count) -> (count == 1) ? new MockResponse.Builder(TestTokenEndpoint.salesforceResponse(TOKEN))
				.onResponseStart(new SocketEffect.CloseSocket())
				.build() : TestTokenEndpoint.salesforceResponse(TOKEN));
		TokenRequestRetry retry = new TokenRequestRetry(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
				Duration.ZERO, Duration.ZERO);
		assertThat(stack.authorize(salesforce(), retry).getAccessToken().getTokenValue()).isEqualTo(TOKEN);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(this.endpoint.jtis()).doesNotHaveDuplicates();
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void serverErrorWithHtmlThenServerErrorWithTheStatus(Stack stack) {
		this.endpoint.answer((count) -> html(503, "<html><body>Service Unavailable " + TOKEN + "</body></html>"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 503, OAuth2ErrorCodes.SERVER_ERROR,
				"The token endpoint answered HTTP 503 with text/html;charset=UTF-8 and no OAuth error",
				JwtBearerErrorHint.SERVER_ERROR);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void notFoundWithHtmlThenHintNamesTheTokenUri(Stack stack) {
		this.endpoint.answer((count) -> html(404, "<html><body>Not Found</body></html>"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 404, "invalid_token_response",
				"The token endpoint answered HTTP 404 with text/html;charset=UTF-8 and no OAuth error",
				JwtBearerErrorHint.NOT_FOUND);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithInvalidJsonThenNotJsonWithoutTheBody(Stack stack) {
		// an unquoted value: Jackson's message would quote it
		this.endpoint.answer(
				(count) -> TestTokenEndpoint.json(200, "{\"access_token\":" + TOKEN + ",\"token_type\":\"Bearer\"}"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 with a body that is not a JSON object",
				JwtBearerErrorHint.NOT_JSON);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithJsonArrayThenNotJson(Stack stack) {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(200, "[\"" + TOKEN + "\"]"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 with a body that is not a JSON object",
				JwtBearerErrorHint.NOT_JSON);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithHtmlThenNotJsonNamingTheContentType(Stack stack) {
		this.endpoint.answer((count) -> html(200, "<html><body>Log in " + TOKEN + "</body></html>"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 with text/html;charset=UTF-8, not a JSON token response",
				JwtBearerErrorHint.NOT_JSON);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithoutAccessTokenThenNoAccessToken(Stack stack) {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(200,
				"{\"token_type\":\"Bearer\",\"instance_url\":\"https://acme.my.salesforce.com\"}"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 but the token response has no access_token",
				JwtBearerErrorHint.NO_ACCESS_TOKEN);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithTokenTypeOtherThanBearerThenRefusedNamingIt(Stack stack) {
		this.endpoint.answer(
				(count) -> TestTokenEndpoint.json(200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"DPoP\"}"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 but the token response has token_type 'DPoP'; "
						+ "only Bearer tokens are supported",
				JwtBearerErrorHint.NOT_BEARER);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithOversizedBodyThenTooLarge(Stack stack) {
		String padding = "x".repeat(100 * 1024);
		this.endpoint.answer((count) -> TestTokenEndpoint.json(200,
				"{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"padding\":\"" + padding + "\"}"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 with a body larger than 64 KB", JwtBearerErrorHint.TOO_LARGE);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithOversizedChunkedBodyThenTooLarge(Stack stack) {
		String padding = "x".repeat(100 * 1024);
		this.endpoint
			.answer((count) -> new MockResponse.Builder().code(200)
				.setHeader("Content-Type", "application/json")
				.chunkedBody("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"padding\":\"" + padding
						+ "\"}", 4096)
				.build());
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response",
				"The token endpoint answered HTTP 200 with a body larger than 64 KB", JwtBearerErrorHint.TOO_LARGE);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void errorWithOversizedBodyThenDescribedByItsStatus(Stack stack) {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"" + "x".repeat(100 * 1024) + "\"}"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 400, "invalid_token_response",
				"The token endpoint answered HTTP 400 with application/json;charset=UTF-8 and no OAuth error",
				JwtBearerErrorHint.NO_OAUTH_ERROR);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithEmptyBodyThenEmpty(Stack stack) {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(200, ""));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_token_response", "The token endpoint answered HTTP 200 with an empty body",
				JwtBearerErrorHint.INVALID_TOKEN_RESPONSE);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void redirectThenNotFollowedNamingTheLocation(Stack stack) {
		this.endpoint.answer((count) -> new MockResponse.Builder().code(302)
			.setHeader("Location", "https://login.salesforce.com/services/oauth2/token?session=" + TOKEN)
			.build());
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 302, "invalid_token_response",
				"The token endpoint answered HTTP 302 with a redirect to "
						+ "https://login.salesforce.com/services/oauth2/token, which is not followed",
				JwtBearerErrorHint.REDIRECT);
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void successWithOAuthErrorThenTheErrorWithTheStatus(Stack stack) {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(200,
				"{\"error\":\"invalid_grant\",\"error_description\":\"audience is invalid\"}"));
		ClientAuthorizationException ex = stack.fail(salesforce());
		assertAnswered(ex, 200, "invalid_grant", "audience is invalid", JwtBearerErrorHint.SALESFORCE_AUDIENCE_INVALID);
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void contentTypeThatCannotBeParsedThenTheBodyIsStillRead(Stack stack) {
		this.endpoint.answer((count) -> new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json;charset=no-such-charset")
			.body("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\"}")
			.build());
		assertThat(stack.authorize(salesforce()).getAccessToken().getTokenValue()).isEqualTo(TOKEN);
	}

	private static void assertNoResponse(ClientAuthorizationException ex, String description, JwtBearerErrorHint hint) {
		assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token_response");
		assertThat(ex.getError().getDescription()).contains(description);
		assertThat(ex.getCause()).isExactlyInstanceOf(OAuth2AuthorizationException.class);
		assertThat(ex.getCause().getCause()).isInstanceOf(IOException.class);
		assertThat(ex.getMessage()).startsWith("Token request of registration '")
			.contains("failed: no HTTP response, error 'invalid_token_response'")
			.contains(description)
			.contains(hint.getMeaning())
			.contains(hint.getAction());
		assertThat(JwtBearerErrorHint.of(ex.getError())).isEqualTo(hint);
	}

	private static void assertAnswered(ClientAuthorizationException ex, int status, String errorCode,
			String description, JwtBearerErrorHint hint) {
		assertThat(ex.getClientRegistrationId()).isEqualTo("salesforce");
		assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode);
		assertThat(ex.getError().getDescription()).startsWith(description);
		assertThat(ex.getCause()).isInstanceOfSatisfying(TokenEndpointException.class,
				(cause) -> assertThat(cause.getStatusCode()).isEqualTo(status));
		assertThat(ex.getMessage())
			.startsWith("Token request of registration 'salesforce' failed: HTTP " + status + ", error '" + errorCode
					+ "', error_description '" + description)
			.contains("This usually means: " + hint.getMeaning())
			.contains("To fix: " + hint.getAction());
		assertThat(JwtBearerErrorHint.of(ex.getError())).isEqualTo(hint);
		assertNoSecretsIn(ex, TOKEN);
		assertThat(ex).hasStackTraceContaining("TokenEndpointException");
		assertThat(ex.getStackTrace()).isNotEmpty();
		for (Throwable cause : TestSecrets.chain(ex)) {
			assertThat(cause).isNotInstanceOf(NullPointerException.class);
			assertThat(cause.getClass().getName()).doesNotContain("jackson");
		}
	}

	private static MockResponse html(int status, String body) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "text/html;charset=UTF-8")
			.body(body)
			.build();
	}

	private JwtBearerRegistration salesforce() {
		return this.endpoint.registration("salesforce", Clock.systemUTC()).build();
	}

	private static JwtBearerRegistration.Builder registration(String tokenUri) {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce", JwtSigningKey.of(TestOrgTokenEndpoint.KEY_PAIR.getPrivate(), null))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.build();
		return JwtBearerRegistration
			.withClientRegistration(TestRegistrations.jwtBearer("salesforce", tokenUri).build(), minter)
			.subject("integration@acme.com");
	}

	/**
	 * The provider under test: the servlet one with its RestClient, or the reactive one
	 * with its WebClient.
	 */
	enum Stack {

		SERVLET {

			@Override
			JwtBearerAuthorizedClient authorize(JwtBearerRegistration registration, TokenRequestRetry retry) {
				SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
						new InMemoryJwtBearerRegistrationRepository(registration));
				provider.setRetry(retry);
				return (JwtBearerAuthorizedClient) provider.authorize(context(registration));
			}

		},

		REACTIVE {

			@Override
			JwtBearerAuthorizedClient authorize(JwtBearerRegistration registration, TokenRequestRetry retry) {
				SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
						new InMemoryJwtBearerRegistrationRepository(registration));
				provider.setRetry(retry);
				return (JwtBearerAuthorizedClient) provider.authorize(context(registration))
					.block(Duration.ofSeconds(20));
			}

		};

		abstract JwtBearerAuthorizedClient authorize(JwtBearerRegistration registration, TokenRequestRetry retry);

		JwtBearerAuthorizedClient authorize(JwtBearerRegistration registration) {
			return authorize(registration, TokenRequestRetry.NONE);
		}

		ClientAuthorizationException fail(JwtBearerRegistration registration) {
			ClientAuthorizationException ex = catchThrowableOfType(ClientAuthorizationException.class,
					() -> authorize(registration));
			assertThat(ex).as("a ClientAuthorizationException").isNotNull();
			return ex;
		}

		private static OAuth2AuthorizationContext context(JwtBearerRegistration registration) {
			return OAuth2AuthorizationContext.withClientRegistration(registration.getClientRegistration())
				.principal(new TestingAuthenticationToken("app", null))
				.build();
		}

	}

}
