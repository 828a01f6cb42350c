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

import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveOAuth2AuthorizedClientManager} that runs a blocking
 * {@link OAuth2AuthorizedClientManager} on the bounded elastic scheduler, except for a
 * valid token that a {@link JwtBearerOAuth2AuthorizedClientManager} holds in memory,
 * which it returns at once on the calling thread.
 * <p>
 * In an application that is not reactive, it lets WebClient share the tokens, the cache
 * and the single token request of RestClient instead of keeping a second cache.
 *
 * @author JWT Bearer for Spring contributors
 */
final class OAuth2AuthorizedClientManagerReactiveAdapter implements ReactiveOAuth2AuthorizedClientManager {

	private final OAuth2AuthorizedClientManager delegate;

	/**
	 * Create an adapter.
	 * @param delegate the blocking manager
	 */
	OAuth2AuthorizedClientManagerReactiveAdapter(OAuth2AuthorizedClientManager delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		// a cached token is read in memory where the call is, without a hop to another
		// thread: on a loopback API the hop costs as much as the call
		if (this.delegate instanceof JwtBearerOAuth2AuthorizedClientManager jwtBearerManager) {
			OAuth2AuthorizedClient cached = jwtBearerManager.authorizeIfCached(authorizeRequest);
			if (cached != null) {
				return Mono.just(cached);
			}
		}
		// the delegate may block on a token request: keep it off event-loop threads
		return Mono.fromCallable(() -> this.delegate.authorize(authorizeRequest))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
