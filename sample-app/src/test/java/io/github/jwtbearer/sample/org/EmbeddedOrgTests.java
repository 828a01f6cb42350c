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

package io.github.jwtbearer.sample.org;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link EmbeddedOrg}.
 *
 * @author JWT Bearer for Spring contributors
 */
class EmbeddedOrgTests {

	private static final DemoCredentials credentials = DemoCredentials.generate("embedded-org-tests");

	private static final DemoCredentials otherCredentials = DemoCredentials.generate("someone-else");

	private static final String USER = "integration@acme.example";

	private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private final HttpClient httpClient = HttpClient.newHttpClient();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private EmbeddedOrg org;

	@BeforeEach
	void startOrg() {
		this.org = EmbeddedOrg.withCertificate(credentials.getCertificate()).preAuthorizedUsers(USER).start();
	}

	@AfterEach
	void stopOrg() {
		this.org.close();
	}

	@Test
	void tokenRequestWithValidAssertionThenAnswersAsSalesforce() throws Exception {
		HttpResponse<String> response = requestToken(assertion((claims) -> {
		}));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
		Map<String, Object> body = json(response);
		assertThat(body).containsOnlyKeys("access_token", "signature", "scope", "instance_url", "id", "token_type",
				"issued_at");
		assertThat((String) body.get("access_token")).startsWith(this.org.getOrganizationId().substring(0, 15) + "!AQ");
		assertThat(body).containsEntry("instance_url", this.org.getBaseUrl())
			.containsEntry("token_type", "Bearer")
			.containsEntry("scope", "api");
		assertThat((String) body.get("id"))
			.matches("https://login\\.salesforce\\.com/id/" + this.org.getOrganizationId() + "/005[0-9A-Za-z]{15}");
		assertThat(Long.parseLong((String) body.get("issued_at"))).isCloseTo(System.currentTimeMillis(),
				within(60_000L));
		assertThat((String) body.get("signature")).matches("[A-Za-z0-9+/]{43}=");
	}

