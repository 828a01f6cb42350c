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

import java.io.IOException;
import java.net.URI;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor.ClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor.PrincipalResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.SecurityContextHolderPrincipalResolver;
import org.springframework.util.Assert;

/**
 * A {@link ClientHttpRequestInterceptor} for RestClient that sends a request with a
 * relative URI to the {@code instance_url} of the registration's access token, as
 * Salesforce wants: its token response names the base URL of the org's APIs.
 * <p>
 * It applies to requests whose client registration id names a
 * {@link JwtBearerRegistration} with
 * {@link JwtBearerRegistration#isInstanceUrlBaseUrl()}, and whose URI has neither scheme
 * nor host, as RestClient leaves {@code .uri("/services/data/v62.0/query?q={q}", soql)}
 * when it has no base URL, and as an HTTP service group without a base URL leaves the
 * path of an {@code @HttpExchange}. The request goes to the scheme, host and path of
 * {@code instance_url} followed by the request's path and query, exactly as they were
 * encoded. Absolute URIs, requests of other registrations and requests without a
 * registration id pass through untouched.
 * <p>
 * It goes after (inside) Spring Security's {@link OAuth2ClientHttpRequestInterceptor}:
 * the {@link JwtBearerAuthorizedClient} it asks the {@link OAuth2AuthorizedClientManager}
 * for is then the one just used for the {@code Authorization} header, already cached,
 * also when the request is sent again after a 401. The principal is resolved as Spring
 * Security's interceptor resolves it.
 * <p>
 * When the token response had no {@code instance_url}, a relative request fails with an
 * {@link IllegalStateException} rather than going to a host of the HTTP library's
 * choosing.
 *
 * @author JWT Bearer for Spring contributors
 * @see JwtBearerRequestInterceptors
 * @see JwtBearerInstanceUrlFilterFunction
 */
final class JwtBearerInstanceUrlInterceptor implements ClientHttpRequestInterceptor {

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final JwtBearerRegistrationRepository registrations;

	private ClientRegistrationIdResolver clientRegistrationIdResolver = new RequestAttributeClientRegistrationIdResolver();

	private PrincipalResolver principalResolver = new SecurityContextHolderPrincipalResolver();

	/**
	 * Create an interceptor.
	 * @param authorizedClientManager the manager that provides the tokens, the one given
	 * to Spring Security's interceptor
	 * @param registrations the JWT bearer registrations
	 */
	JwtBearerInstanceUrlInterceptor(OAuth2AuthorizedClientManager authorizedClientManager,
			JwtBearerRegistrationRepository registrations) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		this.authorizedClientManager = authorizedClientManager;
		this.registrations = registrations;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		URI uri = request.getURI();
		if (!InstanceUrls.isRelative(uri)) {
			return execution.execute(request, body);
		}
		String clientRegistrationId = this.clientRegistrationIdResolver.resolve(request);
		if (clientRegistrationId == null || !isInstanceUrlBaseUrl(clientRegistrationId)) {
			return execution.execute(request, body);
		}
		OAuth2AuthorizeRequest authorizeRequest = OAuth2AuthorizeRequest.withClientRegistrationId(clientRegistrationId)
			.principal(Principals.resolve(this.principalResolver, request))
			.build();
		OAuth2AuthorizedClient authorizedClient = this.authorizedClientManager.authorize(authorizeRequest);
		URI resolved = InstanceUrls.resolve(clientRegistrationId, authorizedClient, uri);
		return execution.execute(new ResolvedUriRequest(request, resolved), body);
	}

	private boolean isInstanceUrlBaseUrl(String clientRegistrationId) {
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(clientRegistrationId);
		return registration != null && registration.isInstanceUrlBaseUrl();
	}

	/**
	 * Set the resolver of a request's client registration id; by default the request
	 * attribute that {@code ClientAttributes.clientRegistrationId(String)} and
	 * {@code @ClientRegistrationId} set.
	 * @param clientRegistrationIdResolver the resolver
	 */
	void setClientRegistrationIdResolver(ClientRegistrationIdResolver clientRegistrationIdResolver) {
		Assert.notNull(clientRegistrationIdResolver, "clientRegistrationIdResolver cannot be null");
		this.clientRegistrationIdResolver = clientRegistrationIdResolver;
	}

	/**
	 * Set the resolver of the principal whose token is used; by default the
	 * authentication in the {@code SecurityContextHolder}. Use the one given to Spring
	 * Security's interceptor.
	 * @param principalResolver the resolver
	 */
	void setPrincipalResolver(PrincipalResolver principalResolver) {
		Assert.notNull(principalResolver, "principalResolver cannot be null");
		this.principalResolver = principalResolver;
	}

	// headers and attributes stay those of the request, so that what later interceptors
	// set reaches the wire
	private static final class ResolvedUriRequest extends HttpRequestWrapper {

		private final URI uri;

		ResolvedUriRequest(HttpRequest request, URI uri) {
			super(request);
			this.uri = uri;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

	}

}
