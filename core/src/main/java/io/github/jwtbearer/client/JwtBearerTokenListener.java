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

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * Callback for what happens to the tokens of JWT bearer registrations: cache hits, shared
 * token requests, tokens obtained and renewed, failures and evictions, and what was
 * learned of the token endpoint's clock and of the lifetime of tokens. Metrics, health
 * and the actuator endpoint are built on it; it receives no secrets beyond the authorized
 * client itself, whose token a listener must never log.
 * <p>
 * Methods are called on the caller's thread (or the renewal's) and must return quickly.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public interface JwtBearerTokenListener {

	/**
	 * A caller got a valid token from the store, with no token request.
	 * @param registration the registration
	 */
	default void cacheHit(JwtBearerRegistration registration) {
	}

	/**
	 * A caller joined a token request already in flight for the same registration and
	 * subject, instead of sending its own.
	 * @param registration the registration
	 */
	default void sharedTokenRequest(JwtBearerRegistration registration) {
	}

	/**
	 * A token was obtained and stored.
	 * @param registration the registration
	 * @param subject the subject, or {@code null}
	 * @param authorizedClient the authorized client holding the new token
	 * @param renewal whether it was a renewal ahead of expiry, in the background
	 */
	default void tokenObtained(JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
	}

	/**
	 * A token request failed for good (after its retries).
	 * @param registration the registration
	 * @param subject the subject, or {@code null}
	 * @param failure the failure
	 * @param renewal whether it was a renewal ahead of expiry, in the background
	 */
	default void tokenRequestFailed(JwtBearerRegistration registration, @Nullable String subject, Throwable failure,
			boolean renewal) {
	}

	/**
	 * A token was forgotten on request, as after an HTTP 401 from the API.
	 * @param registration the registration
	 * @param subject the subject, or {@code null}
	 */
	default void tokenRemoved(JwtBearerRegistration registration, @Nullable String subject) {
	}

	/**
	 * The token endpoint refused an assertion as expired or not yet valid, and the
	 * {@code Date} of its answer showed that its clock differs from this host's: the
	 * registration's assertions are minted on the token endpoint's time from now on.
	 * @param registration the registration
	 * @param offset how far the token endpoint's clock is ahead of this host's; negative
	 * when it is behind
	 */
	default void clockOffsetDetected(JwtBearerRegistration registration, Duration offset) {
	}

	/**
	 * The API rejected a token (HTTP 401) well before the expiry assumed for it (a
	 * response without {@code expires_in}): the registration's tokens whose lifetime is
	 * assumed live at most this long from now on.
	 * @param registration the registration
	 * @param lifetime the lifetime now assumed
	 */
	default void tokenLifetimeLearned(JwtBearerRegistration registration, Duration lifetime) {
	}

}
