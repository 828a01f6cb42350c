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
import java.util.HashMap;
import java.util.Map;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor.ClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor.PrincipalResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.SecurityContextHolderPrincipalResolver;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A {@link ClientHttpRequestInterceptor} for RestClient that sends a request once more
 * with a new access token when the API answers {@code 401 Unauthorized}, as when a token
 * was revoked or its session ended before the expiry the client assumed.
 * <p>
 * It goes before (around) Spring Security's {@link OAuth2ClientHttpRequestInterceptor}.
 * For a request with a client registration id, a 401 response is closed, the
 * {@link OAuth2AuthorizationFailureHandler} is told that the token is
 * {@code invalid_token} (so that it evicts it), and the request is executed again: the
 * interceptors after this one run again, and Spring Security's obtains a new token and
 * sets the {@code Authorization} header. The request is sent with the same body, which
 * RestClient's interceptors always hold as a {@code byte[]}. A second 401 goes to the
 * caller as it came; there is no third attempt. Requests without a client registration id
 * and responses other than 401 pass through untouched.
 * <p>
 * The principal is resolved as Spring Security's interceptor resolves it (from the
 * {@code SecurityContextHolder}, else the anonymous principal {@code anonymousUser}), so
 * that the token evicted is the one the interceptor used; give both the same
 * {@link PrincipalResolver} and {@link ClientRegistrationIdResolver} when you change
 * them. The failure handler receives the current servlet request as Spring Security's
 * interceptor passes it, and the refused token (see
 * {@link JwtBearerRetryAttributes#rejectedAccessToken(Map)}).
 *
 * @author JWT Bearer for Spring contributors
 * @see JwtBearerRequestInterceptors
 * @see JwtBearerUnauthorizedRetryFilterFunction
 */
final class JwtBearerUnauthorizedRetryInterceptor implements ClientHttpRequestInterceptor {

	// OAuth2ClientHttpRequestInterceptor's key; named here to keep the Servlet API
	// optional
	private static final String HTTP_SERVLET_REQUEST_ATTRIBUTE = "jakarta.servlet.http.HttpServletRequest";

	private final OAuth2AuthorizationFailureHandler authorizationFailureHandler;

	private ClientRegistrationIdResolver clientRegistrationIdResolver = new RequestAttributeClientRegistrationIdResolver();

	private PrincipalResolver principalResolver = new SecurityContextHolderPrincipalResolver();

	/**
	 * Create an interceptor.
	 * @param authorizationFailureHandler the handler that evicts a refused token
	 */
	JwtBearerUnauthorizedRetryInterceptor(OAuth2AuthorizationFailureHandler authorizationFailureHandler) {
		Assert.notNull(authorizationFailureHandler, "authorizationFailureHandler cannot be null");
		this.authorizationFailureHandler = authorizationFailureHandler;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String clientRegistrationId = this.clientRegistrationIdResolver.resolve(request);
		ClientHttpResponse response = execution.execute(request, body);
		if (clientRegistrationId == null || !HttpStatus.UNAUTHORIZED.isSameCodeAs(response.getStatusCode())) {
			return response;
		}
		response.close();
		evict(request, clientRegistrationId);
		// RFC 9110 section 15.5.2: a 401 means the request "has not been applied", so
		// sending it again is safe whatever its method
		return execution.execute(request, body);
	}

	private void evict(HttpRequest request, String clientRegistrationId) {
		Authentication principal = Principals.resolve(this.principalResolver, request);
		Map<String, Object> attributes = JwtBearerRetryAttributes.withRejectedAccessToken(servletRequestAttributes(),
				request.getHeaders());
		this.authorizationFailureHandler
			.onAuthorizationFailure(JwtBearerRetryAttributes.invalidToken(clientRegistrationId), principal, attributes);
	}

	// the current servlet request, as OAuth2ClientHttpRequestInterceptor gives it to its
	// failure handler (whose removal handlers for HttpSession repositories need it)
	private static Map<String, Object> servletRequestAttributes() {
		Map<String, Object> attributes = new HashMap<>();
		RequestAttributes requestAttributes = RequestContextHolder.getRequestAttributes();
		if (requestAttributes != null) {
			Object servletRequest = requestAttributes.resolveReference(RequestAttributes.REFERENCE_REQUEST);
			if (servletRequest != null) {
				attributes.put(HTTP_SERVLET_REQUEST_ATTRIBUTE, servletRequest);
			}
		}
		return attributes;
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
	 * Set the resolver of the principal whose token is evicted; by default the
	 * authentication in the {@code SecurityContextHolder}. Use the one given to Spring
	 * Security's interceptor.
	 * @param principalResolver the resolver
	 */
	void setPrincipalResolver(PrincipalResolver principalResolver) {
		Assert.notNull(principalResolver, "principalResolver cannot be null");
		this.principalResolver = principalResolver;
	}

}
