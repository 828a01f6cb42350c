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

import java.io.IOException;

import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * How a token request ended, told apart for metrics, traces and health: a low-cardinality
 * value that says whether trying again may help.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public enum JwtBearerTokenRequestOutcome {

	/**
	 * A token was obtained.
	 */
	SUCCESS("success"),

	/**
	 * The token endpoint refused the request with an OAuth error (RFC 6749 section 5.2),
	 * such as {@code invalid_grant}: the same request gets the same answer.
	 */
	OAUTH_ERROR("oauth_error"),

	/**
	 * The token endpoint answered a server error (5xx), 408 or 429, still so after the
	 * retries.
	 */
	TRANSIENT_ERROR("transient_error"),

	/**
	 * The token endpoint could not be reached or did not answer in time.
	 */
	IO_ERROR("io_error"),

	/**
	 * Anything else, such as a request cancelled before its answer.
	 */
	UNKNOWN("unknown");

	private final String value;

	JwtBearerTokenRequestOutcome(String value) {
		this.value = value;
	}

	/**
	 * Return the value used as a tag.
	 * @return the lowercase value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * Return the outcome of a failed token request.
	 * @param failure what the token request threw
	 * @return the outcome, never {@link #SUCCESS}
	 */
	public static JwtBearerTokenRequestOutcome of(Throwable failure) {
		// the status of the response decides before the OAuth error that wraps it
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TokenEndpointException endpoint) {
				return endpoint.isTransient() ? TRANSIENT_ERROR : OAUTH_ERROR;
			}
		}
		if (hasIoError(failure)) {
			return IO_ERROR;
		}
		return (oauth2Error(failure) != null) ? OAUTH_ERROR : UNKNOWN;
	}

	/**
	 * Return the OAuth error of a failed token request: the error code and description
	 * the token endpoint answered, or the one describing its status.
	 * @param failure what the token request threw
	 * @return the OAuth error, or {@code null} when the failure has none, as when the
	 * token endpoint could not be reached
	 */
	public static @Nullable OAuth2Error oauth2Error(Throwable failure) {
		// Spring Security reports an I/O error as invalid_token_response: no answer is
		// not an answer
		if (hasIoError(failure)) {
			return null;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof OAuth2AuthorizationException oauth2) {
				return oauth2.getError();
			}
		}
		return null;
	}

	private static boolean hasIoError(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TokenEndpointException) {
				return false;
			}
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

}
