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

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * Places our RestClient interceptors around Spring Security's
 * {@link OAuth2ClientHttpRequestInterceptor}, in the order they need: the 401 retry
 * before it, so that a retry passes through it again and gets a new token; the
 * {@code instance_url} resolution after it, so that it finds that token cached.
 * <pre class="code">
 * RestClient restClient = RestClient.builder()
 *     .requestInterceptors(JwtBearerRequestInterceptors.around(new OAuth2ClientHttpRequestInterceptor(manager),
 *             manager, registrations, manager.authorizationFailureHandler()))
 *     .build();
 * </pre>
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerRequestInterceptors {

	private JwtBearerRequestInterceptors() {
	}

	/**
	 * Return a consumer for {@link RestClient.Builder#requestInterceptors(Consumer)} that
	 * adds the 401 retry and, with registrations, the {@code instance_url} resolution
	 * around the authorization interceptor, in the order retry, authorization,
	 * {@code instance_url}. If the builder already has the authorization interceptor, the
	 * others are put around it where it stands; otherwise the three are added after the
	 * builder's interceptors. Applying it again to the same builder changes nothing.
	 * @param authorizationInterceptor the interceptor that sets the access token, usually
	 * Spring Security's {@link OAuth2ClientHttpRequestInterceptor}
	 * @param authorizedClientManager the manager that provides the tokens
	 * @param registrations the JWT bearer registrations, for {@code instance_url}, or
	 * {@code null} for no {@code instance_url} resolution
	 * @param authorizationFailureHandler the handler told of a 401, that evicts the
	 * refused token, such as the manager's {@code authorizationFailureHandler()}
	 * @return the consumer of the builder's interceptor list
	 */
	public static Consumer<List<ClientHttpRequestInterceptor>> around(
			ClientHttpRequestInterceptor authorizationInterceptor,
			OAuth2AuthorizedClientManager authorizedClientManager,
			@Nullable JwtBearerRegistrationRepository registrations,
			OAuth2AuthorizationFailureHandler authorizationFailureHandler) {
		Assert.notNull(authorizedClientManager, "authorizedClientManager cannot be null");
		return around(authorizationInterceptor, new JwtBearerUnauthorizedRetryInterceptor(authorizationFailureHandler),
				(registrations != null) ? new JwtBearerInstanceUrlInterceptor(authorizedClientManager, registrations)
						: null);
	}

	/**
	 * Return a consumer for {@link RestClient.Builder#requestInterceptors(Consumer)} that
	 * puts the interceptors in the order retry, authorization, {@code instance_url}. If
	 * the builder already has the authorization interceptor, the others are put around it
	 * where it stands; otherwise the three are added after the builder's interceptors.
	 * Applying it again to the same builder changes nothing.
	 * @param authorizationInterceptor the interceptor that sets the access token, usually
	 * Spring Security's {@link OAuth2ClientHttpRequestInterceptor}
	 * @param retryInterceptor the 401 retry
	 * @param instanceUrlInterceptor the {@code instance_url} resolution, or {@code null}
	 * for none
	 * @return the consumer of the builder's interceptor list
	 */
	static Consumer<List<ClientHttpRequestInterceptor>> around(ClientHttpRequestInterceptor authorizationInterceptor,
			JwtBearerUnauthorizedRetryInterceptor retryInterceptor,
			@Nullable JwtBearerInstanceUrlInterceptor instanceUrlInterceptor) {
		Assert.notNull(authorizationInterceptor, "authorizationInterceptor cannot be null");
		Assert.notNull(retryInterceptor, "retryInterceptor cannot be null");
		List<ClientHttpRequestInterceptor> ordered = new ArrayList<>();
		ordered.add(retryInterceptor);
		ordered.add(authorizationInterceptor);
		if (instanceUrlInterceptor != null) {
			ordered.add(instanceUrlInterceptor);
		}
		return (interceptors) -> Ordering.around(interceptors, authorizationInterceptor, ordered);
	}

}
