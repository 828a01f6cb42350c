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

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link WebClientCustomizer} that adds Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}, so that a request with a
 * {@code clientRegistrationId} attribute carries that registration's access token.
 * Requests without the attribute are left alone.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerWebClientCustomizer implements WebClientCustomizer {

	private final ServerOAuth2AuthorizedClientExchangeFilterFunction filter;

	/**
	 * Create a customizer.
	 * @param authorizedClientManager the manager that provides the tokens
	 */
	public JwtBearerWebClientCustomizer(ReactiveOAuth2AuthorizedClientManager authorizedClientManager) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		this.filter = new ServerOAuth2AuthorizedClientExchangeFilterFunction(authorizedClientManager);
	}

	@Override
	public void customize(WebClient.Builder webClientBuilder) {
		webClientBuilder.filter(this.filter);
	}

}
