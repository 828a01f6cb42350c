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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link JwtBearerErrorHint}: every error string known from Salesforce, Google
 * and the RFCs, answered by a token endpoint, ends in a
 * {@link ClientAuthorizationException} whose message carries its hint; the
 * troubleshooting table mirrors the hints.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerErrorHintTests {

	private final TestOrgTokenEndpoint endpoint = new TestOrgTokenEndpoint();

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	static Stream<Arguments> knownErrors() {
		return Stream.of(
				known(400, "invalid_grant", "user hasn't approved this consumer",
						JwtBearerErrorHint.SALESFORCE_USER_NOT_APPROVED),
				known(400, "invalid_grant", "audience is invalid", JwtBearerErrorHint.SALESFORCE_AUDIENCE_INVALID),
				known(400, "invalid_grant", "invalid assertion", JwtBearerErrorHint.SALESFORCE_INVALID_ASSERTION),
				known(400, "invalid_grant", "expired authorization code",
						JwtBearerErrorHint.SALESFORCE_EXPIRED_AUTHORIZATION_CODE),
				known(400, "invalid_app_access", "user is not admin approved to access this app",
						JwtBearerErrorHint.SALESFORCE_USER_NOT_ADMIN_APPROVED),
				known(400, "invalid_client_id", "client identifier invalid",
						JwtBearerErrorHint.SALESFORCE_CLIENT_ID_INVALID),
				known(400, "invalid_client", "External client app is not installed in this org",
						JwtBearerErrorHint.SALESFORCE_EXTERNAL_CLIENT_APP_NOT_INSTALLED),
				known(400, "invalid_grant", "LOGIN_RATE_EXCEEDED", JwtBearerErrorHint.SALESFORCE_LOGIN_RATE_EXCEEDED),
				known(400, "LOGIN_RATE_EXCEEDED", null, JwtBearerErrorHint.SALESFORCE_LOGIN_RATE_EXCEEDED),
				known(400, "unsupported_grant_type", "grant type not supported",
						JwtBearerErrorHint.SALESFORCE_GRANT_TYPE_NOT_SUPPORTED),
				known(400, "invalid_grant", "Invalid JWT Signature.", JwtBearerErrorHint.GOOGLE_INVALID_JWT_SIGNATURE),
				known(400, "invalid_grant",
						"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
								+ "Check your iat and exp values in the JWT claim.",
						JwtBearerErrorHint.GOOGLE_TOKEN_NOT_SHORT_LIVED),
				known(400, "invalid_grant", "Invalid email or User ID",
						JwtBearerErrorHint.GOOGLE_INVALID_EMAIL_OR_USER_ID),
				known(401, "unauthorized_client",
						"Client is unauthorized to retrieve access tokens using this method, or client not "
								+ "authorized for any of the scopes requested.",
						JwtBearerErrorHint.GOOGLE_CLIENT_UNAUTHORIZED),
				known(400, "invalid_request", "Missing required parameter: assertion",
						JwtBearerErrorHint.INVALID_REQUEST),
				known(401, "invalid_client", "Invalid client or Invalid client credentials",
						JwtBearerErrorHint.INVALID_CLIENT),
				known(400, "invalid_grant", "Signature verification failed", JwtBearerErrorHint.INVALID_GRANT),
				known(400, "invalid_grant", null, JwtBearerErrorHint.INVALID_GRANT),
				known(400, "unauthorized_client", null, JwtBearerErrorHint.UNAUTHORIZED_CLIENT),
				known(400, "unsupported_grant_type", "Unsupported grant_type",
						JwtBearerErrorHint.UNSUPPORTED_GRANT_TYPE),
				known(400, "invalid_scope", "Invalid scopes: api.read", JwtBearerErrorHint.INVALID_SCOPE),
				known(500, "server_error", "Internal error", JwtBearerErrorHint.SERVER_ERROR), known(503,
						"temporarily_unavailable", "Down for maintenance", JwtBearerErrorHint.TEMPORARILY_UNAVAILABLE));
	}

	private static Arguments known(int status, String error, String description, JwtBearerErrorHint hint) {
		return Arguments.of(status, error, description, hint);
	}

	@ParameterizedTest(name = "{1} {2}")
	@MethodSource("knownErrors")
	void knownErrorThenMessageCarriesItsHint(int status, String error, String description, JwtBearerErrorHint hint) {
		String body = "{\"error\":\"" + error + "\""
				+ ((description != null) ? ",\"error_description\":\"" + description + "\"" : "") + "}";
		this.endpoint.answer((count) -> TestTokenEndpoint.json(status, body));
		ClientAuthorizationException ex = fail();
		assertThat(ex.getError().getErrorCode()).isEqualTo(error);
		assertThat(ex.getError().getDescription()).isEqualTo(description);
		assertThat(JwtBearerErrorHint.of(ex.getError())).isEqualTo(hint);
		assertThat(ex.getMessage()).startsWith("Token request of registration 'salesforce' failed: HTTP " + status
				+ ", error '" + error + "'" + ((description != null) ? ", error_description '" + description + "'" : "")
				+ ". This usually means: " + hint.getMeaning() + ". To fix: " + hint.getAction() + ".");
	}

	@Test
	void unknownErrorThenMessageSaysNoHintIsKnown() {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(400,
				"{\"error\":\"custom_error\",\"error_description\":\"Something only this server says\"}"));
		ClientAuthorizationException ex = fail();
		assertThat(JwtBearerErrorHint.of(ex.getError())).isNull();
		assertThat(ex.getMessage()).isEqualTo("Token request of registration 'salesforce' failed: HTTP 400, error "
				+ "'custom_error', error_description 'Something only this server says'. No hint is known for this error.");
	}

	@Test
	void descriptionMatchesIgnoringCase() {
		assertThat(JwtBearerErrorHint.of(new OAuth2Error("invalid_grant", "User hasn't approved this consumer", null)))
			.isEqualTo(JwtBearerErrorHint.SALESFORCE_USER_NOT_APPROVED);
	}

	@Test
	void descriptionThatEchoesAJwtIsMaskedInTheMessage() {
		String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIzTVZHOSJ9.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtYmUtc2hvd24";
		this.endpoint.answer((count) -> TestTokenEndpoint.json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"bad assertion " + jwt + "\"}"));
		ClientAuthorizationException ex = fail();
		assertThat(ex.getMessage()).doesNotContain(jwt)
			.contains("error_description 'bad assertion eyJh...(" + jwt.length() + " characters)'");
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 200 })
	void descriptionThatEchoesAJwtAndLineBreaksIsMaskedOnceInTheErrorAndEveryCause(int status) {
		String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIzTVZHOSJ9.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtYmUtc2hvd24";
		this.endpoint.answer((count) -> TestTokenEndpoint.json(status, "{\"error\":\"invalid_grant\","
				+ "\"error_description\":\"bad assertion " + jwt + "\\r\\nINFO forged line\"}"));
		String expected = "bad assertion eyJh...(" + jwt.length() + " characters)??INFO forged line";
		ClientAuthorizationException servlet = fail();
		assertThat(servlet.getError().getDescription()).isEqualTo(expected);
		assertThat(servlet.getMessage()).contains("error_description '" + expected + "'");
		for (Throwable cause = servlet.getCause(); cause != null; cause = cause.getCause()) {
			assertThat(cause.getMessage()).doesNotContain(jwt).doesNotContain("\n").doesNotContain("\r");
			if (cause instanceof OAuth2AuthorizationException oauth2) {
				assertThat(oauth2.getError().getDescription()).isEqualTo(expected);
			}
		}
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", Clock.systemUTC()).build();
		SignedAssertionReactiveOAuth2AuthorizedClientProvider reactive = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration));
		reactive.setRetry(TokenRequestRetry.NONE);
		ClientAuthorizationException reactiveFailure = catchThrowableOfType(ClientAuthorizationException.class,
				() -> reactive
					.authorize(OAuth2AuthorizationContext.withClientRegistration(registration.getClientRegistration())
						.principal(new TestingAuthenticationToken("app", null))
						.build())
					.block());
		assertThat(reactiveFailure.getError().getDescription()).isEqualTo(expected);
		assertThat(reactiveFailure.getCause()).isInstanceOfSatisfying(OAuth2AuthorizationException.class,
				(cause) -> assertThat(cause.getError().getDescription()).isEqualTo(expected));
	}

	@ParameterizedTest
	@EnumSource(JwtBearerErrorHint.class)
	void everyHintHasMeaningAndActionAndIsMirroredByTheTroubleshootingTable(JwtBearerErrorHint hint)
			throws IOException {
		assertThat(hint.getMeaning()).isNotBlank().doesNotEndWith(".");
		assertThat(hint.getAction()).isNotBlank().doesNotEndWith(".");
		assertThat(hint.getErrorCode() != null || hint.getDescription() != null).isTrue();
		assertThat(troubleshootingTable()).contains(row(hint));
	}

	@Test
	void troubleshootingTableHasNoRowThatIsNotAHint() throws IOException {
		long rows = troubleshootingTable().lines()
			.filter((line) -> line.startsWith("| ") && !line.startsWith("| who"))
			.count();
		assertThat(rows).isEqualTo(JwtBearerErrorHint.values().length);
	}

	/**
	 * Return the row of the troubleshooting table that mirrors a hint.
	 * @param hint the hint
	 * @return its Markdown row
	 */
	static String row(JwtBearerErrorHint hint) {
		return "| " + ((hint.getProvider() != null) ? hint.getProvider() : "the starter") + " | "
				+ code(hint.getErrorCode()) + " | " + code(hint.getDescription()) + " | " + hint.getMeaning() + " | "
				+ hint.getAction() + " |";
	}

	private static String code(String text) {
		return (text != null) ? "`" + text + "`" : "any";
	}

	private static String troubleshootingTable() throws IOException {
		for (Path candidate : List.of(Path.of("../docs/troubleshooting.md"))) {
			if (Files.exists(candidate)) {
				String text = Files.readString(candidate, StandardCharsets.UTF_8);
				int start = text.indexOf("<!-- error hints: start -->");
				int end = text.indexOf("<!-- error hints: end -->");
				if (start >= 0 && end > start) {
					return text.substring(start, end);
				}
			}
		}
		throw new AssertionError("No troubleshooting table between '<!-- error hints: start -->' and "
				+ "'<!-- error hints: end -->' in docs/troubleshooting.md");
	}

	private ClientAuthorizationException fail() {
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", Clock.systemUTC()).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration));
		provider.setRetry(TokenRequestRetry.NONE);
		ClientAuthorizationException ex = catchThrowableOfType(ClientAuthorizationException.class,
				() -> provider
					.authorize(OAuth2AuthorizationContext.withClientRegistration(registration.getClientRegistration())
						.principal(new TestingAuthenticationToken("app", null))
						.build()));
		assertThat(ex).isNotNull();
		return ex;
	}

}
