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
import java.util.List;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;

/**
 * Reads a token response with Spring Security's
 * {@link OAuth2AccessTokenResponseHttpMessageConverter}, whatever the content type, after
 * reading at most {@value TokenResponseErrors#MAX_BODY_SIZE} bytes of it. Failures become
 * {@link TokenEndpointException}s that name the status and what is wrong, never a part of
 * the body, as the JSON library's messages may.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseHttpMessageConverter implements HttpMessageConverter<OAuth2AccessTokenResponse> {

	private final OAuth2AccessTokenResponseHttpMessageConverter delegate = new OAuth2AccessTokenResponseHttpMessageConverter();

	private final JwtBearerRegistration registration;

	TokenResponseHttpMessageConverter(JwtBearerRegistration registration) {
		this.registration = registration;
		this.delegate.setAccessTokenResponseConverter(new TokenResponseReader(converter(registration))::convert);
	}

	static JwtBearerAccessTokenResponseConverter converter(JwtBearerRegistration registration) {
		return new JwtBearerAccessTokenResponseConverter(registration.getTokenLifetime());
	}

	@Override
	public boolean canRead(Class<?> clazz, @Nullable MediaType mediaType) {
		return OAuth2AccessTokenResponse.class.isAssignableFrom(clazz);
	}

	@Override
	public boolean canWrite(Class<?> clazz, @Nullable MediaType mediaType) {
		return false;
	}

	@Override
	public List<MediaType> getSupportedMediaTypes() {
		return List.of(MediaType.ALL);
	}

	@Override
	public OAuth2AccessTokenResponse read(Class<? extends OAuth2AccessTokenResponse> clazz,
			HttpInputMessage inputMessage) throws IOException {
		int status = (inputMessage instanceof ClientHttpResponse response) ? response.getStatusCode().value() : 200;
		HttpHeaders headers = inputMessage.getHeaders();
		MediaType contentType = headers.getContentType();
		if (!TokenResponseErrors.isJson(contentType)) {
			throw TokenResponseErrors.notJson(status, headers);
		}
		if (headers.getContentLength() > TokenResponseErrors.MAX_BODY_SIZE) {
			throw TokenResponseErrors.tooLarge(status);
		}
		byte[] body;
		try {
			body = TokenResponseErrors.readAtMost(inputMessage.getBody());
		}
		catch (IOException ex) {
			throw TokenResponseErrors.noResponse(TokenResponseErrors.tokenUri(this.registration), ex,
					this.registration);
		}
		if (body.length > TokenResponseErrors.MAX_BODY_SIZE) {
			throw TokenResponseErrors.tooLarge(status);
		}
		HttpHeaders json = HttpHeaders.copyOf(headers);
		if (contentType == null) {
			json.setContentType(MediaType.APPLICATION_JSON);
		}
		try {
			return this.delegate.read(OAuth2AccessTokenResponse.class,
					new TokenResponseErrorHandler.BufferedBody(body, json));
		}
		catch (HttpMessageNotReadableException ex) {
			TokenResponseReader.Refused refused = TokenResponseReader.Refused.find(ex);
			throw (refused != null) ? refused.toException(status) : TokenResponseErrors.notJson(status, headers);
		}
	}

	@Override
	public void write(OAuth2AccessTokenResponse tokenResponse, @Nullable MediaType contentType,
			HttpOutputMessage outputMessage) {
		throw new HttpMessageNotWritableException("Token responses are read, never written");
	}

}
