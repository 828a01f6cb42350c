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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestJwts.DecodedJwt;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code private_key_jwt} client authentication method (RFC 7523 section
 * 2.2) of the servlet and reactive providers, against a real token endpoint that verifies
 * the client assertion.
 *
 * @author JWT Bearer for Spring contributors
 */
class PrivateKeyJwtClientAuthenticationTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private static final KeyPair EC = TestKeys.ec("P-256");

	private static final X509Certificate RSA_CERTIFICATE = TestKeys.selfSignedCertificate(RSA, "client");

	private static final String CLIENT_ID = "orders-service";

	private static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static final TokenRequestRetry FAST_RETRY = new TokenRequestRetry(2, Duration.ofMillis(1), 1.0,
			Duration.ofMillis(1), Duration.ZERO, Duration.ZERO);

	private final Authentication principal = new TestingAuthenticationToken("app", null);

	private MockWebServer server;

	private String tokenUri;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
		this.tokenUri = this.server.url("/realms/acme/protocol/openid-connect/token").toString();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void authorizeWhenPrivateKeyJwtThenSendsClientAssertionSignedWithRegistrationKey() throws InterruptedException {
		JwtBearerRegistration registration = registration(JwtSigningKey.of(RSA.getPrivate(), RSA_CERTIFICATE, "key-1"),
				SignatureAlgorithm.RS256);
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 300));
		Instant before = Instant.now().minusSeconds(1);
		servletProvider(registration).authorize(context(registration));
		Map<String, String> form = TestTokenEndpoint.formParameters(this.server.takeRequest());
		assertThat(form)
			.containsOnlyKeys("grant_type", "client_id", "assertion", "client_assertion_type", "client_assertion")
			.containsEntry("client_assertion_type", CLIENT_ASSERTION_TYPE)
			.containsEntry("client_id", CLIENT_ID);
		DecodedJwt clientAssertion = TestJwts.verify(form.get("client_assertion"), RSA.getPublic());
		assertThat(clientAssertion.header()).containsEntry("alg", "RS256")
			.containsEntry("kid", "key-1")
			.containsEntry("x5t#S256", TestJwts.sha256Thumbprint(RSA_CERTIFICATE));
		assertClientAssertionClaims(clientAssertion.claims(), before);
		// the grant's own assertion is signed with the same key, for the configured
		// subject
		assertThat(TestJwts.verify(form.get("assertion"), RSA.getPublic()).claims()).containsEntry("sub",
				"integration@acme.com");
	}

	@Test
	void authorizeWhenPrivateKeyJwtReactiveThenSendsClientAssertionSignedWithRegistrationKey()
			throws InterruptedException {
		JwtBearerRegistration registration = registration(JwtSigningKey.of(RSA.getPrivate(), "key-1"),
				SignatureAlgorithm.PS256);
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 300));
		Instant before = Instant.now().minusSeconds(1);
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration));
		provider.authorize(context(registration)).block();
		Map<String, String> form = TestTokenEndpoint.formParameters(this.server.takeRequest());
		assertThat(form).containsEntry("client_assertion_type", CLIENT_ASSERTION_TYPE).containsKey("assertion");
		DecodedJwt clientAssertion = TestJwts.verify(form.get("client_assertion"), RSA.getPublic());
		assertThat(clientAssertion.header()).containsEntry("alg", "PS256").containsEntry("kid", "key-1");
		assertClientAssertionClaims(clientAssertion.claims(), before);
	}

	@Test
	void authorizeWhenEcKeyWithoutCertificateThenSignsClientAssertionAllTheSame() throws InterruptedException {
		JwtBearerRegistration registration = registration(JwtSigningKey.of(EC.getPrivate(), null),
				SignatureAlgorithm.ES256);
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 300));
		Instant before = Instant.now().minusSeconds(1);
		servletProvider(registration).authorize(context(registration));
		Map<String, String> form = TestTokenEndpoint.formParameters(this.server.takeRequest());
		DecodedJwt clientAssertion = TestJwts.verify(form.get("client_assertion"), EC.getPublic());
		assertThat(clientAssertion.header()).containsEntry("alg", "ES256");
		assertClientAssertionClaims(clientAssertion.claims(), before);
	}

	@Test
	void authorizeWhenSignerKeepsItsKeyThenSignsClientAssertionThroughSigner() throws InterruptedException {
		JwtSigner signer = new JwtSigner() {

			@Override
			public Set<SignatureAlgorithm> getAlgorithms() {
				return Set.of(SignatureAlgorithm.RS256);
			}

			@Override
			public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
				try {
					Signature signature = Signature.getInstance("SHA256withRSA");
					signature.initSign(RSA.getPrivate());
					signature.update(signingInput);
					return signature.sign();
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException(ex);
				}
			}

			@Override
			public String getKeyId() {
				return "kms-key";
			}

		};
		JwtBearerRegistration registration = registration(signer, SignatureAlgorithm.RS256);
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 300));
		Instant before = Instant.now().minusSeconds(1);
		servletProvider(registration).authorize(context(registration));
		Map<String, String> form = TestTokenEndpoint.formParameters(this.server.takeRequest());
		DecodedJwt clientAssertion = TestJwts.verify(form.get("client_assertion"), RSA.getPublic());
		assertThat(clientAssertion.header()).containsEntry("alg", "RS256").containsEntry("kid", "kms-key");
		assertClientAssertionClaims(clientAssertion.claims(), before);
	}

	@Test
	void authorizeWhenRetriedThenEachAttemptHasClientAssertionOfItsOwn() throws InterruptedException {
		JwtBearerRegistration registration = registration(JwtSigningKey.of(RSA.getPrivate(), null),
				SignatureAlgorithm.RS256);
		this.server.enqueue(new MockResponse.Builder().code(503).build());
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 300));
		SignedAssertionOAuth2AuthorizedClientProvider provider = servletProvider(registration);
		provider.setRetry(FAST_RETRY);
		assertThat(provider.authorize(context(registration)).getAccessToken().getTokenValue()).isEqualTo("token-1");
		Object first = jti(TestTokenEndpoint.formParameters(this.server.takeRequest()));
		Object second = jti(TestTokenEndpoint.formParameters(this.server.takeRequest()));
		assertThat(first).isNotNull().isNotEqualTo(second);
	}

	@Test
	void authorizeWhenPrivateKeyJwtThenLogsNoClientAssertion() {
		JwtBearerRegistration registration = registration(JwtSigningKey.of(RSA.getPrivate(), null),
				SignatureAlgorithm.RS256);
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 300));
		try (TestLogs logs = TestLogs.capture("org.springframework.web.client", Level.DEBUG)) {
			servletProvider(registration).authorize(context(registration));
			String clientAssertion = TestTokenEndpoint.formParameters(takeRequest()).get("client_assertion");
			// the form is logged, its client assertion masked
			assertThat(logs.toString()).contains("client_assertion").doesNotContain(clientAssertion.substring(8));
		}
	}

	private void assertClientAssertionClaims(Map<String, Object> claims, Instant before) {
		// RFC 7523 section 3: iss and sub are the client id, aud the token endpoint
		assertThat(claims).containsEntry("iss", CLIENT_ID).containsEntry("sub", CLIENT_ID).containsKey("jti");
		Object audience = claims.get("aud");
		assertThat((audience instanceof List<?> list) ? list : List.of(audience)).containsExactly(this.tokenUri);
		long issuedAt = ((Number) claims.get("iat")).longValue();
		assertThat(issuedAt).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond() + 1);
		assertThat(((Number) claims.get("exp")).longValue()).isGreaterThan(issuedAt);
	}

	private static Object jti(Map<String, String> form) {
		return TestJwts.verify(form.get("client_assertion"), RSA.getPublic()).claims().get("jti");
	}

	private RecordedRequest takeRequest() {
		try {
			return this.server.takeRequest();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private SignedAssertionOAuth2AuthorizedClientProvider servletProvider(JwtBearerRegistration registration) {
		return new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration));
	}

	private OAuth2AuthorizationContext context(JwtBearerRegistration registration) {
		return OAuth2AuthorizationContext.withClientRegistration(registration.getClientRegistration())
			.principal(this.principal)
			.build();
	}

	private JwtBearerRegistration registration(JwtSigner signer, SignatureAlgorithm algorithm) {
		ClientRegistration clientRegistration = TestRegistrations.jwtBearer("keycloak", this.tokenUri)
			.clientId(CLIENT_ID)
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.build();
		JwtAssertionMinter minter = JwtAssertionMinter.withSigner("keycloak", signer)
			.algorithm(algorithm)
			.issuer(CLIENT_ID)
			.audience(this.tokenUri)
			.build();
		return JwtBearerRegistration.withClientRegistration(clientRegistration, minter)
			.subject("integration@acme.com")
			.build();
	}

}
