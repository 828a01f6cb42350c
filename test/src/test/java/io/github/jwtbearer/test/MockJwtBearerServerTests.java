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

package io.github.jwtbearer.test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtbearer.test.TestClients.MutableClock;
import io.github.jwtbearer.test.TestClients.Response;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MockJwtBearerServer}: each bad assertion refused in the provider's
 * words, the success shapes, the API and the faults.
 *
 * @author JWT Bearer for Spring contributors
 */
class MockJwtBearerServerTests {

	private static final String CLIENT_ID = "3MVG9kit";

	private static final String USER = "integration@acme.com";

	private static final String LOGIN = "https://login.salesforce.com";

	private static final KeyPair KEY = TestClients.rsa();

	private final MutableClock clock = new MutableClock();

	private MockJwtBearerServer server = salesforce();

	@AfterEach
	void close() {
		this.server.close();
	}

	private MockJwtBearerServer salesforce() {
		MockJwtBearerServer server = MockJwtBearerServer.salesforce().start();
		server.trust(CLIENT_ID, KEY.getPublic());
		server.addSubject(USER);
		server.setClock(this.clock);
		return server;
	}

	private JWTClaimsSet.Builder valid() {
		Instant now = this.clock.instant();
		return TestClients.claims(CLIENT_ID, USER, LOGIN)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(180)));
	}

	@Test
	void salesforceWhenAssertionValidThenTokenWithInstanceUrlAndNoExpiresIn() {
		Response response = TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build()));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("instance_url", this.server.getBaseUrl())
			.containsEntry("token_type", "Bearer")
			.containsKeys("access_token", "id", "issued_at")
			.doesNotContainKeys("expires_in", "refresh_token");
		MockJwtBearerServerAssert.assertThat(this.server).tokenRequests().hasSize(1);
		MockJwtBearerServerAssert.assertThat(this.server).lastAssertionClaims().containsEntry("aud", LOGIN);
		MockJwtBearerServerAssert.assertThat(this.server).lastAssertionHeader().containsEntry("alg", "RS256");
		MockJwtBearerServerAssert.assertThat(this.server).hasRefusedNoTokenRequest().hasNoReplayedJti();
	}

	@Test
	void salesforceWhenSignedWithAnotherKeyThenInvalidAssertion() {
		assertRefused(TestClients.sign(TestClients.rsa(), valid().build()), "invalid_grant", "invalid assertion");
	}

	@Test
	void salesforceWhenIssuerUnknownThenInvalidClientId() {
		assertRefused(TestClients.sign(KEY, valid().issuer("3MVG9other").build()), "invalid_client_id",
				"client identifier invalid");
	}

	@Test
	void salesforceWhenSubjectUnknownThenUserHasNotApproved() {
		assertRefused(TestClients.sign(KEY, valid().subject("stranger@acme.com").build()), "invalid_grant",
				"user hasn't approved this consumer");
	}

	@Test
	void salesforceWhenAudienceWrongThenAudienceInvalid() {
		assertRefused(TestClients.sign(KEY, valid().audience("https://acme.my.salesforce.com").build()),
				"invalid_grant", "audience is invalid");
	}

	@Test
	void salesforceWhenAudienceIsAnArrayThenAudienceInvalid() {
		assertRefused(TestClients.sign(KEY, valid().audience(List.of(LOGIN, "https://test.salesforce.com")).build()),
				"invalid_grant", "audience is invalid");
	}

	@Test
	void salesforceWhenExpiredThenExpiredAuthorizationCode() {
		Instant now = this.clock.instant();
		assertRefused(TestClients.sign(KEY, valid().expirationTime(Date.from(now.minusSeconds(1))).build()),
				"invalid_grant", "expired authorization code");
	}

	@Test
	void salesforceWhenExpiryMoreThanThreeMinutesAheadThenExpiredAuthorizationCode() {
		Instant now = this.clock.instant();
		assertRefused(TestClients.sign(KEY, valid().expirationTime(Date.from(now.plusSeconds(181))).build()),
				"invalid_grant", "expired authorization code");
	}

	@Test
	void salesforceWhenNoExpiryThenExpiredAuthorizationCode() {
		assertRefused(TestClients.sign(KEY, valid().expirationTime(null).build()), "invalid_grant",
				"expired authorization code");
	}

	@Test
	void salesforceWhenJtiReplayedThenInvalidAssertionAndReplayRecorded() {
		JWTClaimsSet claims = valid().jwtID("jti-1").build();
		assertThat(TestClients.requestToken(this.server, TestClients.sign(KEY, claims)).status()).isEqualTo(200);
		assertRefused(TestClients.sign(KEY, claims), "invalid_grant", "invalid assertion");
		assertThat(this.server.getReplayedJtis()).containsExactly("jti-1");
	}

	@Test
	void salesforceWhenAlgNoneThenInvalidAssertion() {
		String unsigned = new PlainJWT(new PlainHeader(), valid().build()).serialize();
		assertRefused(unsigned, "invalid_grant", "invalid assertion");
		MockJwtBearerServerAssert.assertThat(this.server).lastAssertionHeader().containsEntry("alg", "none");
	}

	@Test
	void salesforceWhenHmacThenInvalidAssertion() throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid().build());
		jwt.sign(new MACSigner(new byte[32]));
		assertRefused(jwt.serialize(), "invalid_grant", "invalid assertion");
	}

	@Test
	void salesforceWhenPs256ThenInvalidAssertion() {
		assertRefused(TestClients.sign(KEY, JWSAlgorithm.PS256, valid().build()), "invalid_grant", "invalid assertion");
	}

	@Test
	void salesforceWhenGrantTypeWrongThenUnsupportedGrantType() {
		Response response = TestClients.requestToken(this.server, "grant_type=client_credentials", (builder) -> {
		});
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "unsupported_grant_type")
			.containsEntry("error_description", "grant type not supported");
	}

	@Test
	void salesforceApiWhenTokenIssuedThenDispatcherAnswers() {
		this.server
			.setApiDispatcher((request) -> new MockResponse.Builder().code(200).body("{\"Name\":\"Acme\"}").build());
		String token = accessToken();
		Response response = TestClients.callApi(this.server, "/services/data/v62.0/sobjects/Account/001", token);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("Acme");
		MockJwtBearerServerAssert.assertThat(this.server).apiCalls().singleElement().satisfies((call) -> {
			assertThat(call.isAuthorized()).isTrue();
			assertThat(call.getPath()).isEqualTo("/services/data/v62.0/sobjects/Account/001");
		});
	}

	@Test
	void salesforceApiWhenTokenUnknownThenInvalidSessionId() {
		Response response = TestClients.callApi(this.server, "/services/data/v62.0/limits", "00Dxx!unknown");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body())
			.isEqualTo("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
		MockJwtBearerServerAssert.assertThat(this.server).unauthorizedApiCalls().hasSize(1);
	}

	@Test
	void salesforceApiWhenSessionTimedOutThenInvalidSessionId() {
		String token = accessToken();
		this.clock.advance(Duration.ofHours(2));
		assertThat(TestClients.callApi(this.server, "/services/data/v62.0/limits", token).status()).isEqualTo(401);
	}

	@Test
	void salesforceApiWhenSessionsExpiredThenInvalidSessionId() {
		String token = accessToken();
		this.server.expireAllSessions();
		assertThat(TestClients.callApi(this.server, "/services/data/v62.0/limits", token).body())
			.contains("INVALID_SESSION_ID");
		assertThat(this.server.isValid(token)).isFalse();
	}

	@Test
	void salesforceApiWhenOneTokenRevokedThenOnlyThatOneRefused() {
		this.server.setApiDispatcher((request) -> new MockResponse.Builder().code(200).body("{}").build());
		String revoked = accessToken();
		String kept = accessToken();
		this.server.revoke(revoked);
		assertThat(TestClients.callApi(this.server, "/services/data/v62.0/limits", revoked).status()).isEqualTo(401);
		assertThat(TestClients.callApi(this.server, "/services/data/v62.0/limits", kept).status()).isEqualTo(200);
	}

	@Test
	void salesforceRevocationEndpointEndsTheSessionAndRecordsTheToken() {
		this.server.setApiDispatcher((request) -> new MockResponse.Builder().code(200).body("{}").build());
		String revoked = accessToken();
		assertThat(this.server.getRevocationUri()).isEqualTo(this.server.getBaseUrl() + "/services/oauth2/revoke");
		assertThat(TestClients.revoke(this.server, revoked).status()).isEqualTo(200);
		assertThat(TestClients.callApi(this.server, "/services/data/v62.0/limits", revoked).status()).isEqualTo(401);
		// Salesforce refuses a token it does not know
		assertThat(TestClients.revoke(this.server, revoked).status()).isEqualTo(400);
		assertThat(this.server.getRevokedTokens()).containsExactly(revoked, revoked);
	}

	@Test
	void faultWhenStatusForNextRequestsThenStatusWithRetryAfterThenToken() {
		this.server.failNextTokenRequests(2, 503, Duration.ofSeconds(3));
		Response first = TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build()));
		assertThat(first.status()).isEqualTo(503);
		assertThat(first.headers().get("retry-after")).containsExactly("3");
		assertThat(TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build())).status())
			.isEqualTo(503);
		assertThat(TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build())).status())
			.isEqualTo(200);
		assertThat(this.server.getTokenRequests()).extracting(TokenRequest::getStatus).containsExactly(503, 503, 200);
	}

	@Test
	void faultWhenMalformedThenBodyIsNotJson() {
		this.server.malformNextTokenResponses(1);
		Response response = TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build()));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"access_token\":");
	}

	@Test
	void faultWhenDelayedThenTokenStillIssued() {
		this.server.delayNextTokenResponses(1, Duration.ofMillis(50));
		assertThat(TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build())).status())
			.isEqualTo(200);
		MockJwtBearerServerAssert.assertThat(this.server).issuedTokens().hasSize(1);
	}

	@Test
	void trustFailureIsAnsweredWithItsCause() {
		this.server.setBeforeTokenRequest(() -> {
			throw new IllegalStateException("set the registration's certificate");
		});
		Response response = TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build()));
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.body())
			.isEqualTo("MockJwtBearerServer could not trust the registrations: set the registration's certificate");
	}

	@Test
	void resetForgetsRequestsAndFaultsButKeepsSessions() {
		String token = accessToken();
		this.server.failNextTokenRequests(1, 503);
		this.server.reset();
		assertThat(this.server.getTokenRequests()).isEmpty();
		assertThat(TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build())).status())
			.isEqualTo(200);
		assertThat(this.server.isValid(token)).isTrue();
	}

	@Test
	void clientSecretsAreRecordedButNeverInToString() {
		String basic = Base64.getEncoder().encodeToString("3MVG9kit:s3cret".getBytes(StandardCharsets.UTF_8));
		TestClients.requestToken(this.server,
				"grant_type=" + TestClients.encode(TestClients.JWT_BEARER) + "&assertion="
						+ TestClients.sign(KEY, valid().build()),
				(builder) -> builder.header("Authorization", "Basic " + basic));
		assertThat(this.server.getClientSecrets()).containsExactly("s3cret");
		TokenRequest request = this.server.getLastTokenRequest();
		assertThat(request).isNotNull();
		assertThat(request.toString()).doesNotContain("s3cret")
			.doesNotContain(request.getParameters().get("assertion"))
			.contains("integration@acme.com");
	}

	@Test
	void genericWhenEs256AssertionValidThenTokenWithExpiresIn() {
		KeyPair ec = TestClients.ec();
		try (MockJwtBearerServer generic = MockJwtBearerServer.generic().start()) {
			generic.trust("my-client", ec.getPublic());
			generic.addSubject("svc");
			Response response = TestClients.requestToken(generic, TestClients.sign(ec, JWSAlgorithm.ES256,
					TestClients.claims("my-client", "svc", generic.getTokenUri()).build()));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json()).containsEntry("token_type", "Bearer")
				.containsEntry("expires_in", 300L)
				.doesNotContainKey("instance_url");
		}
	}

	@Test
	void genericWhenPs512AssertionValidThenToken() {
		try (MockJwtBearerServer generic = MockJwtBearerServer.generic().start()) {
			generic.trust("my-client", KEY.getPublic());
			generic.addSubject("svc");
			Response response = TestClients.requestToken(generic, TestClients.sign(KEY, JWSAlgorithm.PS512,
					TestClients.claims("my-client", "svc", generic.getTokenUri()).build()));
			assertThat(response.status()).isEqualTo(200);
		}
	}

	@Test
	void genericWhenRefusedThenRfc6749Errors() {
		try (MockJwtBearerServer generic = MockJwtBearerServer.generic().start()) {
			generic.trust("my-client", KEY.getPublic());
			generic.addSubject("svc");
			assertThat(TestClients
				.requestToken(generic,
						TestClients.sign(TestClients.rsa(),
								TestClients.claims("my-client", "svc", generic.getTokenUri()).build()))
				.json()).containsEntry("error", "invalid_grant")
				.containsEntry("error_description", "signature invalid");
			assertThat(TestClients
				.requestToken(generic, TestClients.sign(KEY, TestClients.claims("my-client", "svc", LOGIN).build()))
				.json()).containsEntry("error_description", "audience invalid");
			assertThat(
					TestClients
						.requestToken(generic,
								TestClients.sign(KEY,
										TestClients.claims("my-client", "root", generic.getTokenUri()).build()))
						.json())
				.containsEntry("error_description", "unknown subject");
		}
	}

	@Test
	void googleWhenAssertionValidWithoutSubjectThenTokenWithExpiresIn() {
		try (MockJwtBearerServer google = MockJwtBearerServer.google().start()) {
			google.trust("svc@project.iam.gserviceaccount.com", KEY.getPublic());
			JWTClaimsSet claims = TestClients
				.claims("svc@project.iam.gserviceaccount.com", "ignored", "https://oauth2.googleapis.com/token")
				.subject(null)
				.claim("scope", "https://www.googleapis.com/auth/cloud-platform")
				.build();
			Response response = TestClients.requestToken(google, TestClients.sign(KEY, claims));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json()).containsEntry("expires_in", 3599L);
			assertThat((String) response.json().get("access_token")).startsWith("ya29.");
		}
	}

	@Test
	void googleWhenExpiryTooFarThenGooglesMessage() {
		try (MockJwtBearerServer google = MockJwtBearerServer.google().start()) {
			google.trust("svc@project.iam.gserviceaccount.com", KEY.getPublic());
			JWTClaimsSet claims = TestClients.claims("svc@project.iam.gserviceaccount.com", "x", google.getTokenUri())
				.subject(null)
				.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(61))))
				.build();
			Map<String, Object> error = TestClients.requestToken(google, TestClients.sign(KEY, claims)).json();
			assertThat(error).containsEntry("error", "invalid_grant");
			assertThat((String) error.get("error_description")).startsWith("Invalid JWT: Token must be a short-lived");
		}
	}

	@Test
	void clientAssertionWhenSignedByTrustedClientThenToken() {
		Response response = requestTokenWithClientAssertion(KEY, CLIENT_ID, this.server.getTokenUri());
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void clientAssertionWhenSignedWithAnotherKeyThenInvalidClient() {
		Response response = requestTokenWithClientAssertion(TestClients.rsa(), CLIENT_ID, this.server.getTokenUri());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_client")
			.containsEntry("error_description", "client_assertion: signature invalid");
	}

	@Test
	void clientAssertionWhenAudienceIsNotTokenEndpointThenInvalidClient() {
		Response response = requestTokenWithClientAssertion(KEY, CLIENT_ID, LOGIN);
		assertThat(response.json()).containsEntry("error", "invalid_client")
			.containsEntry("error_description", "client_assertion: aud must be the token endpoint");
	}

	private Response requestTokenWithClientAssertion(KeyPair clientKey, String clientId, String audience) {
		String clientAssertion = TestClients.sign(clientKey,
				TestClients.claims(clientId, clientId, audience)
					.issueTime(Date.from(this.clock.instant()))
					.expirationTime(Date.from(this.clock.instant().plusSeconds(60)))
					.build());
		String form = "grant_type=" + TestClients.encode(TestClients.JWT_BEARER) + "&assertion="
				+ TestClients.encode(TestClients.sign(KEY, valid().build())) + "&client_assertion_type="
				+ TestClients.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion="
				+ TestClients.encode(clientAssertion);
		return TestClients.requestToken(this.server, form, (builder) -> {
		});
	}

	private String accessToken() {
		Response response = TestClients.requestToken(this.server, TestClients.sign(KEY, valid().build()));
		assertThat(response.status()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	private void assertRefused(String assertion, String error, String description) {
		Response response = TestClients.requestToken(this.server, assertion);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", error).containsEntry("error_description", description);
		TokenRequest request = this.server.getLastTokenRequest();
		assertThat(request).isNotNull();
		assertThat(request.getError()).isEqualTo(error);
		assertThat(request.getStatus()).isEqualTo(400);
	}

}
