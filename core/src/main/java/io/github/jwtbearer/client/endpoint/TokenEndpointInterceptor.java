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

import io.github.jwtbearer.client.registration.JwtBearerRegistration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Turns I/O failures into {@link TokenResponseErrors#noResponse no-response errors} and
 * refuses redirects, before Spring Security's client wraps them in a message that names
 * neither the fault nor the timeout; hides a {@code Content-Type} that cannot be parsed.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenEndpointInterceptor implements ClientHttpRequestInterceptor {

	private final JwtBearerRegistration registration;

	TokenEndpointInterceptor(JwtBearerRegistration registration) {
		this.registration = registration;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
		ClientHttpResponse response;
		HttpStatusCode status;
		try {
			response = execution.execute(request, body);
			status = response.getStatusCode();
		}
		catch (IOException ex) {
			throw TokenResponseErrors.noResponse(request.getURI(), ex, this.registration);
		}
		HttpHeaders headers = TokenResponseErrors.withValidContentType(response.getHeaders());
		if (status.is3xxRedirection() || (status.is2xxSuccessful() && headers.getContentLength() == 0)) {
			response.close();
			throw status.is3xxRedirection() ? TokenResponseErrors.redirect(status.value(), headers)
					: TokenResponseErrors.invalidResponse(status.value(), "with an empty body");
		}
		return (headers != response.getHeaders()) ? new WithHeaders(response, headers) : response;
	}

	/**
	 * A {@link ClientHttpResponse} with other headers.
	 */
	private record WithHeaders(ClientHttpResponse response, HttpHeaders headers) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.response.getBody();
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
