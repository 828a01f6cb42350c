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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.jwtbearer.actuate.JwtBearerEndpoint;
import io.github.jwtbearer.actuate.JwtBearerTokenStates;
import io.github.jwtbearer.client.JwtBearerSubjectResolver;
import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the observability of JWT bearer registrations: the token states
 * heard from the managers, Micrometer meters when a {@link MeterRegistry} exists, a
 * health contributor with one indicator per registration, and the {@code jwtbearer}
 * actuator endpoint. Actuator, health and Micrometer are each optional.
 * <p>
 * Token requests are observed by the providers of {@link JwtBearerAutoConfiguration},
 * with the application's {@code ObservationRegistry}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = JwtBearerAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBean(JwtBearerRegistrationRepository.class)
public final class JwtBearerObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtBearerTokenStates jwtBearerTokenStates() {
		return new JwtBearerTokenStates();
	}

	// the health component and endpoint part of the shared token store
	static final String TOKEN_STORE = "tokenStore";

	static String tokenStoreType(ObjectProvider<JwtBearerProperties> properties) {
		JwtBearerProperties jwtBearer = properties.getIfAvailable();
		JwtBearerProperties.TokenStore.Type type = (jwtBearer != null) ? jwtBearer.getTokenStore().getType()
				: JwtBearerProperties.TokenStore.Type.MEMORY;
		return type.name().toLowerCase(Locale.ROOT);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jwtBearerTokenMetrics")
		JwtBearerTokenMetrics jwtBearerTokenMetrics(MeterRegistry meterRegistry,
				JwtBearerRegistrationRepository registrations) {
			return new JwtBearerTokenMetrics(meterRegistry, ObservedRegistrations.all(registrations),
					Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("jwtbearer")
	@EnableConfigurationProperties(JwtBearerHealthProperties.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jwtBearerHealthContributor")
		CompositeHealthContributor jwtBearerHealthContributor(JwtBearerRegistrationRepository registrations,
				JwtBearerTokenStates states, JwtBearerHealthProperties properties,
				ObjectProvider<OAuth2AuthorizedClientManager> manager,
				ObjectProvider<JwtBearerSubjectResolver> subjectResolver,
				ObjectProvider<SharedOAuth2AuthorizedClientService> sharedTokenStore,
				ObjectProvider<JwtBearerProperties> jwtBearerProperties) {
			JwtBearerHealthProperties.ActiveCheck activeCheck = properties.getActiveCheck();
			// a resolver picks the subject from the caller, whom a health request is not
			OAuth2AuthorizedClientManager activeCheckManager = (activeCheck.isEnabled()
					&& subjectResolver.getIfUnique() == null) ? manager.getIfAvailable() : null;
			Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
			for (JwtBearerRegistration registration : ObservedRegistrations.all(registrations)) {
				JwtBearerHealthIndicator indicator = new JwtBearerHealthIndicator(registration, states);
				indicator.setDownOnFailure(properties.isDownOnFailure());
				if (activeCheckManager != null) {
					indicator.setActiveCheck(activeCheckManager, activeCheck.getMinInterval());
				}
				indicators.put(registration.getRegistrationId(), indicator);
			}
			sharedTokenStore.ifUnique((service) -> indicators.put(TOKEN_STORE,
					new JwtBearerTokenStoreHealthIndicator(tokenStoreType(jwtBearerProperties), service)));
			return CompositeHealthContributor.fromMap(indicators);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(JwtBearerEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtBearerEndpoint jwtBearerEndpoint(JwtBearerRegistrationRepository registrations, JwtBearerTokenStates states,
				ObjectProvider<JwtBearerSubjectResolver> subjectResolver,
				ObjectProvider<SharedOAuth2AuthorizedClientService> sharedTokenStore,
				ObjectProvider<JwtBearerProperties> jwtBearerProperties) {
			JwtBearerEndpoint endpoint = new JwtBearerEndpoint(registrations, states,
					subjectResolver.getIfUnique() != null);
			endpoint.setTokenStore(tokenStoreType(jwtBearerProperties), sharedTokenStore.getIfUnique());
			return endpoint;
		}

	}

}
