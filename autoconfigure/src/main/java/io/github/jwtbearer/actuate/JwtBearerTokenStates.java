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

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.JwtBearerTokenRequestOutcome;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.util.Assert;

/**
 * A {@link JwtBearerTokenListener} that keeps the {@link JwtBearerTokenState} of every
 * registration, for health and the actuator endpoint: when the last token was obtained
 * and expires, its {@code instance_url}, the last renewal and failure, and counters. It
 * keeps no token.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerTokenStates implements JwtBearerTokenListener {

	// a description from the token endpoint is shown, not stored without bound
	private static final int MAX_DESCRIPTION_LENGTH = 256;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	/**
	 * Return the state of a registration's tokens.
	 * @param registrationId the registration id
	 * @return the state; empty before anything happened
	 */
	public JwtBearerTokenState get(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		Entry entry = this.entries.get(registrationId);
		return (entry != null) ? entry.state() : new Entry().state();
	}

	@Override
	public void cacheHit(JwtBearerRegistration registration) {
		entry(registration).cacheHits.increment();
	}

	@Override
	public void sharedTokenRequest(JwtBearerRegistration registration) {
		entry(registration).sharedRequests.increment();
	}

	@Override
	public void tokenObtained(JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
		String instanceUrl = (authorizedClient instanceof JwtBearerAuthorizedClient jwtBearer)
				? jwtBearer.getInstanceUrl() : null;
		// the providers date a token by their clock when it arrives
		Instant issuedAt = authorizedClient.getAccessToken().getIssuedAt();
		entry(registration).obtained((issuedAt != null) ? issuedAt : this.clock.instant(),
				authorizedClient.getAccessToken().getExpiresAt(), instanceUrl, renewal);
	}

	@Override
	public void tokenRequestFailed(JwtBearerRegistration registration, @Nullable String subject, Throwable failure,
			boolean renewal) {
		OAuth2Error error = JwtBearerTokenRequestOutcome.oauth2Error(failure);
		String description = (error != null) ? error.getDescription() : describe(failure);
		entry(registration).failed(new JwtBearerTokenFailure(JwtBearerTokenRequestOutcome.of(failure).getValue(),
				(error != null) ? error.getErrorCode() : null, truncate(description), this.clock.instant(), renewal));
	}

	@Override
	public void tokenRemoved(JwtBearerRegistration registration, @Nullable String subject) {
		entry(registration).evicted();
	}

	@Override
	public void clockOffsetDetected(JwtBearerRegistration registration, Duration offset) {
		entry(registration).clockOffset = offset;
	}

	@Override
	public void tokenLifetimeLearned(JwtBearerRegistration registration, Duration lifetime) {
		entry(registration).learnedTokenLifetime = lifetime;
	}

	private Entry entry(JwtBearerRegistration registration) {
		return this.entries.computeIfAbsent(registration.getRegistrationId(), (id) -> new Entry());
	}

	// the kind of failure and its root cause, as "ResourceAccessException
	// (ConnectException:
	// Connection refused)"; only the message of an I/O error is shown, as other messages
	// may quote a response
	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String description = failure.getClass().getSimpleName();
		if (root != failure) {
			boolean io = root instanceof IOException && root.getMessage() != null;
			description += " (" + root.getClass().getSimpleName() + (io ? ": " + root.getMessage() : "") + ")";
		}
		return description;
	}

	private static @Nullable String truncate(@Nullable String description) {
		return (description != null && description.length() > MAX_DESCRIPTION_LENGTH)
				? description.substring(0, MAX_DESCRIPTION_LENGTH) + "..." : description;
	}

	/**
	 * Set the {@link Clock} that dates tokens and failures.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	private static final class Entry {

		private final LongAdder tokensObtained = new LongAdder();

		private final LongAdder cacheHits = new LongAdder();

		private final LongAdder sharedRequests = new LongAdder();

		private final LongAdder renewals = new LongAdder();

		private final LongAdder failures = new LongAdder();

		private final LongAdder evictions = new LongAdder();

		private @Nullable Instant obtainedAt;

		private @Nullable Instant expiresAt;

		private @Nullable String instanceUrl;

		private @Nullable Instant lastRenewalAt;

		private @Nullable JwtBearerTokenFailure lastFailure;

		private boolean failing;

		private volatile @Nullable Duration clockOffset;

		private volatile @Nullable Duration learnedTokenLifetime;

		synchronized void obtained(Instant at, @Nullable Instant expiresAt, @Nullable String instanceUrl,
				boolean renewal) {
			this.tokensObtained.increment();
			this.obtainedAt = at;
			this.expiresAt = expiresAt;
			this.instanceUrl = instanceUrl;
			if (renewal) {
				this.renewals.increment();
				this.lastRenewalAt = at;
			}
			this.failing = false;
		}

		// the token is gone: the next call obtains a new one
		synchronized void evicted() {
			this.evictions.increment();
			this.expiresAt = null;
		}

		synchronized void failed(JwtBearerTokenFailure failure) {
			this.failures.increment();
			this.lastFailure = failure;
			this.failing = true;
		}

		synchronized JwtBearerTokenState state() {
			return new JwtBearerTokenState(this.obtainedAt, this.expiresAt, this.instanceUrl, this.lastRenewalAt,
					this.lastFailure, this.failing,
					new JwtBearerTokenState.Counters(this.tokensObtained.sum(), this.cacheHits.sum(),
							this.sharedRequests.sum(), this.renewals.sum(), this.failures.sum(), this.evictions.sum()),
					this.clockOffset, this.learnedTokenLifetime);
		}

	}

}
