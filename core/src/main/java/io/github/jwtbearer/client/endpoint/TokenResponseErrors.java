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

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.StringUtils;

/**
 * Turns what goes wrong at the token endpoint into exceptions that say what happened and
 * never repeat a body: an error status becomes a {@link TokenEndpointException} with the
 * OAuth error of its JSON body (RFC 6749 section 5.2) or one naming the status and the
 * content type; a success that is no token response becomes a
 * {@link TokenEndpointException} with {@code invalid_token_response}; an I/O failure
 * becomes an {@link OAuth2AuthorizationException} with {@code invalid_token_response}
 * that names the fault (refused, connect or read timeout, unknown host, TLS) and keeps
 * the I/O exception as its cause, so that it is retried.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseErrors {

	/**
	 * Spring Security's error code for an answer that is not a token response.
	 */
	static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	/**
	 * The most bytes of a token endpoint's body that are read: a token response is a few
	 * KB at most (Salesforce's is under 1 KB).
	 */
	static final int MAX_BODY_SIZE = 64 * 1024;

	private static final MediaType JSON_SUFFIX = new MediaType("application", "*+json");

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){1,3}");

	private TokenResponseErrors() {
	}

	static TokenEndpointException exception(int statusCode, HttpHeaders headers,
			@Nullable Map<String, Object> parameters) {
		OAuth2Error error = (parameters != null && hasError(parameters)) ? oauth2Error(parameters)
				: describe(statusCode, contentType(headers));
		return new TokenEndpointException(error, statusCode, retryAfter(headers, Instant.now()), date(headers));
	}

	/**
	 * Return whether parameters hold an OAuth error: an {@code error} that is text (RFC
	 * 6749 section 5.2).
	 * @param parameters the parameters of a JSON body
	 * @return whether there is an error code
	 */
	static boolean hasError(Map<String, Object> parameters) {
		return parameters.get(OAuth2ParameterNames.ERROR) instanceof String error && StringUtils.hasText(error);
	}

	static OAuth2Error oauth2Error(Map<String, Object> parameters) {
		Object description = parameters.get(OAuth2ParameterNames.ERROR_DESCRIPTION);
		Object uri = parameters.get(OAuth2ParameterNames.ERROR_URI);
		return safe(new OAuth2Error(String.valueOf(parameters.get(OAuth2ParameterNames.ERROR)),
				(description != null) ? description.toString() : null, (uri != null) ? uri.toString() : null));
	}

	/**
	 * Return the error of a token endpoint as it may be shown anywhere (in an exception,
	 * its cause, a log line, health or an actuator endpoint): a JWT it echoes (the
	 * assertion) masked, its description shortened, and control characters, which could
	 * forge log lines, replaced.
	 * @param error the error as the token endpoint sent it
	 * @return the error to keep
	 */
	static OAuth2Error safe(OAuth2Error error) {
		String description = error.getDescription();
		String uri = error.getUri();
		return new OAuth2Error(printable(abbreviate(error.getErrorCode(), 100)),
				(description != null) ? printable(abbreviate(maskJwts(description), 500)) : null,
				(uri != null) ? printable(abbreviate(uri, 500)) : null);
	}

	// a compact JWS or JWE: base64url of '{"', a payload, then one to three more parts
	private static String maskJwts(String text) {
		Matcher jwt = JWT.matcher(text);
		StringBuilder masked = new StringBuilder();
		while (jwt.find()) {
			String found = jwt.group();
			jwt.appendReplacement(masked,
					Matcher.quoteReplacement(found.substring(0, 4) + "...(" + found.length() + " characters)"));
		}
		return jwt.appendTail(masked).toString();
	}

	/**
	 * Replace the control characters of a text (line breaks, escape sequences) by
	 * {@code '?'}, so that a text from outside cannot start a new log line.
	 * @param text the text
	 * @return the text without control characters
	 */
	static String printable(String text) {
		StringBuilder printable = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				if (printable == null) {
					printable = new StringBuilder(text);
				}
				printable.setCharAt(i, '?');
			}
		}
		return (printable != null) ? printable.toString() : text;
	}

	static OAuth2Error describe(int statusCode, @Nullable MediaType contentType) {
		String code = (statusCode >= 500) ? OAuth2ErrorCodes.SERVER_ERROR : INVALID_TOKEN_RESPONSE;
		return new OAuth2Error(code,
				"The token endpoint answered HTTP " + statusCode + " with "
						+ ((contentType != null) ? contentType.toString() : "no content type") + " and no OAuth error",
				null);
	}

	/**
	 * Create the exception for an answer that is not an error status yet gives no token.
	 * @param statusCode the status code
	 * @param reason what is wrong with the answer, never a part of its body
	 * @return the exception
	 */
	static TokenEndpointException invalidResponse(int statusCode, String reason) {
		return new TokenEndpointException(new OAuth2Error(INVALID_TOKEN_RESPONSE,
				"The token endpoint answered HTTP " + statusCode + " " + reason, null), statusCode, null);
	}

	/**
	 * Create the exception for a body that is not JSON, naming the content type.
	 * @param statusCode the status code
	 * @param headers the headers of the answer
	 * @return the exception
	 */
	static TokenEndpointException notJson(int statusCode, HttpHeaders headers) {
		MediaType contentType = contentType(headers);
		return invalidResponse(statusCode,
				(contentType != null && !isJson(contentType))
						? "with " + contentType + ", not a JSON token response (RFC 6749 section 5.1)"
						: "with a body that is not a JSON object (RFC 6749 section 5.1)");
	}

	/**
	 * Create the exception for a redirect, naming its location without the query.
	 * @param statusCode the status code
	 * @param headers the headers of the answer
	 * @return the exception
	 */
	static TokenEndpointException redirect(int statusCode, HttpHeaders headers) {
		String location = headers.getFirst(HttpHeaders.LOCATION);
		int query = (location != null) ? location.indexOf('?') : -1;
		return invalidResponse(statusCode,
				"with a redirect"
						+ ((location != null)
								? " to " + abbreviate((query >= 0) ? location.substring(0, query) : location, 200) : "")
						+ ", which is not followed so that the assertion goes to token-uri only");
	}

	/**
	 * Create the exception for a body above {@link #MAX_BODY_SIZE}.
	 * @param statusCode the status code
	 * @return the exception
	 */
	static TokenEndpointException tooLarge(int statusCode) {
		return invalidResponse(statusCode, "with a body larger than " + (MAX_BODY_SIZE / 1024) + " KB");
	}

	/**
	 * Create the exception for a token request that got no whole answer, naming the fault
	 * and keeping it as the cause.
	 * @param tokenUri the token endpoint
	 * @param failure the I/O failure
	 * @param registration the registration, for its timeouts
	 * @return the exception
	 */
	static OAuth2AuthorizationException noResponse(URI tokenUri, Throwable failure,
			JwtBearerRegistration registration) {
		String endpoint = tokenUri.getHost() + ":" + port(tokenUri);
		OAuth2Error error = new OAuth2Error(INVALID_TOKEN_RESPONSE,
				"No answer from the token endpoint at " + endpoint + ": " + fault(failure, registration), null);
		// a timeout of the reactive body is no IOException: make it one, so that it is
		// retried as the servlet client's is
		Throwable cause = (failure instanceof TimeoutException) ? timeout(failure) : failure;
		return new OAuth2AuthorizationException(error, cause);
	}

	private static String fault(Throwable failure, JwtBearerRegistration registration) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException || isConnectTimeout(cause)) {
				return "no connection within the connect-timeout of " + format(registration.getConnectTimeout());
			}
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
					|| cause instanceof TimeoutException) {
				return "no answer within the read-timeout of " + format(registration.getReadTimeout());
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof UnknownHostException) {
				return "unknown host";
			}
			if (cause instanceof SSLException) {
				return "the TLS handshake failed (" + cause.getClass().getSimpleName() + ")";
			}
		}
		// the messages of I/O exceptions name the fault, never the body
		String message = failure.getMessage();
		return "I/O error (" + failure.getClass().getSimpleName()
				+ ((message != null) ? ": " + abbreviate(message, 200) : "") + ")";
	}

	// the OS gave up connecting, or a client other than the JDK's timed out connecting
	private static boolean isConnectTimeout(Throwable failure) {
		String message = (failure.getMessage() != null) ? failure.getMessage().toLowerCase(Locale.ROOT) : "";
		return (failure instanceof ConnectException && message.contains("timed out"))
				|| (failure instanceof SocketTimeoutException && message.contains("connect"));
	}

	private static HttpTimeoutException timeout(Throwable failure) {
		HttpTimeoutException timeout = new HttpTimeoutException("no answer within the read timeout");
		timeout.initCause(failure);
		return timeout;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
	}

	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	static URI tokenUri(JwtBearerRegistration registration) {
		return URI.create(registration.getClientRegistration().getProviderDetails().getTokenUri());
	}

	/**
	 * Mask a secret that must be shown: its first 4 characters and its length.
	 * @param secret the token or other secret
	 * @return the masked form, such as {@code "00Dx...(112 characters)"}
	 */
	static String mask(String secret) {
		return secret.substring(0, Math.min(4, secret.length())) + "...(" + secret.length() + " characters)";
	}

	static String abbreviate(String text, int maxLength) {
		return (text.length() > maxLength) ? text.substring(0, maxLength) + "..." : text;
	}

	/**
	 * Return the content type, or {@code null} when there is none or it cannot be parsed.
	 * @param headers the headers
	 * @return the content type, or {@code null}
	 */
	static @Nullable MediaType contentType(HttpHeaders headers) {
		try {
			return headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	/**
	 * Return headers whose content type can be parsed: the same headers, or a copy
	 * without the content type. A {@code Content-Type} that cannot be parsed would
	 * otherwise fail deep inside the HTTP clients with an
	 * {@link InvalidMediaTypeException}.
	 * @param headers the headers of an answer
	 * @return headers that are safe to read
	 */
	static HttpHeaders withValidContentType(HttpHeaders headers) {
		if (headers.getFirst(HttpHeaders.CONTENT_TYPE) == null || contentType(headers) != null) {
			return headers;
		}
		HttpHeaders copy = HttpHeaders.copyOf(headers);
		copy.remove(HttpHeaders.CONTENT_TYPE);
		return copy;
	}

	/**
	 * Return whether a content type may hold JSON: none at all, JSON, or a JSON suffix.
	 * @param contentType the content type, or {@code null}
	 * @return whether to read the body as JSON
	 */
	static boolean isJson(@Nullable MediaType contentType) {
		return contentType == null || MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
				|| JSON_SUFFIX.isCompatibleWith(contentType);
	}

	/**
	 * Read a body, but no more than one byte above {@link #MAX_BODY_SIZE}.
	 * @param body the body
	 * @return the bytes read; more than {@link #MAX_BODY_SIZE} of them when the body is
	 * too large
	 * @throws IOException if the body cannot be read
	 */
	static byte[] readAtMost(InputStream body) throws IOException {
		return body.readNBytes(MAX_BODY_SIZE + 1);
	}

	// RFC 9110 section 10.2.3: delay-seconds or an HTTP-date
	// RFC 9110 section 6.6.1: the origin server's time, to the second; a date that
	// cannot be read is none
	static @Nullable Instant date(HttpHeaders headers) {
		try {
			long date = headers.getDate();
			return (date >= 0) ? Instant.ofEpochMilli(date) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

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
