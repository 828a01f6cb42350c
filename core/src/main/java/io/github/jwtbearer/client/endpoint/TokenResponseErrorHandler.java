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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.web.client.ResponseErrorHandler;

/**
 * A {@link ResponseErrorHandler} for the token endpoint that throws a
 * {@link TokenEndpointException} for every error status, with the OAuth error read by
 * Spring Security's {@link OAuth2ErrorHttpMessageConverter} when the body has one, the
 * status code and the {@code Retry-After}.
 * <p>
 * Spring Security's own handler reads the OAuth error of a 400 only; a 401
 * {@code invalid_client} or a 503 would surface as a generic
 * {@code invalid_token_response}, without the status that decides a retry. A body above
 * {@value TokenResponseErrors#MAX_BODY_SIZE} bytes, or one that cannot be read, is
 * described by its status and content type.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseErrorHandler implements ResponseErrorHandler {

	private final OAuth2ErrorHttpMessageConverter errorConverter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public boolean hasError(ClientHttpResponse response) throws IOException {
		return response.getStatusCode().isError();
	}

	@Override
	public void handleError(URI url, HttpMethod method, ClientHttpResponse response) throws IOException {
		int statusCode = response.getStatusCode().value();
		HttpHeaders headers = TokenResponseErrors.withValidContentType(response.getHeaders());
		OAuth2Error error = readError(response, headers);
		throw new TokenEndpointException(
				(error != null) ? error : TokenResponseErrors.describe(statusCode, headers.getContentType()),
				statusCode, TokenResponseErrors.retryAfter(headers, Instant.now()), TokenResponseErrors.date(headers));
	}

	private @Nullable OAuth2Error readError(ClientHttpResponse response, HttpHeaders headers) {
		MediaType contentType = headers.getContentType();
		if (contentType == null || !this.errorConverter.canRead(OAuth2Error.class, contentType)) {
			return null;
		}
		try {
			byte[] body = TokenResponseErrors.readAtMost(response.getBody());
			if (body.length > TokenResponseErrors.MAX_BODY_SIZE) {
				return null;
			}
			OAuth2Error error = this.errorConverter.read(OAuth2Error.class, new BufferedBody(body, headers));
			return (error.getErrorCode() != null && !error.getErrorCode().isBlank()) ? TokenResponseErrors.safe(error)
					: null;
		}
		catch (IOException | HttpMessageNotReadableException | IllegalArgumentException ex) {
			// the status still says what happened
			return null;
		}
	}

	/**
	 * A body read into memory, with its headers.
	 *
	 * @param bytes the body
	 * @param headers the headers of the response
	 */
	record BufferedBody(byte[] bytes, HttpHeaders headers) implements HttpInputMessage {

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.bytes);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
