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

import java.nio.file.Path;

import com.nimbusds.jwt.SignedJWT;
import io.github.jwtbearer.assertion.JwtBearerClaimsCustomizer;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JwtBearerAutoConfiguration}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerAutoConfigurationTests {

	@TempDir
	static Path directory;

	static String keyLocation;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class));

	@BeforeAll
	static void writeKey() {
		keyLocation = "file:"
				+ TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	static String[] salesforce(String... more) {
		String[] base = { "jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9consumerkey",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.registration.salesforce.private-key=" + keyLocation };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	@Test
	void beansAreAbsentWithoutRegistrations() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(JwtBearerRegistrationRepository.class)
			.doesNotHaveBean(OAuth2AuthorizedClientManager.class)
			.doesNotHaveBean(ClientRegistrationRepository.class)
			.doesNotHaveBean(JwtBearerRestClientCustomizer.class));
	}

	@Test
	void beansArePresentWithARegistration() {
		this.contextRunner.withPropertyValues(salesforce())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(JwtBearerRegistrationRepository.class)
				.hasSingleBean(JwtBearerClientRegistrationRepository.class)
				.hasSingleBean(BoundedInMemoryOAuth2AuthorizedClientService.class)
				.hasSingleBean(SignedAssertionOAuth2AuthorizedClientProvider.class)
				.hasSingleBean(OAuth2AuthorizedClientManager.class)
				.hasSingleBean(JwtBearerRestClientCustomizer.class)
				.hasSingleBean(ClientRegistrationIdRestClientHttpServiceGroupConfigurer.class)
				.hasSingleBean(JwtBearerWebClientCustomizer.class)
				.hasSingleBean(ClientRegistrationIdWebClientHttpServiceGroupConfigurer.class));
	}

	@Test
	void nonReactiveApplicationGetsReactiveAdapterOfTheBlockingManager() {
		this.contextRunner.withPropertyValues(salesforce())
			.run((context) -> assertThat(context).hasSingleBean(OAuth2AuthorizedClientManagerReactiveAdapter.class)
				.doesNotHaveBean(ReactiveOAuth2AuthorizedClientService.class)
				.doesNotHaveBean(SignedAssertionReactiveOAuth2AuthorizedClientProvider.class));
	}

	@Test
	void servletApplicationGetsBlockingManagerAndAdapter() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues(salesforce())
			.run((context) -> assertThat(context).hasSingleBean(OAuth2AuthorizedClientManager.class)
				.hasSingleBean(OAuth2AuthorizedClientManagerReactiveAdapter.class));
	}

	@Test
	void reactiveApplicationGetsReactiveTwins() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues(salesforce())
			.run((context) -> {
				assertThat(context).hasSingleBean(ReactiveClientRegistrationRepository.class)
					.hasSingleBean(ReactiveOAuth2AuthorizedClientService.class)
					.hasSingleBean(SignedAssertionReactiveOAuth2AuthorizedClientProvider.class)
					.hasSingleBean(JwtBearerWebClientCustomizer.class)
					.doesNotHaveBean(OAuth2AuthorizedClientManagerReactiveAdapter.class);
				assertThat(context.getBean(ReactiveOAuth2AuthorizedClientManager.class))
					.isInstanceOf(JwtBearerReactiveOAuth2AuthorizedClientManager.class);
				assertThat(context.getBean(ReactiveClientRegistrationRepository.class)
					.findByRegistrationId("salesforce")
					.block()).isNotNull();
			});
	}

	@Test
	void managerBacksOffWhenUserDefinesOne() {
		this.contextRunner.withPropertyValues(salesforce())
			.withBean("myManager", OAuth2AuthorizedClientManager.class, () -> mock(OAuth2AuthorizedClientManager.class))
			.run((context) -> assertThat(context).hasSingleBean(OAuth2AuthorizedClientManager.class)
				.hasBean("myManager"));
	}

	@Test
	void authorizedClientServiceBacksOffWhenUserDefinesOne() {
		this.contextRunner.withPropertyValues(salesforce())
			.withBean("myService", OAuth2AuthorizedClientService.class, () -> mock(OAuth2AuthorizedClientService.class))
			.run((context) -> assertThat(context).hasSingleBean(OAuth2AuthorizedClientService.class)
				.hasBean("myService"));
	}

	@Test
	void providerBacksOffWhenUserDefinesOne() {
		this.contextRunner.withPropertyValues(salesforce())
			.withBean("myProvider", SignedAssertionOAuth2AuthorizedClientProvider.class,
					() -> new SignedAssertionOAuth2AuthorizedClientProvider((id) -> null))
			.run((context) -> assertThat(context).hasSingleBean(SignedAssertionOAuth2AuthorizedClientProvider.class)
				.hasBean("myProvider"));
	}

	@Test
	void customizersBackOffWhenUserDefinesThem() {
		this.contextRunner.withPropertyValues(salesforce())
			.withBean("myRestClientCustomizer", JwtBearerRestClientCustomizer.class,
					() -> new JwtBearerRestClientCustomizer(mock(OAuth2AuthorizedClientManager.class), (id) -> null,
							(failure, principal, attributes) -> {
							}))
			.withBean("myWebClientCustomizer", JwtBearerWebClientCustomizer.class,
					() -> new JwtBearerWebClientCustomizer(mock(ReactiveOAuth2AuthorizedClientManager.class),
							(id) -> null, (failure, principal, attributes) -> Mono.empty()))
			.run((context) -> assertThat(context).hasSingleBean(JwtBearerRestClientCustomizer.class)
				.hasBean("myRestClientCustomizer")
				.hasSingleBean(JwtBearerWebClientCustomizer.class)
				.hasBean("myWebClientCustomizer"));
	}

	@Test
	void userClientRegistrationRepositoryKeepsWorkingBesideOurRegistrations() {
		ClientRegistration login = ClientRegistration.withRegistrationId("login")
			.clientId("web")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("https://idp.example.com/token")
			.build();
		this.contextRunner.withPropertyValues(salesforce())
			.withBean("myRepository", ClientRegistrationRepository.class,
					() -> new InMemoryClientRegistrationRepository(login))
			.run((context) -> {
				assertThat(context).hasSingleBean(ClientRegistrationRepository.class).hasBean("myRepository");
				OAuth2AuthorizedClientService service = context.getBean(OAuth2AuthorizedClientService.class);
				assertThat(service).isInstanceOf(BoundedInMemoryOAuth2AuthorizedClientService.class);
				JwtBearerClientRegistrationRepository all = new JwtBearerClientRegistrationRepository(
						context.getBean(JwtBearerRegistrationRepository.class),
						context.getBean(ClientRegistrationRepository.class));
				assertThat(all.findByRegistrationId("salesforce")).isNotNull();
				assertThat(all.findByRegistrationId("login")).isSameAs(login);
			});
	}

	@Test
	void bootLoginRegistrationsAreKeptBesideOurs() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(JwtBearerAutoConfiguration.class, OAuth2ClientAutoConfiguration.class))
			.withPropertyValues(salesforce("spring.security.oauth2.client.registration.github.client-id=gh",
					"spring.security.oauth2.client.registration.github.client-secret=secret",
					"spring.security.oauth2.client.registration.github.provider=github"))
			.run((context) -> {
				assertThat(context).hasSingleBean(ClientRegistrationRepository.class);
				ClientRegistrationRepository repository = context.getBean(ClientRegistrationRepository.class);
				assertThat(repository.findByRegistrationId("github").getAuthorizationGrantType())
					.isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
				assertThat(repository.findByRegistrationId("salesforce").getAuthorizationGrantType())
					.isEqualTo(AuthorizationGrantType.JWT_BEARER);
				assertThat(repository).isInstanceOf(Iterable.class);
				assertThat(context).hasSingleBean(OAuth2AuthorizedClientService.class);
			});
	}

	@Test
	void salesforcePresetFillsTokenUriAudienceAndLifetime() {
		this.contextRunner.withPropertyValues(salesforce()).run((context) -> {
			JwtBearerRegistration registration = registration(context, "salesforce");
			ClientRegistration client = registration.getClientRegistration();
			assertThat(client.getProviderDetails().getTokenUri())
				.isEqualTo("https://login.salesforce.com/services/oauth2/token");
			assertThat(client.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.JWT_BEARER);
			assertThat(client.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
			assertThat(registration.getTokenLifetime()).hasMinutes(15);
			SignedJWT assertion = SignedJWT.parse(registration.getAssertionMinter().mint("u").getTokenValue());
			assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("https://login.salesforce.com");
			assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("3MVG9consumerkey");
			assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		});
	}

	@Test
	void salesforceAudienceIsNotDerivedFromAMyDomainTokenUri() {
		this.contextRunner.withPropertyValues(salesforce(
				"jwt-bearer.registration.salesforce.token-uri=https://acme.my.salesforce.com/services/oauth2/token"))
			.run((context) -> {
				JwtBearerRegistration registration = registration(context, "salesforce");
				assertThat(registration.getClientRegistration().getProviderDetails().getTokenUri())
					.isEqualTo("https://acme.my.salesforce.com/services/oauth2/token");
				SignedJWT assertion = SignedJWT.parse(registration.getAssertionMinter().mint("u").getTokenValue());
				assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("https://login.salesforce.com");
			});
	}

	@Test
	void salesforceSandboxPresetUsesTestUrls() {
		this.contextRunner
			.withPropertyValues(salesforce("jwt-bearer.registration.salesforce.provider=salesforce-sandbox"))
			.run((context) -> {
				JwtBearerRegistration registration = registration(context, "salesforce");
				assertThat(registration.getClientRegistration().getProviderDetails().getTokenUri())
					.isEqualTo("https://test.salesforce.com/services/oauth2/token");
				SignedJWT assertion = SignedJWT.parse(registration.getAssertionMinter().mint("u").getTokenValue());
				assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("https://test.salesforce.com");
			});
	}

	@Test
	void googlePresetPutsScopeInTheAssertionAndUsesTheTokenUriAsAudience() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.google.provider=google",
					"jwt-bearer.registration.google.client-id=robot@project.iam.gserviceaccount.com",
					"jwt-bearer.registration.google.private-key=" + keyLocation,
					"jwt-bearer.registration.google.scope=https://www.googleapis.com/auth/cloud-platform,openid")
			.run((context) -> {
				JwtBearerRegistration registration = registration(context, "google");
				assertThat(registration.getClientRegistration().getScopes()).isNullOrEmpty();
				SignedJWT assertion = SignedJWT.parse(registration.getAssertionMinter().mint(null).getTokenValue());
				assertThat(assertion.getJWTClaimsSet().getAudience())
					.containsExactly("https://oauth2.googleapis.com/token");
				assertThat(assertion.getJWTClaimsSet().getStringClaim("scope"))
					.isEqualTo("https://www.googleapis.com/auth/cloud-platform openid");
				assertThat(assertion.getJWTClaimsSet().getSubject()).isNull();
			});
	}

	@Test
	void genericRegistrationSendsScopeAsParameterAndUsesTokenUriAsAudience() {
		this.contextRunner.withPropertyValues("jwt-bearer.registration.keycloak.client-id=svc",
				"jwt-bearer.registration.keycloak.subject=svc-user",
				"jwt-bearer.registration.keycloak.token-uri=https://kc.example.com/realms/r/protocol/openid-connect/token",
				"jwt-bearer.registration.keycloak.private-key=" + keyLocation,
				"jwt-bearer.registration.keycloak.scope=read,write", "jwt-bearer.registration.keycloak.algorithm=PS256",
				"jwt-bearer.registration.keycloak.client-authentication-method=client_secret_basic",
				"jwt-bearer.registration.keycloak.client-secret=s3cret",
				"jwt-bearer.registration.keycloak.claims.tenant=acme")
			.run((context) -> {
				JwtBearerRegistration registration = registration(context, "keycloak");
				ClientRegistration client = registration.getClientRegistration();
				assertThat(client.getScopes()).containsExactlyInAnyOrder("read", "write");
				assertThat(client.getClientAuthenticationMethod())
					.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
				SignedJWT assertion = SignedJWT
					.parse(registration.getAssertionMinter().mint("svc-user").getTokenValue());
				assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("PS256");
				assertThat(assertion.getJWTClaimsSet().getAudience())
					.containsExactly("https://kc.example.com/realms/r/protocol/openid-connect/token");
				assertThat(assertion.getJWTClaimsSet().getStringClaim("tenant")).isEqualTo("acme");
			});
	}

	@Test
	void claimsCustomizerBeansAreApplied() {
		this.contextRunner.withPropertyValues(salesforce())
			.withBean(JwtBearerClaimsCustomizer.class,
					() -> (assertion) -> assertion.getClaims().claim("registration", assertion.getRegistrationId()))
			.run((context) -> {
				SignedJWT assertion = SignedJWT
					.parse(registration(context, "salesforce").getAssertionMinter().mint("u").getTokenValue());
				assertThat(assertion.getJWTClaimsSet().getStringClaim("registration")).isEqualTo("salesforce");
			});
	}

	@Test
	void privateKeyCanBeInlinePemWithEscapedNewlines() {
		String escaped = TestPemFiles.privateKeyPem(TestPemFiles.rsa()).replace("\n", "\\n");
		this.contextRunner.withPropertyValues(salesforce("jwt-bearer.registration.salesforce.private-key=" + escaped))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtBearerRegistrationRepository.class));
	}

	@Test
	void sslBundleKeySignsTheAssertion() {
		Path key = TestPemFiles.write(directory, "bundle-key.pem", TestPemFiles.privateKeyPem(TestPemFiles.ec()));
		Path certificate = TestPemFiles.write(directory, "bundle-cert.pem",
				TestPemFiles.certificatePem(TestPemFiles.ec()));
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("spring.ssl.bundle.pem.signing.keystore.private-key=file:" + key,
					"spring.ssl.bundle.pem.signing.keystore.certificate=file:" + certificate,
					"jwt-bearer.registration.kc.client-id=svc", "jwt-bearer.registration.kc.subject=svc",
					"jwt-bearer.registration.kc.token-uri=https://kc.example.com/token",
					"jwt-bearer.registration.kc.algorithm=ES256", "jwt-bearer.registration.kc.ssl-bundle=signing")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SignedJWT assertion = SignedJWT
					.parse(registration(context, "kc").getAssertionMinter().mint("svc").getTokenValue());
				assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
				assertThat(assertion.getHeader().getX509CertSHA256Thumbprint()).isNotNull();
			});
	}

	private static JwtBearerRegistration registration(ApplicationContext context, String id) {
		JwtBearerRegistration registration = context.getBean(JwtBearerRegistrationRepository.class)
			.findByRegistrationId(id);
		assertThat(registration).isNotNull();
		return registration;
	}

}
