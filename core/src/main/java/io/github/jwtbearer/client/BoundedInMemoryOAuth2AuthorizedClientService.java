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

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientId;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizedClientService} that keeps at most a given number of
 * authorized clients in memory, dropping the oldest stored first, so that an application
 * that acts for many subjects cannot grow it without limit.
 * <p>
 * Lookups are a single concurrent map read. A client dropped for room is obtained again
 * on its next use.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class BoundedInMemoryOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

	private final int maximumSize;

	private final Map<OAuth2AuthorizedClientId, Stored> clients = new ConcurrentHashMap<>();

	private final Queue<Queued> insertionOrder = new ConcurrentLinkedQueue<>();

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Create a store.
	 * @param maximumSize the maximum number of authorized clients kept
	 */
	public BoundedInMemoryOAuth2AuthorizedClientService(int maximumSize) {
		Assert.isTrue(maximumSize > 0, "maximumSize must be > 0");
		this.maximumSize = maximumSize;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		Stored stored = this.clients.get(new OAuth2AuthorizedClientId(clientRegistrationId, principalName));
		return (stored != null) ? (T) stored.client() : null;
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		Assert.notNull(authorizedClient, "authorizedClient cannot be null");
		Assert.notNull(principal, "principal cannot be null");
		OAuth2AuthorizedClientId id = new OAuth2AuthorizedClientId(
				authorizedClient.getClientRegistration().getRegistrationId(), principal.getName());
		long sequence = this.sequence.incrementAndGet();
		boolean[] added = new boolean[1];
		// a replaced client keeps its place in the eviction order
		this.clients.compute(id, (key, current) -> {
			added[0] = (current == null);
			return new Stored(authorizedClient, (current != null) ? current.sequence() : sequence);
		});
		if (added[0]) {
			this.insertionOrder.add(new Queued(id, sequence));
			evictOverflow();
		}
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		this.clients.remove(new OAuth2AuthorizedClientId(clientRegistrationId, principalName));
	}

	/**
	 * Return the number of authorized clients held.
	 * @return the size
	 */
	public int size() {
		return this.clients.size();
	}

	private void evictOverflow() {
		while (this.clients.size() > this.maximumSize) {
			Queued oldest = this.insertionOrder.poll();
			if (oldest == null) {
				return;
			}
			// an entry removed and stored again since it was queued is not this one
			this.clients.computeIfPresent(oldest.id(),
					(id, stored) -> (stored.sequence() == oldest.sequence()) ? null : stored);
		}
		if (this.insertionOrder.size() > 2 * this.maximumSize) {
			dropRemovedFromQueue();
		}
	}

	// clients removed one by one (after a 401, say) leave their place in the queue
	// behind; rebuilding it from the live entries keeps the queue bounded too
	private synchronized void dropRemovedFromQueue() {
		this.insertionOrder.removeIf((queued) -> {
			Stored stored = this.clients.get(queued.id());
			return stored == null || stored.sequence() != queued.sequence();
		});
	}

	private record Stored(OAuth2AuthorizedClient client, long sequence) {
	}

	private record Queued(OAuth2AuthorizedClientId id, long sequence) {
	}

}
