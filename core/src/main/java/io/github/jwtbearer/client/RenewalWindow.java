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

package io.github.jwtbearer.client;

import java.time.Duration;
import java.time.Instant;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * When a token is renewed in the background and when it counts as expired: the
 * registration's {@code clock-skew} and {@code refresh-before-expiry}, shrunk for tokens
 * too short-lived to bear them.
 * <p>
 * Together the two take at most half of a token's lifetime; when the configured values
 * would take more, both shrink in proportion. With the defaults (60 seconds each) a token
 * that lives 60 seconds is served alone for 30 seconds, renewed in the background from
 * then on and replaced after 45 seconds; one that lives 15 minutes is renewed from 13
 * minutes on, as configured. Without that, a window as long as the lifetime would make
 * every call a token request.
 *
 * @author JWT Bearer for Spring contributors
 */
final class RenewalWindow {

	// the share of a token's lifetime that clock skew and renewal margin may take
	// together: the other half at least, the token is served with no token request
	private static final int MAX_SHARE_DIVISOR = 2;

	// in milliseconds: a cache hit judges its token with this, and must not allocate
	// (Duration arithmetic such as dividedBy goes through BigDecimal)
	private final long clockSkewMillis;

	private final long refreshBeforeExpiryMillis;

	private RenewalWindow(long clockSkewMillis, long refreshBeforeExpiryMillis) {
		this.clockSkewMillis = clockSkewMillis;
		this.refreshBeforeExpiryMillis = refreshBeforeExpiryMillis;
	}

	/**
	 * Return the window of a token of the given registration.
	 * @param token the token, dated by the manager's clock when it arrived
	 * @param registration the registration
	 * @return the window; the configured one when the token has no known lifetime
	 */
	static RenewalWindow of(OAuth2AccessToken token, JwtBearerRegistration registration) {
		Instant issuedAt = token.getIssuedAt();
		Instant expiresAt = token.getExpiresAt();
		long lifetimeMillis = (issuedAt != null && expiresAt != null)
				? expiresAt.toEpochMilli() - issuedAt.toEpochMilli() : -1;
		return of(lifetimeMillis, registration.getClockSkew().toMillis(),
				registration.getRefreshBeforeExpiry().toMillis());
	}

	/**
	 * Return the window of a token that lives the given time.
	 * @param lifetime the token's lifetime, or {@code null} when unknown
	 * @param clockSkew the configured clock skew
	 * @param refreshBeforeExpiry the configured renewal margin
	 * @return the window
	 */
	static RenewalWindow of(@Nullable Duration lifetime, Duration clockSkew, Duration refreshBeforeExpiry) {
		return of((lifetime != null) ? lifetime.toMillis() : -1, clockSkew.toMillis(), refreshBeforeExpiry.toMillis());
	}

	private static RenewalWindow of(long lifetimeMillis, long clockSkewMillis, long refreshBeforeExpiryMillis) {
		long configured = clockSkewMillis + refreshBeforeExpiryMillis;
		long max = lifetimeMillis / MAX_SHARE_DIVISOR;
		if (lifetimeMillis < 0 || configured == 0 || configured <= max) {
			return new RenewalWindow(clockSkewMillis, refreshBeforeExpiryMillis);
		}
		// both in proportion, so that a skew twice the margin stays twice the margin
		long scaledSkew = Math.round(clockSkewMillis * ((double) max / configured));
		return new RenewalWindow(scaledSkew, max - scaledSkew);
	}

	/**
	 * Return the instant from which the token counts as expired: its expiry less the
	 * clock skew.
	 * @param expiresAt the token's expiry
	 * @return the instant from which a caller waits for a new token
	 */
	Instant expiry(Instant expiresAt) {
		return expiresAt.minusMillis(this.clockSkewMillis);
	}

	/**
	 * Return the instant from which the token is renewed in the background: its expiry
	 * less the clock skew and the renewal margin.
	 * @param expiresAt the token's expiry
	 * @return the instant from which a caller starts a renewal
	 */
	Instant renewalStart(Instant expiresAt) {
		return expiresAt.minusMillis(this.clockSkewMillis + this.refreshBeforeExpiryMillis);
	}

	/**
	 * Return whether the token counts as expired at the given time.
	 * @param expiresAt the token's expiry
	 * @param nowMillis the current time, in epoch milliseconds
	 * @return whether a caller waits for a new token
	 */
	boolean hasExpired(Instant expiresAt, long nowMillis) {
		return nowMillis >= expiresAt.toEpochMilli() - this.clockSkewMillis;
	}

	/**
	 * Return whether the token is due for renewal in the background at the given time.
	 * @param expiresAt the token's expiry
	 * @param nowMillis the current time, in epoch milliseconds
	 * @return whether a caller starts a renewal
	 */
	boolean isDue(Instant expiresAt, long nowMillis) {
		return nowMillis >= expiresAt.toEpochMilli() - this.clockSkewMillis - this.refreshBeforeExpiryMillis;
	}

	Duration getClockSkew() {
		return Duration.ofMillis(this.clockSkewMillis);
	}

	Duration getRefreshBeforeExpiry() {
		return Duration.ofMillis(this.refreshBeforeExpiryMillis);
	}

}
