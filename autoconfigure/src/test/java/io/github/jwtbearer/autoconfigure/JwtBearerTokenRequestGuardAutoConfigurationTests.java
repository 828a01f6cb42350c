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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.jwtbearer.actuate.JwtBearerEndpoint;
import io.github.jwtbearer.actuate.TestActuateRegistrations;
import io.github.jwtbearer.client.JwtBearerTokenRequestGuard;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.fixtures.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configuration of the login budget and the error cooldown: the
 * properties, the presets' defaults, one guard for both providers, the budget gauge and
 * the endpoint's write operation.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenRequestGuardAutoConfigurationTests {

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
	void salesforcePresetHasALoginBudgetAndGenericHasNone() {
		this.contextRunner.withPropertyValues(registrations()).run((context) -> {
			JwtBearerRegistrationRepository registrations = context.getBean(JwtBearerRegistrationRepository.class);
			assertThat(registrations.findByRegistrationId("salesforce").getMaxTokenRequestsPerHour()).isEqualTo(1000);
			assertThat(registrations.findByRegistrationId("keycloak").getMaxTokenRequestsPerHour()).isZero();
			assertThat(registrations.findByRegistrationId("salesforce").getErrorCooldown())
				.isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void configuredBudgetAndCooldownWinOverTheDefaults() {
		this.contextRunner
			.withPropertyValues(registrations("jwt-bearer.registration.salesforce.max-token-requests-per-hour=0",
					"jwt-bearer.registration.keycloak.max-token-requests-per-hour=120",
					"jwt-bearer.registration.keycloak.error-cooldown=2m"))
			.run((context) -> {
				JwtBearerRegistrationRepository registrations = context.getBean(JwtBearerRegistrationRepository.class);
				assertThat(registrations.findByRegistrationId("salesforce").getMaxTokenRequestsPerHour()).isZero();
				JwtBearerRegistration keycloak = registrations.findByRegistrationId("keycloak");
				assertThat(keycloak.getMaxTokenRequestsPerHour()).isEqualTo(120);
				assertThat(keycloak.getErrorCooldown()).isEqualTo(Duration.ofMinutes(2));
			});
	}

	@Test
	void negativeBudgetFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues(registrations("jwt-bearer.registration.salesforce.max-token-requests-per-hour=-1"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtBearerRegistrationException.class)
				.hasMessageContaining("max-token-requests-per-hour must be 0 (no budget) or more, not -1"));
	}

	@Test
	void negativeErrorCooldownFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues(registrations("jwt-bearer.registration.salesforce.error-cooldown=-5s"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtBearerRegistrationException.class)
				.hasMessageContaining("error-cooldown must be 0 (no cooldown) or more, not PT-5S"));
	}

	@Test
	void servletAndReactiveProvidersShareOneGuard() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues(registrations())
			.run((context) -> {
				JwtBearerTokenRequestGuard guard = context.getBean(JwtBearerTokenRequestGuard.class);
				assertThat(ReflectionTestUtils
					.getField(context.getBean(SignedAssertionOAuth2AuthorizedClientProvider.class), "guard"))
					.isSameAs(guard);
				assertThat(ReflectionTestUtils
					.getField(context.getBean(SignedAssertionReactiveOAuth2AuthorizedClientProvider.class), "guard"))
					.isSameAs(guard);
			});
	}

	@Test
	void guardIsConditionalOnMissingBean() {
		JwtBearerTokenRequestGuard mine = new JwtBearerTokenRequestGuard();
		this.contextRunner.withPropertyValues(registrations())
			.withBean("myGuard", JwtBearerTokenRequestGuard.class, () -> mine)
			.run((context) -> {
				assertThat(context).hasSingleBean(JwtBearerTokenRequestGuard.class).hasBean("myGuard");
				assertThat(ReflectionTestUtils
					.getField(context.getBean(SignedAssertionOAuth2AuthorizedClientProvider.class), "guard"))
					.isSameAs(mine);
			});
	}

	@Test
	void budgetGaugeIsRegisteredPerRegistrationWithABudget() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues(registrations())
			.run((context) -> {
				MeterRegistry meterRegistry = context.getBean(MeterRegistry.class);
				assertThat(meterRegistry.find(JwtBearerTokenBudgetMeterBinder.BUDGET_USED).gauges()).singleElement()
					.satisfies((gauge) -> {
						assertThat(gauge.getId().getTag("registration")).isEqualTo("salesforce");
						assertThat(gauge.getId().getTag("subject")).isNull();
						assertThat(gauge.value()).isZero();
					});
			});
	}

	@Test
	void endpointEndsTheCooldownOfTheGuard() {
		this.contextRunner
			.withPropertyValues(registrations("management.endpoints.web.exposure.include=jwtbearer",
					"management.endpoint.jwtbearer.access=UNRESTRICTED"))
			.run((context) -> {
				JwtBearerEndpoint endpoint = context.getBean(JwtBearerEndpoint.class);
				assertThat(endpoint.endCooldown("salesforce")).isEqualTo(new JwtBearerEndpoint.CooldownDescriptor(0));
				assertThat(endpoint.endCooldown("unknown")).isNull();
			});
	}

}
