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

package io.github.jwtbearer.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.jwtbearer.autoconfigure.JwtBearerProperties.ClientAuthentication;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Registration;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtBearerRegistrationMapper}, without a Spring context: presets under
 * configured values.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRegistrationMapperTests {

	private static final String KEY = TestPemFiles.privateKeyPem(TestPemFiles.rsa());

	private final JwtBearerProperties properties = new JwtBearerProperties();

	@Test
	void asRegistrationsWhenSalesforcePresetThenLoginEndpointAndLoginAudience() {
		Registration salesforce = registration("sf", JwtBearerProvider.SALESFORCE);
		salesforce.setTokenUri("https://acme.my.salesforce.com/services/oauth2/token");
		JwtBearerRegistration registration = map();
		ClientRegistration client = registration.getClientRegistration();
		assertThat(client.getRegistrationId()).isEqualTo("sf");
		assertThat(client.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.JWT_BEARER);
		assertThat(client.getClientId()).isEqualTo("3MVG9");
		assertThat(client.getProviderDetails().getTokenUri())
			.isEqualTo("https://acme.my.salesforce.com/services/oauth2/token");
		assertThat(registration.getProviderName()).isEqualTo("salesforce");
		assertThat(registration.getSubject()).isEqualTo("integration@acme.com");
		assertThat(registration.getTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
		assertThat(registration.isInstanceUrlBaseUrl()).isTrue();
		Jwt assertion = registration.getAssertionMinter().mint("integration@acme.com");
		// a My Domain endpoint still wants the login URL as the audience
		assertThat(assertion.getAudience()).containsExactly("https://login.salesforce.com");
		assertThat(assertion.getClaimAsString("iss")).isEqualTo("3MVG9");
		assertThat(Duration.between(assertion.getIssuedAt(), assertion.getExpiresAt()))
			.isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void asRegistrationsWhenSandboxPresetThenTestEndpoint() {
		registration("sf", JwtBearerProvider.SALESFORCE_SANDBOX);
		JwtBearerRegistration registration = map();
		assertThat(registration.getClientRegistration().getProviderDetails().getTokenUri())
			.isEqualTo("https://test.salesforce.com/services/oauth2/token");
		assertThat(registration.getProviderName()).isEqualTo("salesforce-sandbox");
		assertThat(registration.getAssertionMinter().getAudience()).isEqualTo("https://test.salesforce.com");
	}

	@Test
	void asRegistrationsWhenGenericThenAudienceIsTokenUriAndScopeIsParameter() {
		Registration generic = registration("idp", JwtBearerProvider.GENERIC);
		generic.setTokenUri("https://idp.example.com/token");
		generic.setScope(List.of("read", "write"));
		JwtBearerRegistration registration = map();
		assertThat(registration.getAssertionMinter().getAudience()).isEqualTo("https://idp.example.com/token");
		assertThat(registration.getClientRegistration().getScopes()).containsExactlyInAnyOrder("read", "write");
		assertThat(registration.getAssertionMinter().mint("integration@acme.com").hasClaim("scope")).isFalse();
		assertThat(registration.isInstanceUrlBaseUrl()).isFalse();
	}

	@Test
	void asRegistrationsWhenGoogleThenScopeIsClaimAndNoSubjectNeeded() {
		Registration google = registration("google", JwtBearerProvider.GOOGLE);
		google.setSubject(null);
		google.setScope(List.of("https://www.googleapis.com/auth/cloud-platform"));
		JwtBearerRegistration registration = map();
		assertThat(registration.getClientRegistration().getScopes()).isNullOrEmpty();
		assertThat(registration.getAssertionMinter().getAudience()).isEqualTo("https://oauth2.googleapis.com/token");
		assertThat(registration.getAssertionMinter().mint(null).getClaimAsString("scope"))
			.isEqualTo("https://www.googleapis.com/auth/cloud-platform");
	}

	@Test
	void asRegistrationsWhenConfiguredValuesThenTheyWinOverPreset() {
		Registration salesforce = registration("sf", JwtBearerProvider.SALESFORCE);
		salesforce.setAudience("https://other.example.com");
		salesforce.setAssertionLifetime(Duration.ofSeconds(90));
		salesforce.setTokenLifetime(Duration.ofMinutes(5));
		JwtBearerRegistration registration = map();
		Jwt assertion = registration.getAssertionMinter().mint("integration@acme.com");
		assertThat(assertion.getAudience()).containsExactly("https://other.example.com");
		assertThat(Duration.between(assertion.getIssuedAt(), assertion.getExpiresAt()))
			.isEqualTo(Duration.ofSeconds(90));
		assertThat(registration.getTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void asRegistrationsWhenNoSubjectAndNoResolverThenFailsNamingSubject() {
		registration("sf", JwtBearerProvider.SALESFORCE).setSubject(null);
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class).isThrownBy(this::map)
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("jwt-bearer.registration.sf.subject"));
	}

	@Test
	void asRegistrationsWhenNoSubjectButResolverThenMaps() {
		registration("sf", JwtBearerProvider.SALESFORCE).setSubject(null);
		JwtBearerRegistration registration = new JwtBearerRegistrationMapper(this.properties,
				new DefaultResourceLoader(), null, (context) -> {
				}, Clock.systemUTC(), true)
			.asRegistrations()
			.get(0);
		assertThat(registration.getSubject()).isNull();
	}

	@Test
	void asRegistrationsWhenSalesforcePresetThenInstanceUrlUnderSalesforceDomainsAndConfiguredHosts() {
		registration("sf", JwtBearerProvider.SALESFORCE).setInstanceUrlHosts(List.of("api.acme.com"));
		assertThat(map().getInstanceUrlHosts()).containsExactly("salesforce.com", "force.com", "cloudforce.com",
				"api.acme.com");
	}

	@Test
	void asRegistrationsWhenGenericWithoutInstanceUrlHostsThenAnyHost() {
		registration("idp", JwtBearerProvider.GENERIC).setTokenUri("https://idp.example.com/token");
		assertThat(map().getInstanceUrlHosts()).isEmpty();
	}

	@Test
	void asRegistrationsWhenInstanceUrlHostIsAUrlThenFailsNamingProperty() {
		registration("sf", JwtBearerProvider.SALESFORCE).setInstanceUrlHosts(List.of("https://api.acme.com"));
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class).isThrownBy(this::map)
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("jwt-bearer.registration.sf.instance-url-hosts"));
	}

	@Test
	void asRegistrationsWhenPrivateKeyJwtThenClientAuthenticatesWithoutSecret() {
		Registration keycloak = registration("keycloak", JwtBearerProvider.GENERIC);
		keycloak.setTokenUri("https://kc.example.com/realms/acme/protocol/openid-connect/token");
		keycloak.setClientAuthenticationMethod(ClientAuthentication.PRIVATE_KEY_JWT);
		ClientRegistration client = map().getClientRegistration();
		assertThat(client.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		assertThat(client.getClientSecret()).isEmpty();
	}

	@Test
	void asRegistrationsWhenPrivateKeyJwtWithoutKeyThenFailsNamingPrivateKey() {
		Registration keycloak = registration("keycloak", JwtBearerProvider.GENERIC);
		keycloak.setTokenUri("https://kc.example.com/realms/acme/protocol/openid-connect/token");
		keycloak.setClientAuthenticationMethod(ClientAuthentication.PRIVATE_KEY_JWT);
		keycloak.setPrivateKey(null);
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class).isThrownBy(this::map)
			.withMessageContaining("no signing key is configured")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("jwt-bearer.registration.keycloak.private-key"));
	}

	private Registration registration(String id, JwtBearerProvider provider) {
		Registration registration = new Registration();
		registration.setProvider(provider);
		registration.setClientId("3MVG9");
		registration.setSubject("integration@acme.com");
		registration.setPrivateKey(KEY);
		this.properties.getRegistration().put(id, registration);
		return registration;
	}

	private JwtBearerRegistration map() {
		List<JwtBearerRegistration> registrations = new JwtBearerRegistrationMapper(this.properties,
				new DefaultResourceLoader(), null, (context) -> {
				}, Clock.systemUTC(), false)
			.asRegistrations();
		assertThat(registrations).hasSize(1);
		return registrations.get(0);
	}

}
