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

package io.github.jwtbearer.client.endpoint;

import java.io.Serial;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * An {@link OAuth2AuthorizationException} for an answer of the token endpoint that gives
 * no token, keeping the HTTP status and {@code Retry-After} that decide whether the
 * request is tried again, and its {@code Date}, which tells the token endpoint's time: an
 * error status, with the OAuth error of its body or one describing it; or a redirect, or
 * a success that is no token response (not JSON, too large, without {@code access_token},
 * not a Bearer token), with {@code invalid_token_response}. Its message never holds a
 * part of the body other than the OAuth error.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public class TokenEndpointException extends OAuth2AuthorizationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final int statusCode;

	private final @Nullable Duration retryAfter;

	private final @Nullable Instant date;

	/**
	 * Create a new exception.
	 * @param error the OAuth error of the response, or one describing it
	 * @param statusCode the HTTP status code
	 * @param retryAfter the {@code Retry-After} of the response, or {@code null}
	 */
	public TokenEndpointException(OAuth2Error error, int statusCode, @Nullable Duration retryAfter) {
		this(error, statusCode, retryAfter, null);
	}

	/**
	 * Create a new exception.
	 * @param error the OAuth error of the response, or one describing it
	 * @param statusCode the HTTP status code
	 * @param retryAfter the {@code Retry-After} of the response, or {@code null}
	 * @param date the {@code Date} of the response, or {@code null}
	 */
	public TokenEndpointException(OAuth2Error error, int statusCode, @Nullable Duration retryAfter,
			@Nullable Instant date) {
		super(error, "HTTP " + statusCode + " from the token endpoint: " + error);
		this.statusCode = statusCode;
		this.retryAfter = retryAfter;
		this.date = date;
	}

	/**
	 * Return the HTTP status code of the response.
	 * @return the status code
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return how long the token endpoint asked to wait before trying again.
	 * @return the {@code Retry-After} delay, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return the {@code Date} of the response (RFC 9110 section 6.6.1): when the token
	 * endpoint answered, by its own clock. Compared with the assertion it refused, it
	 * shows how far the clocks of this host and the token endpoint differ.
	 * @return the date of the response, to the second, or {@code null} when it had none
	 */
	public @Nullable Instant getDate() {
		return this.date;
	}

	/**
	 * Return whether the status is worth another try: a server error (5xx), 408 (request
	 * timeout) or 429 (too many requests). OAuth errors (400, 401) are not: the same
	 * request gets the same answer.
	 * @return whether a retry may succeed
	 */
	public boolean isTransient() {
		return this.statusCode >= 500 || this.statusCode == 408 || this.statusCode == 429;
	}

}
