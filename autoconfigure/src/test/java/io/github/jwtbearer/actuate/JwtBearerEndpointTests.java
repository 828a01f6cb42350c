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

package io.github.jwtbearer.actuate;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import io.github.jwtbearer.actuate.JwtBearerEndpoint.RegistrationDescriptor;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerEndpoint}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerEndpointTests {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final TestClock clock = TestClock.at(NOW);

	private final Instant notAfter = NOW.plus(Duration.ofDays(25));

	private final JwtBearerRegistration registration = TestActuateRegistrations
		.salesforce(TestActuateRegistrations.certificateUntil(this.notAfter));

	private final JwtBearerTokenStates states = new JwtBearerTokenStates();

	@Test
	void registrationsDescribesEveryRegistrationWithoutSecrets() throws Exception {
		RegistrationDescriptor descriptor = endpoint(false).registrations().registrations().get("salesforce");
		byte[] digest = MessageDigest.getInstance("SHA-256")
			.digest(TestActuateRegistrations.RSA.getPublic().getEncoded());
		assertThat(descriptor.provider()).isEqualTo("salesforce");
		assertThat(descriptor.tokenUri()).isEqualTo(TestActuateRegistrations.TOKEN_URI);
		assertThat(descriptor.audience()).isEqualTo("https://login.salesforce.com");
		assertThat(descriptor.issuer()).isEqualTo(TestRegistrations.CONSUMER_KEY);
		assertThat(descriptor.subject()).isEqualTo("integration@acme.com");
		assertThat(descriptor.algorithm()).isEqualTo("RS256");
		assertThat(descriptor.keyId()).isEqualTo("kid-1");
		assertThat(descriptor.keyFingerprint()).isEqualTo(HexFormat.of().formatHex(digest));
		assertThat(descriptor.certificate())
			.isEqualTo(new JwtBearerEndpoint.CertificateDescriptor("CN=acme-integration", this.notAfter, 25));
		assertThat(descriptor.token().state()).isEqualTo("none");
		assertThat(descriptor.counters()).isEqualTo(new JwtBearerTokenState.Counters(0, 0, 0, 0, 0, 0));
	}

	@Test
	void registrationsShowTheStateOfTokens() {
		this.states.setClock(this.clock);
		this.states.tokenObtained(this.registration, "integration@acme.com",
				TestActuateRegistrations.authorizedClient(this.registration, NOW, NOW.plus(Duration.ofMinutes(15))),
				false);
		this.states.cacheHit(this.registration);
		JwtBearerEndpoint endpoint = endpoint(false);
		RegistrationDescriptor descriptor = endpoint.registrations().registrations().get("salesforce");
		assertThat(descriptor.token()).isEqualTo(new JwtBearerEndpoint.TokenDescriptor("valid", NOW,
				NOW.plus(Duration.ofMinutes(15)), TestTokenEndpoint.INSTANCE_URL, null, null, null, null, null, null));
		assertThat(descriptor.counters().tokensObtained()).isOne();
		assertThat(descriptor.counters().cacheHits()).isOne();
		assertThat(descriptor.toString()).doesNotContain(TestActuateRegistrations.TOKEN_VALUE);
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(endpoint.registration("salesforce").token().state()).isEqualTo("expired");
	}

	@Test
	void registrationShowsTheLearnedClockOffsetAndTokenLifetime() {
		assertThat(endpoint(false).registration("salesforce").token().clockOffset()).isNull();
		assertThat(endpoint(false).registration("salesforce").token().learnedLifetime()).isNull();
		this.states.clockOffsetDetected(this.registration, Duration.ofMinutes(-5));
		this.states.tokenLifetimeLearned(this.registration, Duration.ofSeconds(125));
		JwtBearerEndpoint.TokenDescriptor token = endpoint(false).registration("salesforce").token();
		assertThat(token.clockOffset()).isEqualTo(Duration.ofMinutes(-5));
		assertThat(token.learnedLifetime()).isEqualTo(Duration.ofSeconds(125));
	}

	@Test
	void registrationsWhenSubjectResolvedPerCallSaySo() {
		assertThat(endpoint(true).registration("salesforce").subject())
			.isEqualTo("resolved per call, else integration@acme.com");
	}

	@Test
	void registrationWhenUnknownThenNull() {
		assertThat(endpoint(false).registration("unknown")).isNull();
	}

	@Test
	void registrationsOfARepositoryThatCannotListThemAreEmpty() {
		JwtBearerEndpoint endpoint = new JwtBearerEndpoint((id) -> this.registration, this.states, false);
		assertThat(endpoint.registrations().registrations()).isEmpty();
		assertThat(endpoint.registration("salesforce")).isNotNull();
	}

	private JwtBearerEndpoint endpoint(boolean subjectResolved) {
		JwtBearerEndpoint endpoint = new JwtBearerEndpoint(
				new InMemoryJwtBearerRegistrationRepository(this.registration), this.states, subjectResolved);
		endpoint.setClock(this.clock);
		return endpoint;
	}

}
