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

package io.github.jwtbearer.http;

import java.util.Optional;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The principal and server exchange of a WebClient request, resolved as Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction} does, so that a token is
 * looked up and evicted under the name it was stored with.
 *
 * @author JWT Bearer for Spring contributors
 */
final class ReactivePrincipals {

	// the same as ServerOAuth2AuthorizedClientExchangeFilterFunction's
	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("anonymous", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_USER"));

	private static final String SERVER_WEB_EXCHANGE_ATTRIBUTE = ServerWebExchange.class.getName();

	private ReactivePrincipals() {
	}

	static Mono<Authentication> current() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.defaultIfEmpty(ANONYMOUS);
	}

	// One read of the Reactor context for both. ReactiveSecurityContextHolder keeps the
	// context under the SecurityContext class: without that key there is no principal to
	// wait for, and the anonymous one is given at once, without an operator chain
	static <T> Mono<T> withPrincipalAndExchange(ClientRequest request,
			BiFunction<Authentication, @Nullable ServerWebExchange, Mono<T>> function) {
		return Mono.deferContextual((context) -> {
			Object exchange = request.attributes().get(SERVER_WEB_EXCHANGE_ATTRIBUTE);
			if (exchange == null) {
				exchange = context.getOrDefault(ServerWebExchange.class, null);
			}
			ServerWebExchange serverWebExchange = (exchange instanceof ServerWebExchange value) ? value : null;
			if (!context.hasKey(SecurityContext.class)) {
				return function.apply(ANONYMOUS, serverWebExchange);
			}
			return current().flatMap((principal) -> function.apply(principal, serverWebExchange));
		});
	}

	// the request's attribute (ServerOAuth2AuthorizedClientExchangeFilterFunction
	// .serverWebExchange(...)), else the one in the Reactor context
	static Mono<Optional<ServerWebExchange>> serverWebExchange(ClientRequest request) {
		return Mono.justOrEmpty(request.attribute(SERVER_WEB_EXCHANGE_ATTRIBUTE))
			.cast(ServerWebExchange.class)
			.switchIfEmpty(
					Mono.deferContextual((context) -> Mono.justOrEmpty(context.getOrEmpty(ServerWebExchange.class))))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

}
