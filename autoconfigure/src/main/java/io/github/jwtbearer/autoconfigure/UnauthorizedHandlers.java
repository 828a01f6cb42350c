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
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;

/**
 * The handlers that evict a token the API refused (HTTP 401) through our managers' own
 * {@code authorizationFailureHandler()}: they store tokens per registration and subject
 * rather than per principal. With a manager of the application's own, nothing is evicted
 * and the retried request goes out with whatever token that manager gives.
 *
 * @author JWT Bearer for Spring contributors
 */
final class UnauthorizedHandlers {

	private UnauthorizedHandlers() {
	}

	static OAuth2AuthorizationFailureHandler evicting(@Nullable JwtBearerOAuth2AuthorizedClientManager manager) {
		return (manager != null) ? manager.authorizationFailureHandler() : (failure, principal, attributes) -> {
		};
	}

	// outside reactive applications the reactive manager adapts the blocking one
	static ReactiveOAuth2AuthorizationFailureHandler evicting(
			@Nullable JwtBearerReactiveOAuth2AuthorizedClientManager manager,
			@Nullable JwtBearerOAuth2AuthorizedClientManager blockingManager) {
		if (manager != null) {
			return manager.authorizationFailureHandler();
		}
		if (blockingManager != null) {
			OAuth2AuthorizationFailureHandler blocking = blockingManager.authorizationFailureHandler();
			return (failure, principal, attributes) -> Mono
				.fromRunnable(() -> blocking.onAuthorizationFailure(failure, principal, attributes))
				.subscribeOn(Schedulers.boundedElastic())
				.then();
		}
		return (failure, principal, attributes) -> Mono.empty();
	}

}
