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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Puts our WebClient filter functions in a builder: the 401 retry and our own
 * authorization filter ({@link #filters filters}), or the 401 retry and the
 * {@code instance_url} resolution around Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction} ({@link #around around}), in
 * the order they need: the 401 retry before it, so that a retry passes through it again
 * and gets a new token; the {@code instance_url} resolution after it, so that it finds
 * that token cached. <pre class="code">
 * WebClient webClient = WebClient.builder()
 *     .filters(JwtBearerExchangeFilterFunctions.around(new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager),
 *             manager, registrations, manager.authorizationFailureHandler()))
 *     .build();
 * </pre>
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerExchangeFilterFunctions {

	private JwtBearerExchangeFilterFunctions() {
	}

	/**
	 * Return a consumer for {@link WebClient.Builder#filters(Consumer)} that adds the 401
	 * retry and an authorization filter of our own, in that order: for a JWT bearer
	 * registration it sets the access token and sends a relative request to the token's
	 * {@code instance_url} with one call of the manager; every other request goes to
	 * Spring Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}. It
	 * keeps that filter's contract (the {@code clientRegistrationId} attribute, the
	 * principal of the {@code ReactiveSecurityContextHolder}, the
	 * {@code ServerWebExchange}) at a fraction of its cost for a cached token. The two
	 * are added after the builder's filters; applying the consumer again to the same
	 * builder changes nothing. <pre class="code">
	 * WebClient webClient = WebClient.builder()
	 *     .filters(JwtBearerExchangeFilterFunctions.filters(manager, registrations, manager.authorizationFailureHandler()))
	 *     .build();
	 * </pre>
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param registrations the JWT bearer registrations
	 * @param authorizationFailureHandler the handler told of a 401, that evicts the
	 * refused token, such as the manager's {@code authorizationFailureHandler()}
	 * @return the consumer of the builder's filter list
	 */
	public static Consumer<List<ExchangeFilterFunction>> filters(
			ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			JwtBearerRegistrationRepository registrations,
			ReactiveOAuth2AuthorizationFailureHandler authorizationFailureHandler) {
		JwtBearerAuthorizationFilterFunction authorizationFilter = new JwtBearerAuthorizationFilterFunction(
				authorizedClientManager, registrations);
		JwtBearerUnauthorizedRetryFilterFunction retryFilter = new JwtBearerUnauthorizedRetryFilterFunction(
				authorizationFailureHandler);
		List<ExchangeFilterFunction> ordered = List.of(retryFilter, authorizationFilter);
		return (filters) -> Ordering.around(filters, authorizationFilter, ordered);
	}

	/**
	 * Return a consumer for {@link WebClient.Builder#filters(Consumer)} that adds the 401
	 * retry and, with registrations, the {@code instance_url} resolution around the
	 * authorization filter, in the order retry, authorization, {@code instance_url}. If
	 * the builder already has the authorization filter, the others are put around it
	 * where it stands; otherwise the three are added after the builder's filters.
	 * Applying it again to the same builder changes nothing.
	 * @param authorizationFilter the filter that sets the access token, usually Spring
	 * Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param registrations the JWT bearer registrations, for {@code instance_url}, or
	 * {@code null} for no {@code instance_url} resolution
	 * @param authorizationFailureHandler the handler told of a 401, that evicts the
	 * refused token, such as the manager's {@code authorizationFailureHandler()}
	 * @return the consumer of the builder's filter list
	 */
	public static Consumer<List<ExchangeFilterFunction>> around(ExchangeFilterFunction authorizationFilter,
			ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			@Nullable JwtBearerRegistrationRepository registrations,
			ReactiveOAuth2AuthorizationFailureHandler authorizationFailureHandler) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		return around(authorizationFilter, new JwtBearerUnauthorizedRetryFilterFunction(authorizationFailureHandler),
				(registrations != null) ? new JwtBearerInstanceUrlFilterFunction(authorizedClientManager, registrations)
						: null);
	}

	/**
	 * Return a consumer for {@link WebClient.Builder#filters(Consumer)} that puts the
	 * filter functions in the order retry, authorization, {@code instance_url}. If the
	 * builder already has the authorization filter, the others are put around it where it
	 * stands; otherwise the three are added after the builder's filters. Applying it
	 * again to the same builder changes nothing.
	 * @param authorizationFilter the filter that sets the access token, usually Spring
	 * Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}
	 * @param retryFilter the 401 retry
	 * @param instanceUrlFilter the {@code instance_url} resolution, or {@code null} for
	 * none
	 * @return the consumer of the builder's filter list
	 */
	static Consumer<List<ExchangeFilterFunction>> around(ExchangeFilterFunction authorizationFilter,
			JwtBearerUnauthorizedRetryFilterFunction retryFilter,
			@Nullable JwtBearerInstanceUrlFilterFunction instanceUrlFilter) {
		Assert.notNull(authorizationFilter, "authorizationFilter cannot be null");
		Assert.notNull(retryFilter, "retryFilter cannot be null");
		List<ExchangeFilterFunction> ordered = new ArrayList<>();
		ordered.add(retryFilter);
		ordered.add(authorizationFilter);
		if (instanceUrlFilter != null) {
			ordered.add(instanceUrlFilter);
		}
		return (filters) -> Ordering.around(filters, authorizationFilter, ordered);
	}

}
