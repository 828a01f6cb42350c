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
import java.security.KeyPair;
import java.util.List;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for the check of a token response's {@code instance_url} before the token is
 * stored: the servlet and reactive providers refuse a token whose {@code instance_url}
 * the token must not be sent to.
 *
 * @author JWT Bearer for Spring contributors
 */
class InstanceUrlCheckTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private static final String TOKEN = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog";

	private static final List<String> SALESFORCE_DOMAINS = List.of("salesforce.com", "force.com");

	private MockWebServer server;

	private ClientRegistration clientRegistration;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
		this.clientRegistration = TestRegistrations.salesforce(this.server.url("/services/oauth2/token").toString())
			.build();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void authorizeWhenInstanceUrlIsHttpOnAnotherHostThenRefusesToken() {
		ClientAuthorizationException ex = refused(registration(), "http://api.example.com");
		assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token_response");
		assertThat(ex.getClientRegistrationId()).isEqualTo("salesforce");
		assertThat(ex).hasMessageContaining("Token request of registration 'salesforce' failed")
			.hasMessageContaining("instance_url")
			.hasMessageContaining("uses http on host 'api.example.com'")
			.hasMessageContaining("must use https")
			.hasMessageNotContaining(TOKEN);
	}

	@Test
	void authorizeReactiveWhenInstanceUrlIsHttpOnAnotherHostThenRefusesToken() {
		this.server.enqueue(response("http://api.example.com"));
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration().build()));
		ClientAuthorizationException ex = catchThrowableOfType(ClientAuthorizationException.class,
				() -> provider.authorize(context()).block());
		assertThat(ex).isNotNull().hasMessageContaining("uses http on host 'api.example.com'");
		assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token_response");
	}

	@Test
	void authorizeWhenInstanceUrlCarriesUserInformationThenRefusesTokenWithoutEchoingIt() {
		ClientAuthorizationException ex = refused(registration(), "https://admin:hunter2@acme.my.salesforce.com");
		assertThat(ex).hasMessageContaining("carries user information").hasMessageNotContaining("hunter2");
		assertThat(ex.getError().getDescription()).doesNotContain("hunter2");
	}

	@Test
	void authorizeWhenInstanceUrlIsNotAbsoluteThenRefusesToken() {
		assertThat(refused(registration(), "/services/data")).hasMessageContaining("is not an absolute URL");
	}

	@Test
	void authorizeWhenInstanceUrlHostIsOutsideAllowedDomainsThenRefusesToken() {
		JwtBearerRegistration.Builder registration = registration().instanceUrlHosts(SALESFORCE_DOMAINS);
		assertThat(refused(registration, "https://api.example.com"))
			.hasMessageContaining("names host 'api.example.com', which is under none of the allowed domains "
					+ "[salesforce.com, force.com]")
			.hasMessageContaining("instance-url-hosts");
		// a suffix of the name is not a subdomain
		assertThat(refused(registration, "https://evilsalesforce.com")).hasMessageContaining("'evilsalesforce.com'");
	}

	@Test
	void authorizeWhenInstanceUrlHostIsUnderAllowedDomainThenStoresToken() {
		JwtBearerRegistration.Builder registration = registration().instanceUrlHosts(SALESFORCE_DOMAINS);
		assertThat(instanceUrlOf(registration, "https://acme.my.salesforce.com"))
			.isEqualTo("https://acme.my.salesforce.com");
		assertThat(instanceUrlOf(registration, "https://ACME--dev.sandbox.my.salesforce.com/"))
			.isEqualTo("https://ACME--dev.sandbox.my.salesforce.com/");
		assertThat(instanceUrlOf(registration, "https://acme.lightning.force.com"))
			.isEqualTo("https://acme.lightning.force.com");
	}

	@Test
	void authorizeWhenHostIsAddedToAllowedDomainsThenStoresToken() {
		JwtBearerRegistration.Builder registration = registration()
			.instanceUrlHosts(List.of("salesforce.com", "force.com", "*.api.example.com"));
		assertThat(instanceUrlOf(registration, "https://eu.api.example.com")).isEqualTo("https://eu.api.example.com");
	}

	@Test
	void authorizeWhenInstanceUrlIsHttpOnLoopbackThenStoresToken() {
		JwtBearerRegistration.Builder registration = registration().instanceUrlHosts(SALESFORCE_DOMAINS);
		String local = this.server.url("/").toString();
		assertThat(instanceUrlOf(registration, local)).isEqualTo(local);
		assertThat(instanceUrlOf(registration, "http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
		assertThat(instanceUrlOf(registration, "http://[::1]:8080")).isEqualTo("http://[::1]:8080");
	}

	@Test
	void authorizeWhenNoHostsAreConfiguredThenAnyHttpsHostIsAccepted() {
		assertThat(instanceUrlOf(registration(), "https://api.example.com")).isEqualTo("https://api.example.com");
	}

	private ClientAuthorizationException refused(JwtBearerRegistration.Builder registration, String instanceUrl) {
		this.server.enqueue(response(instanceUrl));
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration.build()));
		ClientAuthorizationException ex = catchThrowableOfType(ClientAuthorizationException.class,
				() -> provider.authorize(context()));
		assertThat(ex).as(instanceUrl).isNotNull();
		return ex;
	}

	private String instanceUrlOf(JwtBearerRegistration.Builder registration, String instanceUrl) {
		this.server.enqueue(response(instanceUrl));
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(registration.build()));
		OAuth2AuthorizedClient authorized = provider.authorize(context());
		assertThat(authorized).isInstanceOf(JwtBearerAuthorizedClient.class);
		return ((JwtBearerAuthorizedClient) authorized).getInstanceUrl();
	}

	private OAuth2AuthorizationContext context() {
		return OAuth2AuthorizationContext.withClientRegistration(this.clientRegistration)
			.principal(new TestingAuthenticationToken("app", null))
			.build();
	}

	private JwtBearerRegistration.Builder registration() {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey(this.clientRegistration.getRegistrationId(), JwtSigningKey.of(RSA.getPrivate(), null))
			.issuer(this.clientRegistration.getClientId())
			.audience("https://login.salesforce.com")
			.build();
		return JwtBearerRegistration.withClientRegistration(this.clientRegistration, minter)
			.subject("integration@acme.com")
			.instanceUrlBaseUrl(true);
	}

	private static MockResponse response(String instanceUrl) {
		return TestTokenEndpoint.json(200, """
				{"access_token":"%s","instance_url":"%s","token_type":"Bearer"}""".formatted(TOKEN, instanceUrl));
	}

}
