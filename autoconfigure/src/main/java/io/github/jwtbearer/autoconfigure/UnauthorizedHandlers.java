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
import io.github.jwtbearer.http.JwtBearerRetryAttributes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * The handlers that evict a token the API refused (HTTP 401) from our managers, which
 * store tokens per registration and subject rather than per principal. With a manager of
 * the application's own, nothing is evicted and the retried request goes out with
 * whatever token that manager gives.
 *
 * @author JWT Bearer for Spring contributors
 */
final class UnauthorizedHandlers {

	private UnauthorizedHandlers() {
	}

	static OAuth2AuthorizationFailureHandler evicting(OAuth2AuthorizedClientManager manager) {
		return (failure, principal, attributes) -> {
			if (manager instanceof JwtBearerOAuth2AuthorizedClientManager jwtBearer) {
				OAuth2AuthorizeRequest request = request(failure, principal);
				if (request != null) {
					jwtBearer.removeAuthorizedClient(request, JwtBearerRetryAttributes.rejectedAccessToken(attributes));
				}
			}
		};
	}

	// outside reactive applications the reactive manager adapts the blocking one
	static ReactiveOAuth2AuthorizationFailureHandler evicting(ReactiveOAuth2AuthorizedClientManager manager,
			@Nullable OAuth2AuthorizedClientManager blockingManager) {
		return (failure, principal, attributes) -> {
			OAuth2AuthorizeRequest request = request(failure, principal);
			if (request == null) {
				return Mono.empty();
			}
			if (manager instanceof JwtBearerReactiveOAuth2AuthorizedClientManager jwtBearer) {
				return jwtBearer.removeAuthorizedClient(request,
						JwtBearerRetryAttributes.rejectedAccessToken(attributes));
			}
			if (blockingManager instanceof JwtBearerOAuth2AuthorizedClientManager jwtBearer) {
				return Mono
					.fromRunnable(() -> jwtBearer.removeAuthorizedClient(request,
							JwtBearerRetryAttributes.rejectedAccessToken(attributes)))
					.subscribeOn(Schedulers.boundedElastic())
					.then();
			}
			return Mono.empty();
		};
	}

	private static @Nullable OAuth2AuthorizeRequest request(OAuth2AuthorizationException failure,
			Authentication principal) {
		if (!(failure instanceof ClientAuthorizationException clientFailure)) {
			return null;
		}
		return OAuth2AuthorizeRequest.withClientRegistrationId(clientFailure.getClientRegistrationId())
			.principal(principal)
			.build();
	}

}
