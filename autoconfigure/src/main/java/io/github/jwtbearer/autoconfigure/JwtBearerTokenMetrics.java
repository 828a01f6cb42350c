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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.util.Assert;

/**
 * A {@link JwtBearerTokenListener} that counts cache hits, shared token requests,
 * background renewals and evictions after HTTP 401 in a {@link MeterRegistry}, and
 * registers a gauge of the days left before each registration's certificate expires and
 * one of how far its token endpoint's clock is ahead of this host's. Every meter is
 * tagged with the {@code registration} and its {@code provider}; token requests
 * themselves are timed by their observation,
 * {@value io.github.jwtbearer.client.DefaultJwtBearerTokenRequestObservationConvention#NAME}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerTokenMetrics implements JwtBearerTokenListener {

	/**
	 * Calls served a stored token, with no token request.
	 */
	static final String CACHE_HITS = "jwt.bearer.token.cache.hits";

	/**
	 * Calls that joined a token request already in flight instead of sending their own.
	 */
	static final String SHARED_REQUESTS = "jwt.bearer.token.shared.requests";

	/**
	 * Renewals ahead of expiry, in the background, tagged with their {@code outcome}:
	 * {@code success} or {@code failure}.
	 */
	static final String RENEWALS = "jwt.bearer.token.renewals";

	/**
	 * Tokens evicted after the API rejected them (HTTP 401), each followed by one retry
	 * with a new token.
	 */
	static final String EVICTIONS = "jwt.bearer.token.evictions";

	/**
	 * Days left before the certificate of the signing key expires; negative once it has.
	 */
	static final String CERTIFICATE_EXPIRY = "jwt.bearer.certificate.expiry";

	/**
	 * Seconds the token endpoint's clock is ahead of this host's (negative when behind),
	 * as learned from an assertion it refused as expired or not yet valid; zero until
	 * then.
	 */
	static final String CLOCK_OFFSET = "jwt.bearer.clock.offset";

	private final MeterRegistry meterRegistry;

	private final Map<String, AtomicLong> clockOffsets = new ConcurrentHashMap<>();

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Create the metrics of the given registrations, registering their counters at once
	 * (at zero) and the certificate expiry gauge of those with a certificate.
	 * @param meterRegistry the meter registry
	 * @param registrations the registrations
	 * @param clock the clock that tells the days left
	 */
	JwtBearerTokenMetrics(MeterRegistry meterRegistry, Iterable<JwtBearerRegistration> registrations, Clock clock) {
		Assert.notNull(meterRegistry, "meterRegistry cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.meterRegistry = meterRegistry;
		for (JwtBearerRegistration registration : registrations) {
			meters(registration);
			AtomicLong clockOffset = new AtomicLong();
			this.clockOffsets.put(registration.getRegistrationId(), clockOffset);
			Gauge.builder(CLOCK_OFFSET, clockOffset, (millis) -> millis.get() / 1000.0)
				.description("How far the token endpoint's clock is ahead of this host's")
				.baseUnit("seconds")
				.tags(tags(registration))
				.strongReference(true)
				.register(meterRegistry);
			if (ObservedRegistrations.certificate(registration) != null) {
				// the certificate of the current key, which reload-on-update may replace
				Gauge.builder(CERTIFICATE_EXPIRY, registration, (observed) -> daysLeft(observed, clock))
					.description("Days left before the certificate of the signing key expires")
					.baseUnit("days")
					.tags(tags(registration))
					.strongReference(true)
					.register(meterRegistry);
			}
		}
	}

	private static double daysLeft(JwtBearerRegistration registration, Clock clock) {
		X509Certificate certificate = ObservedRegistrations.certificate(registration);
		return (certificate != null) ? ObservedRegistrations.daysLeft(certificate, clock) : Double.NaN;
	}

	@Override
	public void cacheHit(JwtBearerRegistration registration) {
		meters(registration).cacheHits().increment();
	}

	@Override
	public void sharedTokenRequest(JwtBearerRegistration registration) {
		meters(registration).sharedRequests().increment();
	}

	@Override
	public void tokenObtained(JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
		if (renewal) {
			meters(registration).renewals().increment();
		}
	}

	@Override
	public void tokenRequestFailed(JwtBearerRegistration registration, @Nullable String subject, Throwable failure,
			boolean renewal) {
		if (renewal) {
			meters(registration).failedRenewals().increment();
		}
	}

	@Override
	public void tokenRemoved(JwtBearerRegistration registration, @Nullable String subject) {
		meters(registration).evictions().increment();
	}

	@Override
	public void clockOffsetDetected(JwtBearerRegistration registration, Duration offset) {
		AtomicLong clockOffset = this.clockOffsets.get(registration.getRegistrationId());
		if (clockOffset != null) {
			clockOffset.set(offset.toMillis());
		}
	}

	private Meters meters(JwtBearerRegistration registration) {
		return this.meters.computeIfAbsent(registration.getRegistrationId(), (id) -> newMeters(registration));
	}

	private Meters newMeters(JwtBearerRegistration registration) {
		Tags tags = tags(registration);
		return new Meters(
				Counter.builder(CACHE_HITS)
					.description("Calls served a stored token, with no token request")
					.tags(tags)
					.register(this.meterRegistry),
				Counter.builder(SHARED_REQUESTS)
					.description("Calls that joined a token request already in flight")
					.tags(tags)
					.register(this.meterRegistry),
				renewals(tags, "success"), renewals(tags, "failure"),
				Counter.builder(EVICTIONS)
					.description("Tokens evicted after the API rejected them (HTTP 401)")
					.tags(tags)
					.register(this.meterRegistry));
	}

	private Counter renewals(Tags tags, String outcome) {
		return Counter.builder(RENEWALS)
			.description("Renewals of tokens ahead of expiry, in the background")
			.tags(tags)
			.tag("outcome", outcome)
			.register(this.meterRegistry);
	}

	private static Tags tags(JwtBearerRegistration registration) {
		return Tags.of("registration", registration.getRegistrationId(), "provider", registration.getProviderName());
	}

	private record Meters(Counter cacheHits, Counter sharedRequests, Counter renewals, Counter failedRenewals,
			Counter evictions) {

	}

}
