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

package io.github.jwtbearer.sample.org;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The sessions of the org: the access tokens it issued and when each expires. Like
 * Salesforce's, a token is opaque (the org id, {@code !}, then random characters) and
 * lives as long as the session timeout.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Sessions {

	private static final String TOKEN_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";

	private final String organizationId;

	private final Duration timeout;

	private final Clock clock;

	private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

	Sessions(String organizationId, Duration timeout, Clock clock) {
		this.organizationId = organizationId;
		this.timeout = timeout;
		this.clock = clock;
	}

	/**
	 * Start a session.
	 * @return its access token
	 */
	String start() {
		String token = this.organizationId + "!AQ" + SalesforceIds.randomCharacters(94, TOKEN_CHARACTERS);
		this.expiries.put(token, this.clock.instant().plus(this.timeout));
		return token;
	}

	/**
	 * Return whether a token belongs to a live session.
	 * @param token the access token, or {@code null}
	 * @return whether the token is valid
	 */
	boolean isValid(@Nullable String token) {
		if (token == null) {
			return false;
		}
		Instant expiry = this.expiries.get(token);
		if (expiry == null) {
			return false;
		}
		if (!this.clock.instant().isBefore(expiry)) {
			this.expiries.remove(token);
			return false;
		}
		return true;
	}

	/**
	 * End every session.
	 */
	void endAll() {
		this.expiries.clear();
	}

}
