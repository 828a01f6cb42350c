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

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;

/**
 * A {@link ReactiveOAuth2AuthorizedClientService} over an application's own
 * {@link OAuth2AuthorizedClientService}, which may block (a database, say): each call
 * runs on Reactor's bounded elastic scheduler, off the event loop, so that RestClient and
 * WebClient still share one store.
 *
 * @author JWT Bearer for Spring contributors
 */
final class BlockingOAuth2AuthorizedClientServiceReactiveAdapter implements ReactiveOAuth2AuthorizedClientService {

	private final OAuth2AuthorizedClientService delegate;

	BlockingOAuth2AuthorizedClientServiceReactiveAdapter(OAuth2AuthorizedClientService delegate) {
		this.delegate = delegate;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return Mono.<T>fromSupplier(() -> this.delegate.loadAuthorizedClient(clientRegistrationId, principalName))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		return Mono.<Void>fromRunnable(() -> this.delegate.saveAuthorizedClient(authorizedClient, principal))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
		return Mono.<Void>fromRunnable(() -> this.delegate.removeAuthorizedClient(clientRegistrationId, principalName))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
