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

import io.github.jwtbearer.actuate.JwtBearerTokenFailure;
import io.github.jwtbearer.actuate.JwtBearerTokenStates;
import io.github.jwtbearer.actuate.TestActuateRegistrations;
import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * Tests for {@link JwtBearerHealthIndicator}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private final TestClock clock = TestClock.at(NOW);

	private final JwtBearerRegistration registration = TestActuateRegistrations.salesforce();

	private final JwtBearerTokenStates states = new JwtBearerTokenStates();

	private final JwtBearerHealthIndicator indicator = new JwtBearerHealthIndicator(this.registration, this.states);

	@BeforeEach
	void setClocks() {
		this.states.setClock(this.clock);
		this.indicator.setClock(this.clock);
	}

	@Test
	void healthBeforeTheFirstTokenIsNeededIsUp() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnly(entry("token", "none"));
	}

	@Test
	void healthWithValidTokenIsUpWithItsExpiryAndInstanceUrl() {
		obtainToken(Duration.ofMinutes(15));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("token", "valid")
			.containsEntry("expiresAt", NOW.plus(Duration.ofMinutes(15)))
			.containsEntry("instanceUrl", TestTokenEndpoint.INSTANCE_URL)
			.doesNotContainKey("lastError");
		assertThat(health.toString()).doesNotContain(TestActuateRegistrations.TOKEN_VALUE);
	}

	@Test
	void healthAfterOAuthErrorWithoutValidTokenIsTokenFailureWithCodeAndTime() {
		failWith(
				new ClientAuthorizationException(
						new OAuth2Error("invalid_grant", "user hasn't approved this consumer", null), "salesforce"),
				false);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(JwtBearerHealthIndicator.TOKEN_FAILURE);
		assertThat(health.getDetails()).containsEntry("token", "none")
			.containsEntry("lastError", new JwtBearerTokenFailure("oauth_error", "invalid_grant",
					"user hasn't approved this consumer", NOW, false));
	}

	@Test
	void healthAfterOAuthErrorWhenDownOnFailureIsDown() {
		this.indicator.setDownOnFailure(true);
		failWith(new TokenEndpointException(new OAuth2Error("invalid_grant"), 400, null), false);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.clock.advance(Duration.ofMinutes(1));
		obtainToken(Duration.ofMinutes(15));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void healthAfterFailedRenewalWhileTokenIsValidIsUpWithTheError() {
		obtainToken(Duration.ofMinutes(15));
		this.clock.advance(Duration.ofMinutes(13));
		failWith(new TokenEndpointException(new OAuth2Error("server_error"), 503, null), true);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("token", "valid").containsKey("lastError");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.indicator.health().getStatus()).isEqualTo(JwtBearerHealthIndicator.TOKEN_FAILURE);
		assertThat(this.indicator.health().getDetails()).containsEntry("token", "expired");
	}

	@Test
	void healthAfterTokenExpiredWithoutFailureIsUp() {
		obtainToken(Duration.ofMinutes(15));
		this.clock.advance(Duration.ofHours(1));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("token", "expired");
	}

	@Test
	void healthOnceATokenIsObtainedAgainIsUp() {
		failWith(new TokenEndpointException(new OAuth2Error("invalid_grant"), 400, null), false);
		assertThat(this.indicator.health().getStatus()).isEqualTo(JwtBearerHealthIndicator.TOKEN_FAILURE);
		this.clock.advance(Duration.ofMinutes(1));
		obtainToken(Duration.ofMinutes(15));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void healthShowsTheCertificateExpiry() {
		Instant notAfter = NOW.plus(Duration.ofDays(20));
		JwtBearerHealthIndicator indicator = new JwtBearerHealthIndicator(
				TestActuateRegistrations.salesforce(TestActuateRegistrations.certificateUntil(notAfter)), this.states);
		indicator.setClock(this.clock);
		assertThat(indicator.health().getDetails()).containsEntry("certificateExpiresAt", notAfter)
			.containsEntry("certificateDaysLeft", 20L);
	}

	@Test
	void healthWithActiveCheckAsksForATokenAtMostOncePerInterval() {
		OAuth2AuthorizedClientManager manager = mock(OAuth2AuthorizedClientManager.class);
		given(manager.authorize(any())).willAnswer((invocation) -> {
			failWith(new TokenEndpointException(new OAuth2Error("invalid_grant"), 400, null), false);
			throw new ClientAuthorizationException(new OAuth2Error("invalid_grant"), "salesforce");
		});
		this.indicator.setActiveCheck(manager, Duration.ofMinutes(5));
		assertThat(this.indicator.health().getStatus()).isEqualTo(JwtBearerHealthIndicator.TOKEN_FAILURE);
		this.clock.advance(Duration.ofMinutes(4));
		this.indicator.health();
		then(manager).should(times(1)).authorize(any());
		this.clock.advance(Duration.ofMinutes(1));
		this.indicator.health();
		then(manager).should(times(2)).authorize(any());
	}

	@Test
	void healthWithActiveCheckAsksForTheRegistrationsToken() {
		OAuth2AuthorizedClientManager manager = mock(OAuth2AuthorizedClientManager.class);
		given(manager.authorize(any())).willAnswer((invocation) -> {
			OAuth2AuthorizeRequest request = invocation.getArgument(0);
			assertThat(request.getClientRegistrationId()).isEqualTo("salesforce");
			obtainToken(Duration.ofMinutes(15));
			return null;
		});
		this.indicator.setActiveCheck(manager, Duration.ofMinutes(5));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("token", "valid");
	}

	@Test
	void healthWithActiveCheckAndValidTokenAsksForNothing() {
		OAuth2AuthorizedClientManager manager = mock(OAuth2AuthorizedClientManager.class);
		this.indicator.setActiveCheck(manager, Duration.ZERO);
		obtainToken(Duration.ofMinutes(15));
		this.indicator.health();
		then(manager).should(never()).authorize(any());
	}

	private void obtainToken(Duration lifetime) {
		Instant now = this.clock.instant();
		this.states.tokenObtained(this.registration, "integration@acme.com",
				TestActuateRegistrations.authorizedClient(this.registration, now, now.plus(lifetime)), false);
	}

	private void failWith(RuntimeException failure, boolean renewal) {
		this.states.tokenRequestFailed(this.registration, "integration@acme.com", failure, renewal);
	}

}
