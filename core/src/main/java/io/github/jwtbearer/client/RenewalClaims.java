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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Which token of each registration and subject a renewal ahead of expiry was started for:
 * the first caller that finds a token in its renewal window claims it, and no other
 * renewal is started for that token, whether the first succeeds or fails.
 * <p>
 * A claim lives no longer than its token: once a minute, at most, the claims of tokens
 * that have expired are dropped, so that subjects that never come back after a failed
 * renewal leave nothing behind.
 *
 * @author JWT Bearer for Spring contributors
 */
final class RenewalClaims {

	private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

	// the expiry of the token a renewal was started for
	private final Map<JwtBearerTokenKey, Instant> claims = new ConcurrentHashMap<>();

	private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

	/**
	 * Claim the renewal of the token that expires at the given instant.
	 * @param key the registration and subject
	 * @param expiresAt the expiry of the current token
	 * @param now the current instant, on the manager's clock
	 * @return whether the caller is the one to start the renewal
	 */
	boolean claim(JwtBearerTokenKey key, Instant expiresAt, Instant now) {
		purgeExpired(now);
		Instant claimed = this.claims.get(key);
		if (expiresAt.equals(claimed)) {
			return false;
		}
		return (claimed != null) ? this.claims.replace(key, claimed, expiresAt)
				: this.claims.putIfAbsent(key, expiresAt) == null;
	}

	/**
	 * Forget the claim once the token was renewed; a failed renewal keeps its claim, so
	 * the current token serves until it expires without another attempt.
	 * @param key the registration and subject
	 * @param expiresAt the expiry of the token that was renewed
	 */
	// a token without expiry is never claimed: nothing to release
	void renewed(JwtBearerTokenKey key, @Nullable Instant expiresAt) {
		if (expiresAt != null) {
			this.claims.remove(key, expiresAt);
		}
	}

	/**
	 * Give up a claim whose renewal never started, so that a later caller may claim it
	 * again.
	 * @param key the registration and subject
	 * @param expiresAt the expiry of the token whose renewal was claimed
	 */
	void release(JwtBearerTokenKey key, Instant expiresAt) {
		this.claims.remove(key, expiresAt);
	}

	/**
	 * Return the number of claims held.
	 * @return the number of claims
	 */
	int size() {
		return this.claims.size();
	}

	// one caller at a time, once a minute: the cost of the sweep is spread over the
	// claims made meanwhile
	private void purgeExpired(Instant now) {
		Instant next = this.nextPurge.get();
		if (now.isBefore(next) || !this.nextPurge.compareAndSet(next, now.plus(PURGE_INTERVAL))) {
			return;
		}
		this.claims.values().removeIf((expiresAt) -> !now.isBefore(expiresAt));
	}

	/**
	 * Forget any claim: a new token was obtained in the foreground.
	 * @param key the registration and subject
	 */
	void reset(JwtBearerTokenKey key) {
		this.claims.remove(key);
	}

}
