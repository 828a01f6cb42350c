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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.jwtbearer.actuate.TestActuateRegistrations;
import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link JwtBearerTokenMetrics}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenMetricsTests {

	private static final Instant NOW = Instant.now();

	private final TestClock clock = TestClock.at(NOW);

	private final MeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final JwtBearerRegistration registration = TestActuateRegistrations.salesforce();

	@Test
	void countersAreRegisteredAtZeroForEveryRegistration() {
		new JwtBearerTokenMetrics(this.meterRegistry, List.of(this.registration), this.clock);
		for (String name : List.of("jwt.bearer.token.cache.hits", "jwt.bearer.token.shared.requests",
				"jwt.bearer.token.evictions")) {
			assertThat(this.meterRegistry.get(name)
				.tag("registration", "salesforce")
				.tag("provider", "salesforce")
				.counter()
				.count()).isZero();
		}
		assertThat(this.meterRegistry.get("jwt.bearer.token.renewals").counters()).hasSize(2);
	}

	@Test
	void eventsAreCountedPerRegistration() {
		JwtBearerTokenMetrics metrics = new JwtBearerTokenMetrics(this.meterRegistry, List.of(this.registration),
				this.clock);
		metrics.cacheHit(this.registration);
		metrics.cacheHit(this.registration);
		metrics.sharedTokenRequest(this.registration);
		metrics.tokenRemoved(this.registration, "integration@acme.com");
		metrics.tokenObtained(this.registration, null,
				TestActuateRegistrations.authorizedClient(this.registration, NOW, NOW.plusSeconds(900)), false);
		metrics.tokenObtained(this.registration, null,
				TestActuateRegistrations.authorizedClient(this.registration, NOW, NOW.plusSeconds(900)), true);
		metrics.tokenRequestFailed(this.registration, null,
				new TokenEndpointException(new OAuth2Error("server_error"), 503, null), true);
		metrics.tokenRequestFailed(this.registration, null,
				new TokenEndpointException(new OAuth2Error("server_error"), 503, null), false);
		assertThat(count("jwt.bearer.token.cache.hits")).isEqualTo(2);
		assertThat(count("jwt.bearer.token.shared.requests")).isOne();
		assertThat(count("jwt.bearer.token.evictions")).isOne();
		assertThat(this.meterRegistry.get("jwt.bearer.token.renewals").tag("outcome", "success").counter().count())
			.isOne();
		assertThat(this.meterRegistry.get("jwt.bearer.token.renewals").tag("outcome", "failure").counter().count())
			.isOne();
	}

	@Test
	void certificateExpiryGaugeTellsTheDaysLeft() {
		JwtBearerRegistration withCertificate = TestActuateRegistrations
			.salesforce(TestActuateRegistrations.certificateUntil(NOW.plus(Duration.ofDays(10))));
		new JwtBearerTokenMetrics(this.meterRegistry, List.of(withCertificate), this.clock);
		// X.509 validity has a resolution of seconds
		assertThat(gauge()).isCloseTo(10.0, within(0.001));
		this.clock.advance(Duration.ofDays(11));
		assertThat(gauge()).isCloseTo(-1.0, within(0.001));
		assertThat(this.meterRegistry.get("jwt.bearer.certificate.expiry").gauge().getId().getBaseUnit())
			.isEqualTo("days");
	}

	@Test
	void clockOffsetGaugeIsZeroUntilAnOffsetIsDetected() {
		JwtBearerTokenMetrics metrics = new JwtBearerTokenMetrics(this.meterRegistry, List.of(this.registration),
				this.clock);
		assertThat(clockOffset()).isZero();
		metrics.clockOffsetDetected(this.registration, Duration.ofMinutes(5));
		assertThat(clockOffset()).isEqualTo(300.0);
		metrics.clockOffsetDetected(this.registration, Duration.ofMillis(-2500));
		assertThat(clockOffset()).isEqualTo(-2.5);
		assertThat(this.meterRegistry.get(JwtBearerTokenMetrics.CLOCK_OFFSET).gauge().getId().getBaseUnit())
			.isEqualTo("seconds");
	}

	private double clockOffset() {
		return this.meterRegistry.get(JwtBearerTokenMetrics.CLOCK_OFFSET)
			.tag("registration", "salesforce")
			.tag("provider", this.registration.getProviderName())
			.gauge()
			.value();
	}

	@Test
	void certificateExpiryGaugeIsAbsentWithoutCertificate() {
		new JwtBearerTokenMetrics(this.meterRegistry, List.of(this.registration), this.clock);
		assertThat(this.meterRegistry.find("jwt.bearer.certificate.expiry").gauge()).isNull();
	}

	private double count(String name) {
		return this.meterRegistry.get(name).tag("registration", "salesforce").counter().count();
	}

	private double gauge() {
		return this.meterRegistry.get("jwt.bearer.certificate.expiry")
			.tag("registration", "salesforce")
			.tag("provider", "salesforce")
			.gauge()
			.value();
	}

}
