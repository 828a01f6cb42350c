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

import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.server.ServerWebExchange;

/**
 * An {@link ExchangeFilterFunction} for WebClient that sends a request once more with a
 * new access token when the API answers {@code 401 Unauthorized}, as when a token was
 * revoked or its session ended before the expiry the client assumed.
 * <p>
 * It goes before (around) Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}. For a request with a
 * {@link ClientAttributes#clientRegistrationId(String) clientRegistrationId} attribute,
 * the body of a 401 response is released, the
 * {@link ReactiveOAuth2AuthorizationFailureHandler} is told that the token is
 * {@code invalid_token} (so that it evicts it), and the request is exchanged again: the
 * filters after this one run again, and Spring Security's obtains a new token and sets
 * the {@code Authorization} header. A second 401 goes to the caller as it came; there is
 * no third attempt. Requests without the attribute and responses other than 401 pass
 * through untouched.
 * <p>
 * The body is written a second time by the request's {@code BodyInserter}: values
 * ({@code bodyValue(...)}), forms, multipart data whose parts can be read again, and cold
 * publishers such as {@code Flux.just(...)} are sent again as they were. A publisher that
 * can be subscribed to only once (the body of an incoming request passed through, an
 * {@code InputStream}, {@code DataBuffer}s that the first write released) cannot be sent
 * again: such a request should not rely on the retry.
 * <p>
 * The principal is resolved as Spring Security's filter resolves it (from the
 * {@code ReactiveSecurityContextHolder}, else the anonymous principal
 * {@code anonymousUser}), so that the token evicted is the one the filter used. The
 * failure handler receives the {@link ServerWebExchange}, where there is one, as Spring
 * Security's filter passes it, and the refused token (see
 * {@link JwtBearerRetryAttributes#rejectedAccessToken(Map)}).
 *
 * @author JWT Bearer for Spring contributors
 * @see JwtBearerExchangeFilterFunctions
 * @see JwtBearerUnauthorizedRetryInterceptor
 */
final class JwtBearerUnauthorizedRetryFilterFunction implements ExchangeFilterFunction {

	private final ReactiveOAuth2AuthorizationFailureHandler authorizationFailureHandler;

	/**
	 * Create a filter function.
	 * @param authorizationFailureHandler the handler that evicts a refused token
	 */
	JwtBearerUnauthorizedRetryFilterFunction(ReactiveOAuth2AuthorizationFailureHandler authorizationFailureHandler) {
		Assert.notNull(authorizationFailureHandler, "authorizationFailureHandler cannot be null");
		this.authorizationFailureHandler = authorizationFailureHandler;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String clientRegistrationId = ClientAttributes.resolveClientRegistrationId(request.attributes());
		if (clientRegistrationId == null) {
			return next.exchange(request);
		}
		return next.exchange(request).flatMap((response) -> {
			if (!HttpStatus.UNAUTHORIZED.isSameCodeAs(response.statusCode())) {
				return Mono.just(response);
			}
			// RFC 9110 section 15.5.2: a 401 means the request "has not been applied",
			// so sending it again is safe whatever its method
			return response.releaseBody()
				.then(evict(request, response, clientRegistrationId))
				.then(Mono.defer(() -> next.exchange(request)));
		});
	}

	private Mono<Void> evict(ClientRequest request, ClientResponse response, String clientRegistrationId) {
		return Mono.zip(ReactivePrincipals.current(), ReactivePrincipals.serverWebExchange(request))
			.flatMap((principalAndExchange) -> {
				Map<String, Object> attributes = JwtBearerRetryAttributes.withRejectedAccessToken(
						exchangeAttributes(principalAndExchange.getT2()), response.request().getHeaders());
				return this.authorizationFailureHandler.onAuthorizationFailure(
						JwtBearerRetryAttributes.invalidToken(clientRegistrationId), principalAndExchange.getT1(),
						attributes);
			});
	}

	private static Map<String, Object> exchangeAttributes(Optional<ServerWebExchange> exchange) {
		return exchange.<Map<String, Object>>map((value) -> Map.of(ServerWebExchange.class.getName(), value))
			.orElse(Map.of());
	}

}