	@Test
	void tokenRequestWithAssertionOfTheLibraryThenIssuesToken() throws Exception {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce",
					JwtSigningKey.of(credentials.getPrivateKey(), credentials.getCertificate(), null))
			.issuer(this.org.getConsumerKey())
			.audience("https://login.salesforce.com")
			.build();
		HttpResponse<String> response = requestToken(minter.mint(USER).getTokenValue());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).containsKey("access_token");
	}

	@Test
	void tokenRequestWithSandboxAudienceThenIssuesToken() throws Exception {
		HttpResponse<String> response = requestToken(
				assertion((claims) -> claims.audience("https://test.salesforce.com")));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void tokenRequestWithClientIdParameterThenIgnoresIt() throws Exception {
		HttpResponse<String> response = post(TokenEndpoint.PATH,
				"grant_type=" + encode(JWT_BEARER) + "&client_id=other" + "&assertion=" + assertion((claims) -> {
				}));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void tokenRequestWhenSubjectNotPreAuthorizedThenUserHasNotApproved() throws Exception {
		assertTokenError(assertion((claims) -> claims.subject("someone@acme.example")), "invalid_grant",
				"user hasn't approved this consumer");
	}

	@Test
	void tokenRequestWhenAudienceIsAnArrayThenAudienceIsInvalid() throws Exception {
		// Nimbus writes a one-element audience list as a string: build the payload by
		// hand
		Map<String, Object> claims = assertionClaims((builder) -> {
		}).toJSONObject();
		claims.put("aud", List.of("https://login.salesforce.com"));
		JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload(claims));
		jws.sign(new RSASSASigner(credentials.getPrivateKey()));
		assertThat(jws.getPayload().toString()).contains("\"aud\":[\"https://login.salesforce.com\"]");
		assertTokenError(jws.serialize(), "invalid_grant", "audience is invalid");
	}

	@Test
	void tokenRequestWhenAudienceIsTheTokenUriThenAudienceIsInvalid() throws Exception {
		assertTokenError(assertion((claims) -> claims.audience(this.org.getTokenUri())), "invalid_grant",
				"audience is invalid");
	}

	@Test
	void tokenRequestWhenSignedByAnotherKeyThenInvalidAssertion() throws Exception {
		assertTokenError(assertion(otherCredentials.getPrivateKey(), (claims) -> {
		}), "invalid_grant", "invalid assertion");
	}

	@Test
	void tokenRequestWhenAssertionIsNotAJwtThenInvalidAssertion() throws Exception {
		assertTokenError("not-a-jwt", "invalid_grant", "invalid assertion");
	}

	@Test
	void tokenRequestWithoutAssertionThenInvalidAssertion() throws Exception {
		HttpResponse<String> response = post(TokenEndpoint.PATH, "grant_type=" + encode(JWT_BEARER));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error_description", "invalid assertion");
	}

	@Test
	void tokenRequestWhenAssertionExpiredThenExpiredAuthorizationCode() throws Exception {
		assertTokenError(assertion((claims) -> claims.expirationTime(Date.from(Instant.now().minusSeconds(5)))),
				"invalid_grant", "expired authorization code");
	}

	@Test
	void tokenRequestWhenAssertionExpiresInMoreThanThreeMinutesThenExpiredAuthorizationCode() throws Exception {
		assertTokenError(
				assertion((claims) -> claims.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(4))))),
				"invalid_grant", "expired authorization code");
	}

	@Test
	void tokenRequestWithoutExpiryThenExpiredAuthorizationCode() throws Exception {
		assertTokenError(assertion((claims) -> claims.expirationTime(null)), "invalid_grant",
				"expired authorization code");
	}

	@Test
	void tokenRequestWhenIssuerUnknownThenClientIdentifierInvalid() throws Exception {
		assertTokenError(assertion((claims) -> claims.issuer("3MVG9unknown")), "invalid_client_id",
				"client identifier invalid");
	}

	@Test
	void tokenRequestWithOtherGrantTypeThenGrantTypeNotSupported() throws Exception {
		HttpResponse<String> response = post(TokenEndpoint.PATH, "grant_type=client_credentials");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response)).containsExactly(Map.entry("error", "unsupported_grant_type"),
				Map.entry("error_description", "grant type not supported"));
	}

	@Test
	void tokenRequestsAreCountedRefusedOnesIncluded() throws Exception {
		requestToken(assertion((claims) -> {
		}));
		requestToken("not-a-jwt");
		assertThat(this.org.getTokenRequestCount()).isEqualTo(2);
		assertThat(this.org.getApiRequestCount()).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void queryWithIssuedTokenThenAnswersAccounts() throws Exception {
		HttpResponse<String> response = get("/services/data/v62.0/query?q=" + encode("SELECT Id, Name FROM Account"),
				issueToken());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = json(response);
		assertThat(body).containsEntry("totalSize", 5).containsEntry("done", true);
		List<Map<String, Object>> records = (List<Map<String, Object>>) body.get("records");
		assertThat(records).hasSize(5);
		assertThat(records.get(0)).containsOnlyKeys("attributes", "Id", "Name")
			.containsEntry("Name", "Edge Communications");
		assertThat((String) records.get(0).get("Id")).matches("001[0-9A-Za-z]{15}");
		assertThat((Map<String, Object>) records.get(0).get("attributes")).containsEntry("type", "Account")
			.containsEntry("url", "/services/data/v62.0/sobjects/Account/" + records.get(0).get("Id"));
	}

	@Test
	void queryWithLimitThenAnswersThatManyAccounts() throws Exception {
		HttpResponse<String> response = get(
				"/services/data/v62.0/query?q=" + encode("SELECT Name FROM Account LIMIT 2"), issueToken());
		assertThat(json(response)).containsEntry("totalSize", 2);
	}

	@Test
	void queryOfAnotherObjectThenInvalidType() throws Exception {
		HttpResponse<String> response = get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Contact"),
				issueToken());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"errorCode\":\"INVALID_TYPE\"");
	}

	@Test
	@SuppressWarnings("unchecked")
	void accountByIdThenAnswersTheRecord() throws Exception {
		String token = issueToken();
		Map<String, Object> query = json(
				get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account LIMIT 1"), token));
		String id = (String) ((List<Map<String, Object>>) query.get("records")).get(0).get("Id");
		HttpResponse<String> response = get("/services/data/v62.0/sobjects/Account/" + id, token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).containsEntry("Id", id)
			.containsEntry("Name", "Edge Communications")
			.containsKeys("attributes", "Industry", "BillingCity");
	}

	@Test
	void accountWithUnknownIdThenNotFound() throws Exception {
		HttpResponse<String> response = get("/services/data/v62.0/sobjects/Account/001000000000000AAA", issueToken());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"errorCode\":\"NOT_FOUND\"");
	}

	@Test
	void apiRequestWithoutTokenThenInvalidSession() throws Exception {
		assertInvalidSession(get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), null));
		assertInvalidSession(get("/services/data/v62.0/sobjects/Account/001Dn00000AbC1xAAF", null));
	}

	@Test
	void apiRequestWithTokenNotIssuedByTheOrgThenInvalidSession() throws Exception {
		assertInvalidSession(get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), "00Dxx!AQnope"));
	}

	@Test
	void apiRequestAfterTokensRevokedThenInvalidSession() throws Exception {
		String token = issueToken();
		this.org.revokeAllTokens();
		assertInvalidSession(get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), token));
		assertInvalidSession(get("/services/data/v62.0/sobjects/Account/001Dn00000AbC1xAAF", token));
	}

	@Test
	void apiRequestAfterSessionTimeoutThenInvalidSession() throws Exception {
		MutableClock clock = new MutableClock(Instant.now());
		this.org.close();
		this.org = EmbeddedOrg.withCertificate(credentials.getCertificate())
			.preAuthorizedUsers(USER)
			.sessionTimeout(Duration.ofMinutes(15))
			.clock(clock)
			.start();
		String token = issueToken();
		clock.advance(Duration.ofMinutes(14));
		assertThat(get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), token).statusCode())
			.isEqualTo(200);
		clock.advance(Duration.ofMinutes(1));
		assertInvalidSession(get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), token));
	}

	@Test
	void apiRequestsAreCountedRefusedOnesIncluded() throws Exception {
		String token = issueToken();
		get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), token);
		get("/services/data/v62.0/query?q=" + encode("SELECT Id FROM Account"), null);
		assertThat(this.org.getApiRequestCount()).isEqualTo(2);
		assertThat(this.org.getInvalidSessionCount()).isEqualTo(1);
		assertThat(this.org.getTokenRequestCount()).isEqualTo(1);
	}

	private void assertInvalidSession(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body())
			.isEqualTo("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
	}

	private void assertTokenError(String assertion, String error, String description) throws Exception {
		HttpResponse<String> response = requestToken(assertion);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
		assertThat(json(response)).containsExactly(Map.entry("error", error),
				Map.entry("error_description", description));
	}

	private String issueToken() throws Exception {
		return (String) json(requestToken(assertion((claims) -> {
		}))).get("access_token");
	}

	private String assertion(Consumer<JWTClaimsSet.Builder> customizer) throws JOSEException {
		return assertion(credentials.getPrivateKey(), customizer);
	}

	private String assertion(PrivateKey privateKey, Consumer<JWTClaimsSet.Builder> customizer) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), assertionClaims(customizer));
		jwt.sign(new RSASSASigner(privateKey));
		return jwt.serialize();
	}

	private JWTClaimsSet assertionClaims(Consumer<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.org.getConsumerKey())
			.subject(USER)
			.audience("https://login.salesforce.com")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
			.jwtID(UUID.randomUUID().toString());
		customizer.accept(claims);
		return claims.build();
	}

	private HttpResponse<String> requestToken(String assertion) throws IOException, InterruptedException {
		return post(TokenEndpoint.PATH, "grant_type=" + encode(JWT_BEARER) + "&assertion=" + encode(assertion));
	}

	private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.org.getBaseUrl() + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		return this.httpClient.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.org.getBaseUrl() + pathAndQuery));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Map<String, Object> json(HttpResponse<String> response) {
		return this.jsonMapper.readValue(response.body(), new TypeReference<>() {
		});
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static final class MutableClock extends Clock {

		private Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
