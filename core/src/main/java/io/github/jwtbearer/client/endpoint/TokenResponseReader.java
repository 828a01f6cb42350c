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
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.util.StringUtils;

/**
 * Converts token response parameters with a
 * {@link JwtBearerAccessTokenResponseConverter}, refusing a body that holds an OAuth
 * error (some servers send one with status 200) or that the converter cannot use.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseReader {

	private final JwtBearerAccessTokenResponseConverter converter;

	TokenResponseReader(JwtBearerAccessTokenResponseConverter converter) {
		this.converter = converter;
	}

	OAuth2AccessTokenResponse convert(Map<String, Object> parameters) {
		if (TokenResponseErrors.hasError(parameters)) {
			throw new Refused(TokenResponseErrors.oauth2Error(parameters), null);
		}
		try {
			return this.converter.convert(parameters);
		}
		catch (RuntimeException ex) {
			// the converter's messages name what is missing, never a value
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			throw new Refused(null, "but " + StringUtils.uncapitalize(TokenResponseErrors.abbreviate(reason, 200)));
		}
	}

	/**
	 * A token response refused by {@link TokenResponseReader}: the server's OAuth error,
	 * or the reason. It passes through Spring Security's converter, which does not know
	 * the status, and leaves as a {@link TokenEndpointException}.
	 */
	static final class Refused extends RuntimeException {

		@Serial
		private static final long serialVersionUID = 1L;

		private final @Nullable OAuth2Error error;

		private final @Nullable String reason;

		Refused(@Nullable OAuth2Error error, @Nullable String reason) {
			super(null, null, false, false);
			this.error = error;
			this.reason = reason;
		}

		TokenEndpointException toException(int statusCode) {
			return (this.error != null) ? new TokenEndpointException(this.error, statusCode, null)
					: TokenResponseErrors.invalidResponse(statusCode, String.valueOf(this.reason));
		}

		static @Nullable Refused find(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof Refused refused) {
					return refused;
				}
			}
			return null;
		}

	}

}
