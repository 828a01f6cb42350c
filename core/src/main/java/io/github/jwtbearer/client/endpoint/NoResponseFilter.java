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

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * An {@link ExchangeFilterFunction} that turns a request the token endpoint never
 * answered into a {@link TokenResponseErrors#noResponse no-response error} that names the
 * fault, as {@link TokenEndpointInterceptor} does for RestClient.
 *
 * @author JWT Bearer for Spring contributors
 */
final class NoResponseFilter implements ExchangeFilterFunction {

	private final JwtBearerRegistration registration;

	NoResponseFilter(JwtBearerRegistration registration) {
		this.registration = registration;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return next.exchange(request)
			.onErrorMap(WebClientRequestException.class, (ex) -> TokenResponseErrors.noResponse(request.url(),
					(ex.getCause() != null) ? ex.getCause() : ex, this.registration));
	}

}
