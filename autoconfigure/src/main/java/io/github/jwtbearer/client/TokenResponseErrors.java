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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Turns an error response of the token endpoint into a {@link TokenEndpointException}:
 * the OAuth error of its JSON body (RFC 6749 section 5.2) when there is one, otherwise an
 * error that names the status and the content type, never the body itself.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseErrors {

	private TokenResponseErrors() {
	}

	static TokenEndpointException exception(int statusCode, HttpHeaders headers,
			@Nullable Map<String, Object> parameters) {
		OAuth2Error error = (parameters != null && parameters.get(OAuth2ParameterNames.ERROR) != null)
				? oauth2Error(parameters) : describe(statusCode, headers.getContentType());
		return new TokenEndpointException(error, statusCode, retryAfter(headers, Instant.now()));
	}

	static OAuth2Error oauth2Error(Map<String, Object> parameters) {
		Object description = parameters.get(OAuth2ParameterNames.ERROR_DESCRIPTION);
		Object uri = parameters.get(OAuth2ParameterNames.ERROR_URI);
		return new OAuth2Error(String.valueOf(parameters.get(OAuth2ParameterNames.ERROR)),
				(description != null) ? description.toString() : null, (uri != null) ? uri.toString() : null);
	}

	static OAuth2Error describe(int statusCode, @Nullable MediaType contentType) {
		String code = (statusCode >= 500) ? OAuth2ErrorCodes.SERVER_ERROR : "invalid_token_response";
		return new OAuth2Error(code,
				"The token endpoint answered HTTP " + statusCode + " with "
						+ ((contentType != null) ? contentType.toString() : "no content type") + " and no OAuth error",
				null);
	}

	// RFC 9110 section 10.2.3: delay-seconds or an HTTP-date
	static @Nullable Duration retryAfter(HttpHeaders headers, Instant now) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			long seconds = Long.parseLong(value.trim());
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration delay = Duration.between(now, at);
				return delay.isNegative() ? Duration.ZERO : delay;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

}
