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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * When the managers last evicted tokens of each registration and subject because the API
 * rejected them (HTTP 401). An API that rejects every token, however new (a user without
 * the permission the API needs, say), would otherwise cost a login per call: the 401
 * retry evicts the token, and the next token is rejected too. Two evictions within
 * {@link #MIN_INTERVAL} are allowed, so that a session revoked twice in a row still gets
 * a new token each time; past them, a rejected token is kept and the 401 goes to the
 * caller until the older eviction is a minute old.
 *
 * @author JWT Bearer for Spring contributors
 */
final class RejectionEvictions {

	static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

	// two a minute: a session revoked again soon after a first revocation still gets a
	// new token; a third is an API that rejects them all
	private final Cache<JwtBearerTokenKey, Evictions> lastEvictions = Caffeine.newBuilder()
		.expireAfterWrite(MIN_INTERVAL)
		.executor(Runnable::run)
		.build();

	/**
	 * Return whether a token of the key that the API rejected may be evicted now, and
	 * remember the eviction when it may.
	 * @param key the registration and subject
	 * @param now the current time
	 * @return whether to evict the rejected token
	 */
	boolean tryEvict(JwtBearerTokenKey key, Instant now) {
		boolean[] evict = new boolean[1];
		this.lastEvictions.asMap().compute(key, (k, evictions) -> {
			Instant previous = (evictions != null) ? evictions.previous() : null;
			if (evictions != null && previous != null && !now.isBefore(previous)
					&& now.isBefore(previous.plus(MIN_INTERVAL))) {
				return evictions;
			}
			evict[0] = true;
			return new Evictions((evictions != null) ? evictions.last() : null, now);
		});
		return evict[0];
	}

	private record Evictions(@Nullable Instant previous, Instant last) {

	}

}
