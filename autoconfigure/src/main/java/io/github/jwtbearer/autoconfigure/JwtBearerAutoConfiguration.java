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

import com.nimbusds.jose.JWSObject;
import io.github.jwtbearer.assertion.JwtBearerClaimsCustomizer;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerSubjectResolver;
import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.JwtBearerTokenRequestObservationConvention;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.TokenRequestCoordinator;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.JwtBearerOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.JwtBearerReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.support.OAuth2RestClientHttpServiceGroupConfigurer;
import org.springframework.security.oauth2.client.web.reactive.function.client.support.OAuth2WebClientHttpServiceGroupConfigurer;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the OAuth 2.0 JWT bearer grant: the registrations of
 * {@code jwt-bearer.registration.*}, an authorized client manager that works outside HTTP
 * requests, and the RestClient, WebClient and HTTP service group support that sends their
 * tokens.
 * <p>
 * It runs before Spring Boot's OAuth 2.0 client auto-configuration, whose login
 * registrations it keeps, and never configures web security: the application's own
 * endpoints stay as they are.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
		"org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration" },
		afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass({ ClientRegistration.class, JWSObject.class })
@Conditional(JwtBearerRegistrationsCondition.class)
@EnableConfigurationProperties(JwtBearerProperties.class)
public final class JwtBearerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(JwtBearerRegistrationRepository.class)
	InMemoryJwtBearerRegistrationRepository jwtBearerRegistrationRepository(JwtBearerProperties properties,
			ResourceLoader resourceLoader, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<JwtBearerClaimsCustomizer> claimsCustomizers,
			ObjectProvider<JwtBearerSubjectResolver> subjectResolver) {
		JwtBearerClaimsCustomizer claimsCustomizer = (context) -> claimsCustomizers.orderedStream()
			.forEach((customizer) -> customizer.customize(context));
		return new InMemoryJwtBearerRegistrationRepository(
				new JwtBearerRegistrationMapper(properties, resourceLoader, sslBundles.getIfAvailable(),
						claimsCustomizer, Clock.systemUTC(), subjectResolver.getIfUnique() != null)
					.asRegistrations());
	}

	@Bean
	@ConditionalOnMissingBean(ClientRegistrationRepository.class)
	JwtBearerClientRegistrationRepository clientRegistrationRepository(JwtBearerRegistrationRepository registrations,
			Environment environment, ResourceLoader resourceLoader) {
		return new JwtBearerClientRegistrationRepository(registrations,
				BootOAuth2ClientRegistrations.from(environment, resourceLoader.getClassLoader()));
	}

	@Bean
	@ConditionalOnMissingBean
	OAuth2AuthorizedClientService authorizedClientService(JwtBearerProperties properties) {
		return new BoundedInMemoryOAuth2AuthorizedClientService(properties.getTokenStore().getMaxSize());
	}

	@Bean
	@ConditionalOnMissingBean
	SignedAssertionOAuth2AuthorizedClientProvider signedAssertionAuthorizedClientProvider(
			JwtBearerRegistrationRepository registrations, JwtBearerProperties properties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<JwtBearerTokenRequestObservationConvention> observationConvention) {
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				registrations);
		provider.setRetry(properties.getRetry().toTokenRequestRetry());
		provider.setAccessTokenResponseClientFactory(
				new TokenEndpointClients(properties, sslBundles.getIfAvailable())::restClient);
		observationRegistry.ifUnique(provider::setObservationRegistry);
		observationConvention.ifUnique(provider::setObservationConvention);
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean(OAuth2AuthorizedClientManager.class)
	JwtBearerOAuth2AuthorizedClientManager authorizedClientManager(
			ClientRegistrationRepository clientRegistrationRepository, JwtBearerRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClientService,
			SignedAssertionOAuth2AuthorizedClientProvider signedAssertionProvider,
			ObjectProvider<JwtBearerSubjectResolver> subjectResolver,
			ObjectProvider<JwtBearerTokenListener> tokenListeners,
			ObjectProvider<TokenRequestCoordinator> tokenRequestCoordinator) {
		// Spring Security's own providers, for the application's other registrations
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.authorizationCode()
			.refreshToken()
			.clientCredentials()
			.provider(new JwtBearerOAuth2AuthorizedClientProvider())
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager others = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				withJwtBearerRegistrations(clientRegistrationRepository, registrations), authorizedClientService);
		others.setAuthorizedClientProvider(provider);
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(registrations,
				authorizedClientService, signedAssertionProvider, others);
		subjectResolver.ifUnique(manager::setSubjectResolver);
		manager.setTokenListener(new CompositeJwtBearerTokenListener(tokenListeners.orderedStream().toList()));
		// one token request for the fleet when the replicas share a store
		tokenRequestCoordinator.ifUnique(manager::setTokenRequestCoordinator);
		return manager;
	}

	@Bean
	JwtBearerRegistrationsStartupLog jwtBearerRegistrationsStartupLog(JwtBearerRegistrationRepository registrations) {
		return new JwtBearerRegistrationsStartupLog(registrations);
	}

	static ClientRegistrationRepository withJwtBearerRegistrations(
			ClientRegistrationRepository clientRegistrationRepository, JwtBearerRegistrationRepository registrations) {
		return (clientRegistrationRepository instanceof JwtBearerClientRegistrationRepository)
				? clientRegistrationRepository
				: new JwtBearerClientRegistrationRepository(registrations, clientRegistrationRepository);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtBearerRestClientCustomizer jwtBearerRestClientCustomizer(
				OAuth2AuthorizedClientManager authorizedClientManager,
				ObjectProvider<JwtBearerOAuth2AuthorizedClientManager> jwtBearerManager,
				JwtBearerRegistrationRepository registrations) {
			return new JwtBearerRestClientCustomizer(authorizedClientManager, registrations,
					UnauthorizedHandlers.evicting(jwtBearerManager.getIfUnique()));
		}

		// Boot applies RestClientCustomizers to HTTP service groups: only the
		// @ClientRegistrationId processor is missing there
		@Bean
		@ConditionalOnMissingBean
		ClientRegistrationIdRestClientHttpServiceGroupConfigurer clientRegistrationIdRestClientHttpServiceGroupConfigurer() {
			return new ClientRegistrationIdRestClientHttpServiceGroupConfigurer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	@ConditionalOnMissingClass("org.springframework.boot.restclient.RestClientCustomizer")
	static class RestClientHttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OAuth2RestClientHttpServiceGroupConfigurer oauth2RestClientHttpServiceGroupConfigurer(
				OAuth2AuthorizedClientManager authorizedClientManager) {
			return OAuth2RestClientHttpServiceGroupConfigurer.from(authorizedClientManager);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Mono.class, WebClient.class })
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveClientRegistrationRepository reactiveClientRegistrationRepository(
				ClientRegistrationRepository clientRegistrationRepository,
				JwtBearerRegistrationRepository registrations) {
			ClientRegistrationRepository all = withJwtBearerRegistrations(clientRegistrationRepository, registrations);
			return (registrationId) -> Mono.justOrEmpty(all.findByRegistrationId(registrationId));
		}

		// one store for RestClient and WebClient
		@Bean
		@ConditionalOnMissingBean
		ReactiveOAuth2AuthorizedClientService reactiveAuthorizedClientService(
				OAuth2AuthorizedClientService authorizedClientService) {
			if (authorizedClientService instanceof BoundedInMemoryOAuth2AuthorizedClientService store) {
				return store.reactive();
			}
			// a store of the application's own may block: off the event loop
			return new BlockingOAuth2AuthorizedClientServiceReactiveAdapter(authorizedClientService);
		}

		@Bean
		@ConditionalOnMissingBean
		SignedAssertionReactiveOAuth2AuthorizedClientProvider signedAssertionReactiveAuthorizedClientProvider(
				JwtBearerRegistrationRepository registrations, JwtBearerProperties properties,
				ObjectProvider<SslBundles> sslBundles, ObjectProvider<ObservationRegistry> observationRegistry,
				ObjectProvider<JwtBearerTokenRequestObservationConvention> observationConvention) {
			SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
					registrations);
			provider.setRetry(properties.getRetry().toTokenRequestRetry());
			provider.setAccessTokenResponseClientFactory(
					new TokenEndpointClients(properties, sslBundles.getIfAvailable())::webClient);
			observationRegistry.ifUnique(provider::setObservationRegistry);
			observationConvention.ifUnique(provider::setObservationConvention);
			return provider;
		}

		@Bean
		@ConditionalOnMissingBean(ReactiveOAuth2AuthorizedClientManager.class)
		JwtBearerReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager(
				ReactiveClientRegistrationRepository clientRegistrationRepository,
				JwtBearerRegistrationRepository registrations,
				ReactiveOAuth2AuthorizedClientService authorizedClientService,
				SignedAssertionReactiveOAuth2AuthorizedClientProvider signedAssertionProvider,
				ObjectProvider<JwtBearerSubjectResolver> subjectResolver,
				ObjectProvider<JwtBearerTokenListener> tokenListeners,
				ObjectProvider<TokenRequestCoordinator> tokenRequestCoordinator) {
			// Spring Security's own providers, for the application's other registrations
			ReactiveOAuth2AuthorizedClientProvider provider = ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
				.authorizationCode()
				.refreshToken()
				.clientCredentials()
				.provider(new JwtBearerReactiveOAuth2AuthorizedClientProvider())
				.build();
			AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager others = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
					clientRegistrationRepository, authorizedClientService);
			others.setAuthorizedClientProvider(provider);
			JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
					registrations, authorizedClientService, signedAssertionProvider, others);
			subjectResolver.ifUnique(manager::setSubjectResolver);
			manager.setTokenListener(new CompositeJwtBearerTokenListener(tokenListeners.orderedStream().toList()));
			tokenRequestCoordinator.ifUnique(manager::setTokenRequestCoordinator);
			return manager;
		}

	}

	// Outside reactive applications WebClient shares the blocking manager's tokens
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Mono.class, WebClient.class })
	@Conditional(NotReactiveWebApplicationCondition.class)
	static class BlockingReactiveAdapterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager(
				OAuth2AuthorizedClientManager authorizedClientManager) {
			return new OAuth2AuthorizedClientManagerReactiveAdapter(authorizedClientManager);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class })
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtBearerWebClientCustomizer jwtBearerWebClientCustomizer(
				ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
				ObjectProvider<JwtBearerReactiveOAuth2AuthorizedClientManager> jwtBearerManager,
				ObjectProvider<JwtBearerOAuth2AuthorizedClientManager> blockingManager,
				JwtBearerRegistrationRepository registrations) {
			return new JwtBearerWebClientCustomizer(authorizedClientManager, registrations,
					UnauthorizedHandlers.evicting(jwtBearerManager.getIfUnique(), blockingManager.getIfUnique()));
		}

		// Boot applies WebClientCustomizers to HTTP service groups: only the
		// @ClientRegistrationId processor is missing there
		@Bean
		@ConditionalOnMissingBean
		ClientRegistrationIdWebClientHttpServiceGroupConfigurer clientRegistrationIdWebClientHttpServiceGroupConfigurer() {
			return new ClientRegistrationIdWebClientHttpServiceGroupConfigurer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientHttpServiceGroupConfigurer.class })
	@ConditionalOnMissingClass("org.springframework.boot.webclient.WebClientCustomizer")
	static class WebClientHttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OAuth2WebClientHttpServiceGroupConfigurer oauth2WebClientHttpServiceGroupConfigurer(
				ReactiveOAuth2AuthorizedClientManager authorizedClientManager) {
			return OAuth2WebClientHttpServiceGroupConfigurer.from(authorizedClientManager);
		}

	}

	static class NotReactiveWebApplicationCondition extends AnyNestedCondition {

		NotReactiveWebApplicationCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnNotWebApplication
		static class NotWebApplication {

		}

		@ConditionalOnWebApplication(type = Type.SERVLET)
		static class ServletWebApplication {

		}

	}

}
