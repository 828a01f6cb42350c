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

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.jwtbearer.actuate.JwtBearerEndpoint;
import io.github.jwtbearer.actuate.JwtBearerTokenStates;
import io.github.jwtbearer.actuate.TestActuateRegistrations;
import io.github.jwtbearer.client.JwtBearerSubjectResolver;
import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.fixtures.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JwtBearerObservabilityAutoConfiguration}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerObservabilityAutoConfigurationTests {

	@TempDir
	static Path directory;

	static String keyLocation;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(JwtBearerAutoConfiguration.class, JwtBearerObservabilityAutoConfiguration.class));

	@BeforeAll
	static void writeKey() throws Exception {
		Path key = Files.writeString(directory.resolve("key.pem"),
				TestKeys.pkcs8Pem(TestActuateRegistrations.RSA.getPrivate()));
		keyLocation = "file:" + key;
	}

	static String[] registrations(String... more) {
		String[] base = { "jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9consumerkey",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.registration.salesforce.private-key=" + keyLocation,
				"jwt-bearer.registration.keycloak.client-id=acme-service",
				"jwt-bearer.registration.keycloak.subject=batch",
				"jwt-bearer.registration.keycloak.token-uri=https://sso.acme.com/realms/acme/protocol/openid-connect/token",
				"jwt-bearer.registration.keycloak.private-key=" + keyLocation };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	@Test
	void beansAreAbsentWithoutRegistrations() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.endpoints.web.exposure.include=jwtbearer")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JwtBearerTokenStates.class)
				.doesNotHaveBean(JwtBearerTokenMetrics.class)
				.doesNotHaveBean("jwtBearerHealthContributor")
				.doesNotHaveBean(JwtBearerEndpoint.class));
	}

	@Test
	void tokenStatesAndHealthArePresentWithRegistrations() {
		this.contextRunner.withPropertyValues(registrations())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(JwtBearerTokenStates.class)
				.hasBean("jwtBearerHealthContributor")
				.doesNotHaveBean(JwtBearerTokenMetrics.class));
	}

	@Test
	void healthContributorHasOneIndicatorPerRegistration() {
		this.contextRunner.withPropertyValues(registrations()).run((context) -> {
			CompositeHealthContributor contributor = context.getBean("jwtBearerHealthContributor",
					CompositeHealthContributor.class);
			assertThat(contributor.stream().map(HealthContributors.Entry::name)).containsExactly("salesforce",
					"keycloak");
			assertThat(contributor.getContributor("salesforce")).isInstanceOf(JwtBearerHealthIndicator.class)
				.extracting("activeCheckManager")
				.isNull();
		});
	}

	@Test
	void healthContributorIsAbsentWhenDisabled() {
		this.contextRunner.withPropertyValues(registrations("management.health.jwtbearer.enabled=false"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("jwtBearerHealthContributor"));
	}

	@Test
	void healthContributorIsAbsentWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.withPropertyValues(registrations())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(JwtBearerTokenStates.class)
				.doesNotHaveBean("jwtBearerHealthContributor"));
	}

	@Test
	void healthContributorBacksOffWhenUserDefinesOne() {
		CompositeHealthContributor mine = mock(CompositeHealthContributor.class);
		this.contextRunner.withPropertyValues(registrations())
			.withBean("jwtBearerHealthContributor", CompositeHealthContributor.class, () -> mine)
			.run((context) -> assertThat(context.getBean("jwtBearerHealthContributor")).isSameAs(mine));
	}

	@Test
	void downOnFailureReachesTheIndicators() {
		this.contextRunner.withPropertyValues(registrations("management.health.jwtbearer.down-on-failure=true"))
			.run((context) -> assertThat(context.getBean("jwtBearerHealthContributor", CompositeHealthContributor.class)
				.getContributor("salesforce")).extracting("downOnFailure").isEqualTo(true));
	}

	@Test
	void healthPropertiesAreInTheConfigurationMetadata() throws IOException {
		// the metadata of this module, generated from the properties and the additional
		// metadata, not that of Boot's jars
		URL metadata = getClass().getClassLoader().getResource("META-INF/spring-configuration-metadata.json");
		assertThat(metadata).isNotNull();
		assertThat(metadata.toString()).contains("/target/classes/");
		try (InputStream content = metadata.openStream()) {
			assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8))
				.contains("\"management.health.jwtbearer.down-on-failure\"")
				.contains("\"management.health.jwtbearer.enabled\"")
				.contains("\"management.health.jwtbearer.active-check.enabled\"");
		}
	}

	@Test
	void activeCheckUsesTheManagerWhenEnabled() {
		this.contextRunner
			.withPropertyValues(registrations("management.health.jwtbearer.active-check.enabled=true",
					"management.health.jwtbearer.active-check.min-interval=30s"))
			.run((context) -> {
				JwtBearerHealthIndicator indicator = (JwtBearerHealthIndicator) context
					.getBean("jwtBearerHealthContributor", CompositeHealthContributor.class)
					.getContributor("salesforce");
				assertThat(indicator).extracting("activeCheckManager").isNotNull();
				assertThat(indicator).extracting("activeCheckMinInterval").hasToString("PT30S");
			});
	}

	@Test
	void activeCheckIsOffWhenASubjectResolverPicksTheSubject() {
		this.contextRunner.withPropertyValues(registrations("management.health.jwtbearer.active-check.enabled=true"))
			.withBean(JwtBearerSubjectResolver.class, () -> (request) -> "someone@acme.com")
			.run((context) -> assertThat(context.getBean("jwtBearerHealthContributor", CompositeHealthContributor.class)
				.getContributor("salesforce")).extracting("activeCheckManager").isNull());
	}

	@Test
	void endpointIsPresentWhenExposed() {
		this.contextRunner.withPropertyValues(registrations("management.endpoints.web.exposure.include=jwtbearer"))
			.run((context) -> assertThat(context).hasSingleBean(JwtBearerEndpoint.class));
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		this.contextRunner.withPropertyValues(registrations())
			.run((context) -> assertThat(context).doesNotHaveBean(JwtBearerEndpoint.class));
	}

	@Test
	void endpointIsAbsentWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues(registrations("management.endpoints.web.exposure.include=jwtbearer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JwtBearerEndpoint.class)
				.hasBean("jwtBearerHealthContributor"));
	}

	@Test
	void endpointBacksOffWhenUserDefinesOne() {
		this.contextRunner.withPropertyValues(registrations("management.endpoints.web.exposure.include=jwtbearer"))
			.withBean("myEndpoint", JwtBearerEndpoint.class,
					() -> new JwtBearerEndpoint((id) -> null, new JwtBearerTokenStates(), false))
			.run((context) -> assertThat(context).hasSingleBean(JwtBearerEndpoint.class).hasBean("myEndpoint"));
	}

	@Test
	void metricsArePresentWithAMeterRegistry() {
		this.contextRunner.withPropertyValues(registrations()).withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(JwtBearerTokenMetrics.class);
			assertThat(context.getBean(MeterRegistry.class)
				.get("jwt.bearer.token.cache.hits")
				.tag("registration", "keycloak")
				.tag("provider", "generic")
				.counter()
				.count()).isZero();
		});
	}

	@Test
	void metricsAreAbsentWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues(registrations())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtBearerTokenMetrics.class));
	}

	@Test
	void beansBackOffWhenUserDefinesThem() {
		JwtBearerTokenStates states = new JwtBearerTokenStates();
		JwtBearerTokenListener metrics = new JwtBearerTokenListener() {
		};
		this.contextRunner.withPropertyValues(registrations())
			.withBean(SimpleMeterRegistry.class)
			.withBean("myStates", JwtBearerTokenStates.class, () -> states)
			.withBean("jwtBearerTokenMetrics", JwtBearerTokenListener.class, () -> metrics)
			.run((context) -> {
				assertThat(context).hasSingleBean(JwtBearerTokenStates.class)
					.hasBean("myStates")
					.doesNotHaveBean(JwtBearerTokenMetrics.class);
				assertThat(context.getBean("jwtBearerTokenMetrics")).isSameAs(metrics);
			});
	}

	@Test
	void providersObserveWithTheApplicationsObservationRegistry() {
		TestObservationRegistry observationRegistry = TestObservationRegistry.create();
		this.contextRunner.withPropertyValues(registrations())
			.withBean(ObservationRegistry.class, () -> observationRegistry)
			.run((context) -> assertThat(context.getBean(SignedAssertionOAuth2AuthorizedClientProvider.class))
				.extracting("observationRegistry")
				.isSameAs(observationRegistry));
	}

	@Test
	void reactiveProvidersObserveWithTheApplicationsObservationRegistry() {
		TestObservationRegistry observationRegistry = TestObservationRegistry.create();
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class,
					JwtBearerObservabilityAutoConfiguration.class))
			.withPropertyValues(registrations())
			.withBean(ObservationRegistry.class, () -> observationRegistry)
			.run((context) -> assertThat(context.getBean(SignedAssertionReactiveOAuth2AuthorizedClientProvider.class))
				.extracting("observationRegistry")
				.isSameAs(observationRegistry));
	}

}
