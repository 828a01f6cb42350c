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
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link SignedAssertionOAuth2AuthorizedClientProvider}, against a real token
 * endpoint.
 *
 * @author JWT Bearer for Spring contributors
 */
class SignedAssertionOAuth2AuthorizedClientProviderTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private static final Instant START = Instant.parse("2026-03-01T10:15:30Z");

	private static final String AUDIENCE = "https://login.salesforce.com";

	private static final String SUBJECT = "integration@acme.com";

	private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private final TestClock clock = TestClock.at(START);

	private final Authentication principal = new TestingAuthenticationToken("app", null);

	private MockWebServer server;

	private String tokenUri;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
		this.tokenUri = this.server.url("/services/oauth2/token").toString();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void authorizeThenPostsJwtBearerGrantWithSignedAssertion() throws InterruptedException {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		provider.authorize(context(clientRegistration));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().encodedPath()).isEqualTo("/services/oauth2/token");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(request.getHeaders().get("Accept")).contains("application/json");
		assertThat(request.getHeaders().get("Authorization")).isNull();
		Map<String, String> form = TestTokenEndpoint.formParameters(request);
		assertThat(form).containsOnlyKeys("grant_type", "client_id", "assertion")
			.containsEntry("grant_type", JWT_BEARER)
			.containsEntry("client_id", TestRegistrations.CONSUMER_KEY);
		Map<String, Object> claims = TestJwts.verify(form.get("assertion"), RSA.getPublic()).claims();
		assertThat(claims).containsEntry("iss", TestRegistrations.CONSUMER_KEY)
			.containsEntry("sub", SUBJECT)
			.containsEntry("aud", AUDIENCE)
			.containsEntry("tenant", "acme")
			.containsKey("jti");
		assertThat(claims.get("aud")).isInstanceOf(String.class);
		assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(START.getEpochSecond());
		assertThat(((Number) claims.get("exp")).longValue()).isEqualTo(START.plusSeconds(180).getEpochSecond());
	}

	@Test
	void authorizeWhenClientSecretBasicThenSendsAuthorizationHeader() throws InterruptedException {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientSecret("s3cret")
			.build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		provider.authorize(context(clientRegistration));
		RecordedRequest request = this.server.takeRequest();
		String credentials = TestRegistrations.CONSUMER_KEY + ":s3cret";
		assertThat(request.getHeaders().get("Authorization"))
			.isEqualTo("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		assertThat(TestTokenEndpoint.formParameters(request)).containsOnlyKeys("grant_type", "assertion");
	}

	@Test
	void authorizeWhenClientSecretPostThenSendsSecretInBody() throws InterruptedException {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.clientSecret("s3cret")
			.build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		provider.authorize(context(clientRegistration));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getHeaders().get("Authorization")).isNull();
		assertThat(TestTokenEndpoint.formParameters(request)).containsEntry("grant_type", JWT_BEARER)
			.containsEntry("client_id", TestRegistrations.CONSUMER_KEY)
			.containsEntry("client_secret", "s3cret")
			.containsKey("assertion");
	}

	@Test
	void authorizeWhenClientRegistrationHasScopesThenSendsScopeParameter() throws InterruptedException {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri)
			.scope("api", "refresh_token")
			.build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 3600));
		provider.authorize(context(clientRegistration));
		assertThat(TestTokenEndpoint.formParameters(this.server.takeRequest())).containsEntry("scope",
				"api refresh_token");
	}

	@Test
	void authorizeWhenSalesforceResponseThenClientHoldsTokenAndExtraFields() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("00Dxx!token-1"));
		OAuth2AuthorizedClient client = provider.authorize(context(clientRegistration));
		assertThat(client).isInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(client.getClientRegistration()).isSameAs(clientRegistration);
		assertThat(client.getPrincipalName()).isEqualTo("app");
		assertThat(client.getRefreshToken()).isNull();
		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-1");
		assertThat(client.getAccessToken().getScopes()).containsExactlyInAnyOrder("web", "api");
		// no expires_in: the token lives token-lifetime, dated by the provider's clock
		assertThat(client.getAccessToken().getIssuedAt()).isEqualTo(START);
		assertThat(client.getAccessToken().getExpiresAt()).isEqualTo(START.plus(Duration.ofMinutes(15)));
		JwtBearerAuthorizedClient jwtBearerClient = (JwtBearerAuthorizedClient) client;
		assertThat(jwtBearerClient.getInstanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
		assertThat(jwtBearerClient.getAdditionalParameters())
			.containsEntry("instance_url", TestTokenEndpoint.INSTANCE_URL)
			.containsEntry("id", TestTokenEndpoint.IDENTITY_URL)
			.containsEntry("issued_at", TestTokenEndpoint.ISSUED_AT)
			.containsKey("signature");
		assertNoSecretsIn(client.toString(), "00Dxx!token-1");
	}

	@Test
	void authorizeWhenNoExpiresInThenOneTokenRequestUntilTokenLifetimePasses() throws InterruptedException {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-2"));
		OAuth2AuthorizedClient current = authorizeAsManagerDoes(provider, clientRegistration, null);
		for (int minute = 0; minute < 12; minute++) {
			this.clock.advance(Duration.ofMinutes(1));
			for (int call = 0; call < 10; call++) {
				current = authorizeAsManagerDoes(provider, clientRegistration, current);
			}
		}
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(current.getAccessToken().getTokenValue()).isEqualTo("token-1");
		this.clock.advance(Duration.ofMinutes(3));
		for (int call = 0; call < 10; call++) {
			current = authorizeAsManagerDoes(provider, clientRegistration, current);
		}
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(current.getAccessToken().getTokenValue()).isEqualTo("token-2");
		assertThat(current.getAccessToken().getExpiresAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
		// every token request carries its own assertion, dated by the clock
		Map<String, Object> first = claimsOf(this.server.takeRequest());
		Map<String, Object> second = claimsOf(this.server.takeRequest());
		assertThat(second.get("jti")).isNotEqualTo(first.get("jti"));
		assertThat(((Number) second.get("iat")).longValue())
			.isEqualTo(START.plus(Duration.ofMinutes(15)).getEpochSecond());
	}

	@Test
	void authorizeWhenNoClockSkewNorRenewalMarginThenRenewsExactlyAtExpiry() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(
				registration(clientRegistration).clockSkew(Duration.ZERO).refreshBeforeExpiry(Duration.ZERO).build());
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-2"));
		OAuth2AuthorizedClient current = authorizeAsManagerDoes(provider, clientRegistration, null);
		this.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
		current = authorizeAsManagerDoes(provider, clientRegistration, current);
		assertThat(this.server.getRequestCount()).isOne();
		this.clock.advance(Duration.ofSeconds(1));
		current = authorizeAsManagerDoes(provider, clientRegistration, current);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(current.getAccessToken().getTokenValue()).isEqualTo("token-2");
	}

	@Test
	void authorizeWhenExpiresInThenItWinsOverTokenLifetime() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-1", 3600));
		this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-2", 3600));
		OAuth2AuthorizedClient current = authorizeAsManagerDoes(provider, clientRegistration, null);
		assertThat(current.getAccessToken().getExpiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		// past token-lifetime (15 minutes), well before expires_in
		this.clock.advance(Duration.ofMinutes(30));
		current = authorizeAsManagerDoes(provider, clientRegistration, current);
		assertThat(this.server.getRequestCount()).isOne();
		this.clock.advance(Duration.ofMinutes(30));
		current = authorizeAsManagerDoes(provider, clientRegistration, current);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(current.getAccessToken().getTokenValue()).isEqualTo("token-2");
	}

	@Test
	void authorizeWhenInvalidGrantThenClientAuthorizationExceptionKeepsErrorAndDescription()
			throws InterruptedException {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.invalidGrantResponse());
		ClientAuthorizationException ex = catchClientAuthorizationException(
				() -> provider.authorize(context(clientRegistration)));
		assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant");
		assertThat(ex.getError().getDescription()).isEqualTo("user hasn't approved this consumer");
		assertThat(ex.getClientRegistrationId()).isEqualTo("salesforce");
		assertThat(ex.getMessage()).contains("salesforce").contains("user hasn't approved this consumer");
		String assertion = TestTokenEndpoint.formParameters(this.server.takeRequest()).get("assertion");
		assertNoSecretsIn(ex, assertion, TestKeys.pkcs8Pem(RSA.getPrivate()));
	}

	@Test
	void authorizeWhenTokenTypeNotBearerThenClientAuthorizationException() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(clientRegistration).build());
		this.server.enqueue(TestTokenEndpoint.json(200, """
				{"access_token":"token-1","token_type":"mac"}"""));
		ClientAuthorizationException ex = catchClientAuthorizationException(
				() -> provider.authorize(context(clientRegistration)));
		assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token_response");
		assertNoSecretsIn(ex, "token-1");
	}

	@Test
	void authorizeWhenNotJwtBearerRegistrationThenNull() {
		ClientRegistration jwtBearer = TestRegistrations.salesforce(this.tokenUri).build();
		ClientRegistration clientCredentials = TestRegistrations.clientCredentials("salesforce", this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(jwtBearer).build());
		assertThat(provider.authorize(context(clientCredentials))).isNull();
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void authorizeWhenRegistrationUnknownThenNull() {
		ClientRegistration known = TestRegistrations.salesforce(this.tokenUri).build();
		ClientRegistration unknown = TestRegistrations.jwtBearer("keycloak", this.tokenUri).build();
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider(registration(known).build());
		assertThat(provider.authorize(context(unknown))).isNull();
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void authorizeThroughManagerThenExtraFieldsAreReadableAndTokenIsCached() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(clientRegistration);
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(this.principal)
			.build();
		OAuth2AuthorizedClient client = manager.authorize(request);
		assertThat(client).isInstanceOfSatisfying(JwtBearerAuthorizedClient.class, (jwtBearerClient) -> {
			assertThat(jwtBearerClient.getInstanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
			assertThat(jwtBearerClient.getAdditionalParameters()).containsEntry("id", TestTokenEndpoint.IDENTITY_URL)
				.containsEntry("issued_at", TestTokenEndpoint.ISSUED_AT);
		});
		this.clock.advance(Duration.ofMinutes(5));
		OAuth2AuthorizedClient cached = manager.authorize(request);
		assertThat(cached.getAccessToken().getTokenValue()).isEqualTo("token-1");
		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void authorizeThroughManagerWhenTokenCachedAndServiceKeepsInstancesThenExtraFieldsAreStillReadable() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				new InMemoryClientRegistrationRepository(clientRegistration),
				new InstanceKeepingAuthorizedClientService());
		manager.setAuthorizedClientProvider(provider(registration(clientRegistration).build()));
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(this.principal)
			.build();
		manager.authorize(request);
		this.clock.advance(Duration.ofMinutes(5));
		OAuth2AuthorizedClient cached = manager.authorize(request);
		assertThat(cached).isInstanceOfSatisfying(JwtBearerAuthorizedClient.class,
				(jwtBearerClient) -> assertThat(jwtBearerClient.getInstanceUrl())
					.isEqualTo(TestTokenEndpoint.INSTANCE_URL));
		assertThat(this.server.getRequestCount()).isOne();
	}

	// A fact of Spring Security 7.0 that the starter must design around:
	// InMemoryOAuth2AuthorizedClientService.loadAuthorizedClient() copies the stored
	// client into a plain OAuth2AuthorizedClient, so the extra fields reach the caller
	// only on the call that fetched the token
	@Test
	void authorizeThroughManagerWhenTokenCachedThenSpringsInMemoryServiceDropsExtraFields() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(clientRegistration);
		this.server.enqueue(TestTokenEndpoint.salesforceResponse("token-1"));
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(this.principal)
			.build();
		assertThat(manager.authorize(request)).isInstanceOf(JwtBearerAuthorizedClient.class);
		OAuth2AuthorizedClient cached = manager.authorize(request);
		assertThat(cached.getAccessToken().getTokenValue()).isEqualTo("token-1");
		assertThat(cached).isNotInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(this.server.getRequestCount()).isOne();
	}

	@Test
	void authorizeThroughManagerWhenInvalidGrantThenClientAuthorizationException() {
		ClientRegistration clientRegistration = TestRegistrations.salesforce(this.tokenUri).build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(clientRegistration);
		this.server.enqueue(TestTokenEndpoint.invalidGrantResponse());
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(this.principal)
			.build();
		ClientAuthorizationException ex = catchClientAuthorizationException(() -> manager.authorize(request));
		assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant");
		assertThat(ex.getError().getDescription()).isEqualTo("user hasn't approved this consumer");
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager manager(ClientRegistration clientRegistration) {
		InMemoryClientRegistrationRepository clientRegistrations = new InMemoryClientRegistrationRepository(
				clientRegistration);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				clientRegistrations, new InMemoryOAuth2AuthorizedClientService(clientRegistrations));
		manager.setAuthorizedClientProvider(provider(registration(clientRegistration).build()));
		return manager;
	}

	// as a manager does: the client it holds goes into the context, and a null answer
	// means that client is still good
	private OAuth2AuthorizedClient authorizeAsManagerDoes(SignedAssertionOAuth2AuthorizedClientProvider provider,
			ClientRegistration clientRegistration, OAuth2AuthorizedClient current) {
		OAuth2AuthorizationContext context = (current != null)
				? OAuth2AuthorizationContext.withAuthorizedClient(current).principal(this.principal).build()
				: context(clientRegistration);
		OAuth2AuthorizedClient authorized = provider.authorize(context);
		return (authorized != null) ? authorized : current;
	}

	private OAuth2AuthorizationContext context(ClientRegistration clientRegistration) {
		return OAuth2AuthorizationContext.withClientRegistration(clientRegistration).principal(this.principal).build();
	}

	private SignedAssertionOAuth2AuthorizedClientProvider provider(JwtBearerRegistration... registrations) {
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registrations));
		provider.setClock(this.clock);
		return provider;
	}

	private JwtBearerRegistration.Builder registration(ClientRegistration clientRegistration) {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey(clientRegistration.getRegistrationId(), JwtSigningKey.of(RSA.getPrivate(), null))
			.issuer(clientRegistration.getClientId())
			.audience(AUDIENCE)
			.claims(Map.of("tenant", "acme"))
			.clock(this.clock)
			.build();
		return JwtBearerRegistration.withClientRegistration(clientRegistration, minter).subject(SUBJECT);
	}

	private static Map<String, Object> claimsOf(RecordedRequest request) {
		return TestJwts.verify(TestTokenEndpoint.formParameters(request).get("assertion"), RSA.getPublic()).claims();
	}

	private static ClientAuthorizationException catchClientAuthorizationException(Runnable authorize) {
		return catchThrowableOfType(ClientAuthorizationException.class, authorize::run);
	}

	/**
	 * An {@link OAuth2AuthorizedClientService} that returns the very instance it was
	 * given, as the starter's own service is meant to.
	 */
	static final class InstanceKeepingAuthorizedClientService implements OAuth2AuthorizedClientService {

		private final Map<List<String>, OAuth2AuthorizedClient> clients = new ConcurrentHashMap<>();

		@Override
		@SuppressWarnings("unchecked")
		public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
				String principalName) {
			return (T) this.clients.get(List.of(clientRegistrationId, principalName));
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
			this.clients.put(List.of(authorizedClient.getClientRegistration().getRegistrationId(), principal.getName()),
					authorizedClient);
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
			this.clients.remove(List.of(clientRegistrationId, principalName));
		}

	}

}
