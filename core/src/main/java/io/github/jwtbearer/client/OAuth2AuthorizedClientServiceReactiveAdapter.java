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

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveOAuth2AuthorizedClientService} over an in-memory
 * {@link OAuth2AuthorizedClientService}, so that RestClient and WebClient share one
 * store. The delegate must not block: obtained through
 * {@link BoundedInMemoryOAuth2AuthorizedClientService#reactive()}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class OAuth2AuthorizedClientServiceReactiveAdapter implements ReactiveOAuth2AuthorizedClientService {

	private final OAuth2AuthorizedClientService delegate;

	OAuth2AuthorizedClientServiceReactiveAdapter(OAuth2AuthorizedClientService delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return Mono.fromSupplier(() -> this.delegate.loadAuthorizedClient(clientRegistrationId, principalName));
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		return Mono.fromRunnable(() -> this.delegate.saveAuthorizedClient(authorizedClient, principal));
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
		return Mono.fromRunnable(() -> this.delegate.removeAuthorizedClient(clientRegistrationId, principalName));
	}

}
