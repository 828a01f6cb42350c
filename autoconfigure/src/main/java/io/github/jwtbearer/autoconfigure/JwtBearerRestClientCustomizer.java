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
import io.github.jwtbearer.http.JwtBearerRequestInterceptors;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * A {@link RestClientCustomizer} that adds Spring Security's
 * {@link OAuth2ClientHttpRequestInterceptor}, so that a request with a
 * {@code clientRegistrationId} attribute carries that registration's access token, with
 * our interceptors around it: a 401 from the API evicts the token and the request is sent
 * once more, and a relative URI goes to the token's {@code instance_url} where the
 * registration says so. Requests without the attribute are left alone.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerRestClientCustomizer implements RestClientCustomizer {

	private final Consumer<List<ClientHttpRequestInterceptor>> interceptors;

	/**
	 * Create a customizer.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param registrations the JWT bearer registrations, for {@code instance_url}
	 * @param unauthorizedHandler the handler that evicts a token the API refused
	 */
	JwtBearerRestClientCustomizer(OAuth2AuthorizedClientManager authorizedClientManager,
			JwtBearerRegistrationRepository registrations, OAuth2AuthorizationFailureHandler unauthorizedHandler) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		this.interceptors = JwtBearerRequestInterceptors.around(
				new OAuth2ClientHttpRequestInterceptor(authorizedClientManager), authorizedClientManager, registrations,
				unauthorizedHandler);
	}

	@Override
	public void customize(RestClient.Builder restClientBuilder) {
		restClientBuilder.requestInterceptors(this.interceptors);
	}

}
