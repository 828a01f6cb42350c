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

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What is known of the tokens of one registration, as heard by
 * {@link JwtBearerTokenStates}: the last token obtained (for any subject), the last
 * renewal and failure, and counters. It holds no token.
 *
 * @param obtainedAt when the last token was obtained, or {@code null} before the first
 * @param expiresAt when the last token expires, or {@code null} before the first and once
 * it was evicted
 * @param instanceUrl the {@code instance_url} of the last token response, or {@code null}
 * @param lastRenewalAt when a token was last renewed ahead of expiry, or {@code null}
 * @param lastFailure the last failed token request, or {@code null}
 * @param failing whether the last token request failed
 * @param counters what happened to the registration's tokens so far
 * @param clockOffset how far the token endpoint's clock is ahead of this host's (negative
 * when behind), learned from an assertion it refused, or {@code null} while none was
 * @param learnedTokenLifetime the lifetime assumed for tokens without {@code expires_in}
 * since the API rejected one before it, or {@code null} while none was
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public record JwtBearerTokenState(@Nullable Instant obtainedAt, @Nullable Instant expiresAt,
		@Nullable String instanceUrl, @Nullable Instant lastRenewalAt, @Nullable JwtBearerTokenFailure lastFailure,
		boolean failing, Counters counters, @Nullable Duration clockOffset, @Nullable Duration learnedTokenLifetime) {

	/**
	 * Return whether the last token obtained is still valid at the given instant.
	 * @param now the instant
	 * @return whether there is a token that has not expired
	 */
	public boolean hasValidToken(Instant now) {
		return this.expiresAt != null && now.isBefore(this.expiresAt);
	}

	/**
	 * Return the state of the last token: {@code none} before the first, {@code valid},
	 * {@code expired}, or {@code evicted} after the API rejected it.
	 * @param now the instant
	 * @return the token state
	 */
	public String tokenState(Instant now) {
		if (this.expiresAt == null) {
			return (this.obtainedAt != null) ? "evicted" : "none";
		}
		return hasValidToken(now) ? "valid" : "expired";
	}

	/**
	 * Counts of what happened to the tokens of a registration since the application
	 * started.
	 *
	 * @param tokensObtained tokens obtained, renewals included
	 * @param cacheHits calls served a stored token, with no token request
	 * @param sharedRequests calls that joined a token request already in flight
	 * @param renewals tokens renewed ahead of expiry, in the background
	 * @param failures token requests that failed, renewals included
	 * @param evictions tokens evicted after the API rejected them (HTTP 401)
	 */
	public record Counters(long tokensObtained, long cacheHits, long sharedRequests, long renewals, long failures,
			long evictions) {

	}

}
