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

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.github.jwtbearer.actuate.JwtBearerTokenState;
import io.github.jwtbearer.actuate.JwtBearerTokenStates;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.util.Assert;

/**
 * A {@link HealthIndicator} of one JWT bearer registration, built from its last token
 * request as {@link JwtBearerTokenStates} heard it:
 * <ul>
 * <li>{@code UP} before the first token is needed, and while the last token obtained is
 * valid, even when a renewal ahead of expiry failed;</li>
 * <li>{@link #TOKEN_FAILURE} (or {@code DOWN}, when {@link #setDownOnFailure(boolean)
 * asked for}) when the last token request failed and no valid token is left, with the
 * error code, description and time;</li>
 * <li>{@code UP} again once a token is obtained.</li>
 * </ul>
 * By default it never sends a token request of its own. With an
 * {@link #setActiveCheck(OAuth2AuthorizedClientManager, Duration) active check}, a health
 * request without a valid token asks the manager for one, at most once per minimum
 * interval; a valid token is served from the store.
 * <p>
 * {@code TOKEN_FAILURE} is not in the status order of Spring Boot's
 * {@code StatusAggregator}, which leaves it out of every aggregate: a provider that
 * refuses a login does not turn the application's root health {@code DOWN} and take it
 * out of its load balancer.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerHealthIndicator implements HealthIndicator {

	/**
	 * The status of a registration whose last token request failed and that has no valid
	 * token left.
	 */
	static final Status TOKEN_FAILURE = new Status("TOKEN_FAILURE",
			"The last token request failed and no valid token is left");

	// the principal of active checks; the registration's configured subject is used
	private static final String ACTIVE_CHECK_PRINCIPAL = "jwt-bearer-health-check";

	private final JwtBearerRegistration registration;

	private final JwtBearerTokenStates states;

	private final AtomicReference<@Nullable Instant> lastActiveCheck = new AtomicReference<>();

	private @Nullable OAuth2AuthorizedClientManager activeCheckManager;

	private Duration activeCheckMinInterval = Duration.ofMinutes(5);

	private boolean downOnFailure;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create an indicator of the given registration.
	 * @param registration the registration
	 * @param states the token states of the registrations
	 */
	JwtBearerHealthIndicator(JwtBearerRegistration registration, JwtBearerTokenStates states) {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(states, "states cannot be null");
		this.registration = registration;
		this.states = states;
	}

	@Override
	public Health health() {
		Instant now = this.clock.instant();
		if (this.activeCheckManager != null) {
			checkActively(this.activeCheckManager, now);
		}
		JwtBearerTokenState state = this.states.get(this.registration.getRegistrationId());
		boolean failing = state.failing() && !state.hasValidToken(now);
		Health.Builder health = failing ? Health.status(this.downOnFailure ? Status.DOWN : TOKEN_FAILURE) : Health.up();
		health.withDetail("token", state.tokenState(now));
		if (state.expiresAt() != null) {
			health.withDetail("expiresAt", state.expiresAt());
		}
		if (state.instanceUrl() != null) {
			health.withDetail("instanceUrl", state.instanceUrl());
		}
		if (state.lastRenewalAt() != null) {
			health.withDetail("lastRenewalAt", state.lastRenewalAt());
		}
		if (state.lastFailure() != null) {
			health.withDetail("lastError", state.lastFailure());
		}
		X509Certificate certificate = ObservedRegistrations.certificate(this.registration);
		if (certificate != null) {
			health.withDetail("certificateExpiresAt", certificate.getNotAfter().toInstant());
			health.withDetail("certificateDaysLeft",
					(long) Math.floor(ObservedRegistrations.daysLeft(certificate, this.clock)));
		}
		return health.build();
	}

	private void checkActively(OAuth2AuthorizedClientManager manager, Instant now) {
		if (this.states.get(this.registration.getRegistrationId()).hasValidToken(now)) {
			return;
		}
		Instant last = this.lastActiveCheck.get();
		if (last != null && now.isBefore(last.plus(this.activeCheckMinInterval))) {
			return;
		}
		// one check per interval, however many health requests arrive at once
		if (!this.lastActiveCheck.compareAndSet(last, now)) {
			return;
		}
		try {
			manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(this.registration.getRegistrationId())
				.principal(ACTIVE_CHECK_PRINCIPAL)
				.build());
		}
		catch (RuntimeException ex) {
			// the manager's token listener has recorded the failure: the state tells it
		}
	}

	/**
	 * Let health requests obtain a token when none is valid, through the given manager,
	 * at most once per {@code minInterval}.
	 * @param manager the manager of the registration's tokens
	 * @param minInterval the shortest time between two token requests of the check
	 */
	void setActiveCheck(OAuth2AuthorizedClientManager manager, Duration minInterval) {
		Assert.notNull(manager, "manager cannot be null");
		Assert.notNull(minInterval, "minInterval cannot be null");
		Assert.isTrue(!minInterval.isNegative(), "minInterval must be >= 0");
		this.activeCheckManager = manager;
		this.activeCheckMinInterval = minInterval;
	}

	/**
	 * Set whether a registration that has no token to give reports {@code DOWN} rather
	 * than {@link #TOKEN_FAILURE}. {@code DOWN} turns the application's root health
	 * {@code DOWN}.
	 * @param downOnFailure whether to report {@code DOWN}
	 */
	void setDownOnFailure(boolean downOnFailure) {
		this.downOnFailure = downOnFailure;
	}

	/**
	 * Set the {@link Clock} that judges expiry and the active check's interval.
	 * @param clock the clock
	 */
	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

}
