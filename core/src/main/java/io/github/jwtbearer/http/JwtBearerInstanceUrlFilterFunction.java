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

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
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
 * An {@link ExchangeFilterFunction} for WebClient that sends a request with a relative
 * URI to the {@code instance_url} of the registration's access token, as Salesforce
 * wants: its token response names the base URL of the org's APIs.
 * <p>
 * It applies to requests whose {@link ClientAttributes#clientRegistrationId(String)
 * clientRegistrationId} attribute names a {@link JwtBearerRegistration} with
 * {@link JwtBearerRegistration#isInstanceUrlBaseUrl()}, and whose URI has neither scheme
 * nor host, as WebClient leaves {@code .uri("/services/data/v62.0/query?q={q}", soql)}
 * when it has no base URL, and as an HTTP service group without a base URL leaves the
 * path of an {@code @HttpExchange}. The request goes to the scheme, host and path of
 * {@code instance_url} followed by the request's path and query, exactly as they were
 * encoded. Absolute URIs, requests of other registrations and requests without the
 * attribute pass through untouched.
 * <p>
 * It goes after (inside) Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}: the
 * {@link JwtBearerAuthorizedClient} it asks the
 * {@link ReactiveOAuth2AuthorizedClientManager} for is then the one just used for the
 * {@code Authorization} header, already cached, also when the request is sent again after
 * a 401. The principal and the {@link ServerWebExchange} are resolved as Spring
 * Security's filter resolves them.
 * <p>
 * When the token response had no {@code instance_url}, a relative request fails with an
 * {@link IllegalStateException} rather than going to a host of the HTTP library's
 * choosing (Reactor Netty would try {@code localhost:80}).
 *
 * @author JWT Bearer for Spring contributors
 * @see JwtBearerExchangeFilterFunctions
 * @see JwtBearerInstanceUrlInterceptor
 */
final class JwtBearerInstanceUrlFilterFunction implements ExchangeFilterFunction {

	private final ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	private final JwtBearerRegistrationRepository registrations;

	/**
	 * Create a filter function.
	 * @param authorizedClientManager the manager that provides the tokens, the one given
	 * to Spring Security's filter
	 * @param registrations the JWT bearer registrations
	 */
	JwtBearerInstanceUrlFilterFunction(ReactiveOAuth2AuthorizedClientManager authorizedClientManager,
			JwtBearerRegistrationRepository registrations) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.registrations = registrations;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		URI uri = request.url();
		if (!InstanceUrls.isRelative(uri)) {
			return next.exchange(request);
		}
		String clientRegistrationId = ClientAttributes.resolveClientRegistrationId(request.attributes());
		if (clientRegistrationId == null || !isInstanceUrlBaseUrl(clientRegistrationId)) {
			return next.exchange(request);
		}
		// @formatter:off
		return authorizeRequest(request, clientRegistrationId)
				.flatMap(this.authorizedClientManager::authorize)
				.map((authorizedClient) -> InstanceUrls.resolve(clientRegistrationId, authorizedClient, uri))
				.switchIfEmpty(Mono.fromSupplier(() -> InstanceUrls.resolve(clientRegistrationId, null, uri)))
				.flatMap((resolved) -> next.exchange(ClientRequest.from(request).url(resolved).build()));
		// @formatter:on
	}

	private boolean isInstanceUrlBaseUrl(String clientRegistrationId) {
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(clientRegistrationId);
		return registration != null && registration.isInstanceUrlBaseUrl();
	}

	private Mono<OAuth2AuthorizeRequest> authorizeRequest(ClientRequest request, String clientRegistrationId) {
		// @formatter:off
		return Mono.zip(ReactivePrincipals.current(), ReactivePrincipals.serverWebExchange(request))
				.map((principalAndExchange) -> {
					OAuth2AuthorizeRequest.Builder builder = OAuth2AuthorizeRequest
							.withClientRegistrationId(clientRegistrationId)
							.principal(principalAndExchange.getT1());
					principalAndExchange.getT2()
							.ifPresent((exchange) -> builder.attribute(ServerWebExchange.class.getName(), exchange));
					return builder.build();
				});
		// @formatter:on
	}

}
