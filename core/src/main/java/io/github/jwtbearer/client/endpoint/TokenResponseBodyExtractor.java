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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ClientHttpResponseDecorator;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.BodyExtractors;

/**
 * Reads a token response, or the OAuth error it carries (RFC 6749 section 5.2), as the
 * servlet client does: at most {@value TokenResponseErrors#MAX_BODY_SIZE} bytes (the
 * WebClient's {@code maxInMemorySize}), within the read timeout, never a part of the body
 * in a message.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseBodyExtractor
		implements BodyExtractor<Mono<OAuth2AccessTokenResponse>, ReactiveHttpInputMessage> {

	private final JwtBearerRegistration registration;

	private final TokenResponseReader reader;

	TokenResponseBodyExtractor(JwtBearerRegistration registration) {
		this.registration = registration;
		this.reader = new TokenResponseReader(TokenResponseHttpMessageConverter.converter(registration));
	}

	@Override
	public Mono<OAuth2AccessTokenResponse> extract(ReactiveHttpInputMessage inputMessage, Context context) {
		if (!(inputMessage instanceof org.springframework.http.client.reactive.ClientHttpResponse response)) {
			return Mono.error(new IllegalStateException("Not a client response: " + inputMessage));
		}
		int status = response.getStatusCode().value();
		HttpHeaders headers = TokenResponseErrors.withValidContentType(response.getHeaders());
		MediaType contentType = headers.getContentType();
		if (response.getStatusCode().isError()) {
			return errorResponse(withHeaders(response, headers), status, context);
		}
		if (response.getStatusCode().is3xxRedirection()) {
			return Mono.error(TokenResponseErrors.redirect(status, headers));
		}
		if (!TokenResponseErrors.isJson(contentType)) {
			return Mono.error(TokenResponseErrors.notJson(status, headers));
		}
		if (contentType == null) {
			headers = HttpHeaders.copyOf(headers);
			headers.setContentType(MediaType.APPLICATION_JSON);
		}
		HttpHeaders original = headers;
		return BodyExtractors.toMono(TokenResponseParameters.class)
			.extract(withHeaders(response, headers), context)
			.timeout(this.registration.getReadTimeout())
			.onErrorMap((ex) -> !(ex instanceof OAuth2AuthorizationException),
					(ex) -> readFailure(ex, status, original))
			.switchIfEmpty(Mono.error(() -> TokenResponseErrors.invalidResponse(status, "with an empty body")))
			.map((parameters) -> convert(parameters, status));
	}

	// the OAuth error of the body when it has one; a body that is not JSON, or too
	// large, still fails with the status
	private Mono<OAuth2AccessTokenResponse> errorResponse(
			org.springframework.http.client.reactive.ClientHttpResponse response, int status, Context context) {
		return BodyExtractors.toMono(TokenResponseParameters.class)
			.extract(response, context)
			.timeout(this.registration.getReadTimeout())
			.map(Optional::of)
			.onErrorResume((ex) -> Mono.just(Optional.empty()))
			.defaultIfEmpty(Optional.empty())
			.flatMap((parameters) -> Mono
				.error(TokenResponseErrors.exception(status, response.getHeaders(), parameters.orElse(null))));
	}

	private OAuth2AccessTokenResponse convert(Map<String, Object> parameters, int status) {
		try {
			return this.reader.convert(parameters);
		}
		catch (TokenResponseReader.Refused ex) {
			throw ex.toException(status);
		}
	}

	private OAuth2AuthorizationException readFailure(Throwable ex, int status, HttpHeaders headers) {
		if (ex instanceof DataBufferLimitException) {
			return TokenResponseErrors.tooLarge(status);
		}
		// a decoding failure, whose message may quote the body (Jackson 2's are
		// IOExceptions too)
		if (ex instanceof CodecException) {
			return TokenResponseErrors.notJson(status, headers);
		}
		if (ex instanceof TimeoutException || hasIoCause(ex)) {
			return TokenResponseErrors.noResponse(TokenResponseErrors.tokenUri(this.registration), ex,
					this.registration);
		}
		return TokenResponseErrors.notJson(status, headers);
	}

	private static boolean hasIoCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	private static org.springframework.http.client.reactive.ClientHttpResponse withHeaders(
			org.springframework.http.client.reactive.ClientHttpResponse response, HttpHeaders headers) {
		if (headers == response.getHeaders()) {
			return response;
		}
		return new ClientHttpResponseDecorator(response) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

}
