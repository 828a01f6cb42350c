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

package io.github.jwtbearer.client.endpoint;

import java.net.http.HttpClient;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Factory methods for Spring Security's JWT bearer token response clients, configured for
 * one {@link JwtBearerRegistration}: its timeouts, its assumed token lifetime through a
 * {@link JwtBearerAccessTokenResponseConverter}, and with the {@code private_key_jwt}
 * client authentication method a client assertion (RFC 7523 section 2.2) signed with the
 * registration's key beside the {@code assertion} grant parameter.
 * <p>
 * Whatever goes wrong surfaces as an {@link OAuth2AuthorizationException} whose message
 * never holds the body of the answer:
 * <ul>
 * <li>an error status, a redirect (never followed), or a success that is no token
 * response (not JSON, larger than 64 KB, without {@code access_token}, a
 * {@code token_type} other than {@code Bearer}) as a {@link TokenEndpointException} with
 * the status: the OAuth error of the body, or {@code invalid_token_response};</li>
 * <li>no whole answer (connection refused, connect or read timeout, unknown host, TLS) as
 * an {@code OAuth2AuthorizationException} with {@code invalid_token_response} that names
 * the fault, whose cause is the I/O exception.</li>
 * </ul>
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerTokenResponseClients {

	private JwtBearerTokenResponseClients() {
	}

	/**
	 * Create a {@link RestClientJwtBearerTokenResponseClient} for the registration, over
	 * the JDK {@link HttpClient} with the registration's connect and read timeouts, never
	 * following redirects.
	 * @param registration the registration
	 * @return the token response client
	 */
	public static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient(
			JwtBearerRegistration registration) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient(registration));
		requestFactory.setReadTimeout(registration.getReadTimeout());
		return restClient(registration, requestFactory);
	}

	/**
	 * Create a {@link RestClientJwtBearerTokenResponseClient} for the registration that
	 * sends its requests through the given request factory, which decides the transport:
	 * timeouts, proxy, TLS. It should not follow redirects: a redirect is refused as an
	 * answer.
	 * @param registration the registration
	 * @param requestFactory the request factory
	 * @return the token response client
	 */
	public static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient(JwtBearerRegistration registration,
			ClientHttpRequestFactory requestFactory) {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(requestFactory, "requestFactory cannot be null");
		RestClient restClient = RestClient.builder()
			.requestFactory(requestFactory)
			.requestInterceptor(new TokenEndpointInterceptor(registration))
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new TokenResponseHttpMessageConverter(registration)))
			.defaultStatusHandler(new TokenResponseErrorHandler())
			.build();
		RestClientJwtBearerTokenResponseClient client = new RestClientJwtBearerTokenResponseClient();
		client.setRestClient(restClient);
		if (isPrivateKeyJwt(registration)) {
			client.addParametersConverter(new NimbusClientAssertionParametersConverter(registration));
		}
		client.setParametersCustomizer(new SecretMaskingParametersCustomizer());
		return client;
	}

	/**
	 * Create a {@link WebClientReactiveJwtBearerTokenResponseClient} for the
	 * registration, over the JDK {@link HttpClient} with the registration's connect and
	 * read timeouts, never following redirects.
	 * @param registration the registration
	 * @return the reactive token response client
	 */
	public static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient(
			JwtBearerRegistration registration) {
		JdkClientHttpConnector connector = new JdkClientHttpConnector(httpClient(registration));
		connector.setReadTimeout(registration.getReadTimeout());
		return webClient(registration, connector);
	}

	/**
	 * Create a {@link WebClientReactiveJwtBearerTokenResponseClient} for the registration
	 * that sends its requests through the given connector, which decides the transport:
	 * timeouts, proxy, TLS. It should not follow redirects: a redirect is refused as an
	 * answer.
	 * @param registration the registration
	 * @param connector the client connector
	 * @return the reactive token response client
	 */
	public static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient(
			JwtBearerRegistration registration, ClientHttpConnector connector) {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(connector, "connector cannot be null");
		WebClient webClient = WebClient.builder()
			.clientConnector(connector)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(TokenResponseErrors.MAX_BODY_SIZE))
			.filter(new NoResponseFilter(registration))
			.build();
		WebClientReactiveJwtBearerTokenResponseClient client = new WebClientReactiveJwtBearerTokenResponseClient();
		client.setWebClient(webClient);
		client.setBodyExtractor(new TokenResponseBodyExtractor(registration));
		if (isPrivateKeyJwt(registration)) {
			client.addParametersConverter(new NimbusClientAssertionParametersConverter(registration));
		}
		return client;
	}

	private static boolean isPrivateKeyJwt(JwtBearerRegistration registration) {
		return ClientAuthenticationMethod.PRIVATE_KEY_JWT
			.equals(registration.getClientRegistration().getClientAuthenticationMethod());
	}

	private static HttpClient httpClient(JwtBearerRegistration registration) {
		return HttpClient.newBuilder()
			.connectTimeout(registration.getConnectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

}
