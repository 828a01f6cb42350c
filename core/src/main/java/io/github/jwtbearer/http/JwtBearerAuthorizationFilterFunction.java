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

import java.net.URI;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.server.ServerWebExchange;

/**
 * An {@link ExchangeFilterFunction} for WebClient that sets the access token of a JWT
 * bearer registration, and for a Salesforce-like registration sends a relative request to
 * the token's {@code instance_url}, in one step and with one call of the
 * {@link ReactiveOAuth2AuthorizedClientManager}. Every other request goes to Spring
 * Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction} as it came.
 * <p>
 * It keeps that filter's contract for the requests it handles: the registration is named
 * by the {@link ClientAttributes#clientRegistrationId(String) clientRegistrationId}
 * attribute (which Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction#clientRegistrationId(String)}
 * and {@code @ClientRegistrationId} on an HTTP service interface set too); the principal
 * is the {@code ReactiveSecurityContextHolder}'s, else the anonymous
 * {@code anonymousUser}; the {@link ServerWebExchange} is the request's attribute, else
 * the Reactor context's. A request that carries its own {@link OAuth2AuthorizedClient}
 * attribute goes to Spring Security's filter.
 * <p>
 * Why not Spring Security's filter alone: for every request it resolves the principal and
 * the exchange in separate operator chains, and asks the manager twice (to authorize,
 * then to reauthorize the client it got), and the {@code instance_url} resolution would
 * ask a third time; a cached token then costs more than the request to a nearby API.
 *
 * @author JWT Bearer for Spring contributors
 * @see JwtBearerExchangeFilterFunctions#filters(ReactiveOAuth2AuthorizedClientManager,
 * JwtBearerRegistrationRepository,
 * org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler)
 */
final class JwtBearerAuthorizationFilterFunction implements ExchangeFilterFunction {

	// the attribute of ServerOAuth2AuthorizedClientExchangeFilterFunction
	// .oauth2AuthorizedClient(...)
	private static final String AUTHORIZED_CLIENT_ATTRIBUTE = OAuth2AuthorizedClient.class.getName();

	private static final String SERVER_WEB_EXCHANGE_ATTRIBUTE = ServerWebExchange.class.getName();

	private final ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	private final JwtBearerRegistrationRepository registrations;

	private final ExchangeFilterFunction others;

	/**
	 * Create a filter function.
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param registrations the JWT bearer registrations
	 */
	JwtBearerAuthorizationFilterFunction(ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			JwtBearerRegistrationRepository registrations) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.registrations = registrations;
		this.others = new ServerOAuth2AuthorizedClientExchangeFilterFunction(authorizedClientManager);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String clientRegistrationId = ClientAttributes.resolveClientRegistrationId(request.attributes());
		JwtBearerRegistration registration = (clientRegistrationId != null)
				? this.registrations.findByRegistrationId(clientRegistrationId) : null;
		if (registration == null || request.attributes().get(AUTHORIZED_CLIENT_ATTRIBUTE) != null) {
			return this.others.filter(request, next);
		}
		return ReactivePrincipals.withPrincipalAndExchange(request,
				(principal, exchange) -> this.authorizedClientManager
					.authorize(authorizeRequest(registration, principal, exchange))
					.map((authorizedClient) -> withToken(request, registration, authorizedClient))
					.switchIfEmpty(Mono.fromSupplier(() -> withoutToken(request, registration)))
					.flatMap(next::exchange));
	}

	private static OAuth2AuthorizeRequest authorizeRequest(JwtBearerRegistration registration, Authentication principal,
			@Nullable ServerWebExchange exchange) {
		OAuth2AuthorizeRequest.Builder builder = OAuth2AuthorizeRequest
			.withClientRegistrationId(registration.getRegistrationId())
			.principal(principal);
		if (exchange != null) {
			builder.attribute(SERVER_WEB_EXCHANGE_ATTRIBUTE, exchange);
		}
		return builder.build();
	}

	private static ClientRequest withToken(ClientRequest request, JwtBearerRegistration registration,
			OAuth2AuthorizedClient authorizedClient) {
		ClientRequest.Builder builder = ClientRequest.from(request)
			.headers((headers) -> headers.setBearerAuth(authorizedClient.getAccessToken().getTokenValue()));
		URI uri = request.url();
		if (registration.isInstanceUrlBaseUrl() && InstanceUrls.isRelative(uri)) {
			builder.url(InstanceUrls.resolve(registration.getRegistrationId(), authorizedClient, uri));
		}
		return builder.build();
	}

	// as Spring Security's filter, a request goes without a token when the manager gives
	// none; a relative one has no instance_url to go to and fails
	private static ClientRequest withoutToken(ClientRequest request, JwtBearerRegistration registration) {
		URI uri = request.url();
		if (registration.isInstanceUrlBaseUrl() && InstanceUrls.isRelative(uri)) {
			InstanceUrls.resolve(registration.getRegistrationId(), null, uri);
		}
		return request;
	}

}
