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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientId;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizedClientService} that keeps at most a given number of
 * authorized clients in memory, so that an application that acts for many subjects cannot
 * grow it without limit. Past the bound, Caffeine's size-based eviction drops the clients
 * least likely to be used again; a client dropped for room is obtained again on its next
 * use.
 * <p>
 * Lookups, saves and removals cost the same whatever the number of clients held.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class BoundedInMemoryOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

	private final Cache<OAuth2AuthorizedClientId, OAuth2AuthorizedClient> clients;

	/**
	 * Create a store.
	 * @param maximumSize the maximum number of authorized clients kept
	 */
	public BoundedInMemoryOAuth2AuthorizedClientService(int maximumSize) {
		Assert.isTrue(maximumSize > 0, "maximumSize must be > 0");
		// evict on the caller's thread, so that the bound holds once save returns
		this.clients = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		return (T) this.clients.getIfPresent(new OAuth2AuthorizedClientId(clientRegistrationId, principalName));
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		Assert.notNull(authorizedClient, "authorizedClient cannot be null");
		Assert.notNull(principal, "principal cannot be null");
		this.clients.put(new OAuth2AuthorizedClientId(authorizedClient.getClientRegistration().getRegistrationId(),
				principal.getName()), authorizedClient);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		this.clients.invalidate(new OAuth2AuthorizedClientId(clientRegistrationId, principalName));
	}

	/**
	 * Return a {@link ReactiveOAuth2AuthorizedClientService} over the same clients, so
	 * that RestClient and WebClient calls share one token per registration and subject.
	 * None of its operations blocks. Needs Project Reactor on the class path.
	 * @return the reactive view of this store
	 */
	public ReactiveOAuth2AuthorizedClientService reactive() {
		return new OAuth2AuthorizedClientServiceReactiveAdapter(this);
	}

	/**
	 * Return the number of authorized clients held.
	 * @return the size
	 */
	public int size() {
		this.clients.cleanUp();
		return (int) this.clients.estimatedSize();
	}

}
