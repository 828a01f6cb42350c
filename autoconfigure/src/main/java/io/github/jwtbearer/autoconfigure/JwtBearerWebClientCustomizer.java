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

package io.github.jwtbearer.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.http.JwtBearerExchangeFilterFunctions;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link WebClientCustomizer} that adds our authorization filter, so that a request
 * with a {@code clientRegistrationId} attribute carries that registration's access token
 * (registrations other than JWT bearer ones go through Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}), and our 401 retry before
 * it: a 401 from the API evicts the token and the request is sent once more, and a
 * relative URI goes to the token's {@code instance_url} where the registration says so.
 * Requests without the attribute are left alone.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerWebClientCustomizer implements WebClientCustomizer {

	private final Consumer<List<ExchangeFilterFunction>> filters;

	/**
	 * Create a customizer.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param registrations the JWT bearer registrations, for {@code instance_url}
	 * @param unauthorizedHandler the handler that evicts a token the API refused
	 */
	JwtBearerWebClientCustomizer(ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			JwtBearerRegistrationRepository registrations,
			ReactiveOAuth2AuthorizationFailureHandler unauthorizedHandler) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		this.filters = JwtBearerExchangeFilterFunctions.filters(authorizedClientManager, registrations,
				unauthorizedHandler);
	}

	@Override
	public void customize(WebClient.Builder webClientBuilder) {
		webClientBuilder.filters(this.filters);
	}

}
