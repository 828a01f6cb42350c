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

package io.github.jwtbearer.client;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Factory methods for Spring Security's JWT bearer token response clients, configured for
 * one {@link JwtBearerRegistration}: its timeouts, and its assumed token lifetime through
 * a {@link JwtBearerAccessTokenResponseConverter}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerTokenResponseClients {

	private static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	private JwtBearerTokenResponseClients() {
	}

	/**
	 * Create a {@link RestClientJwtBearerTokenResponseClient} for the registration.
	 * @param registration the registration
	 * @return the token response client
	 */
	public static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient(
			JwtBearerRegistration registration) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient(registration));
		requestFactory.setReadTimeout(registration.getReadTimeout());
		OAuth2AccessTokenResponseHttpMessageConverter tokenResponseConverter = new OAuth2AccessTokenResponseHttpMessageConverter();
		tokenResponseConverter.setAccessTokenResponseConverter(
				new JwtBearerAccessTokenResponseConverter(registration.getTokenLifetime()));
		RestClient restClient = RestClient.builder()
			.requestFactory(requestFactory)
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(tokenResponseConverter))
			.defaultStatusHandler(new TokenResponseErrorHandler())
			.build();
		RestClientJwtBearerTokenResponseClient client = new RestClientJwtBearerTokenResponseClient();
		client.setRestClient(restClient);
		return client;
	}

	/**
	 * Create a {@link WebClientReactiveJwtBearerTokenResponseClient} for the
	 * registration.
	 * @param registration the registration
	 * @return the reactive token response client
	 */
	public static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient(
			JwtBearerRegistration registration) {
		JdkClientHttpConnector connector = new JdkClientHttpConnector(httpClient(registration));
		connector.setReadTimeout(registration.getReadTimeout());
		WebClientReactiveJwtBearerTokenResponseClient client = new WebClientReactiveJwtBearerTokenResponseClient();
		client.setWebClient(WebClient.builder().clientConnector(connector).build());
		client.setBodyExtractor(new TokenResponseBodyExtractor(
				new JwtBearerAccessTokenResponseConverter(registration.getTokenLifetime())));
		return client;
	}

	private static HttpClient httpClient(JwtBearerRegistration registration) {
		return HttpClient.newBuilder()
			.connectTimeout(registration.getConnectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Reads a token response, or the OAuth error it carries (RFC 6749 section 5.2), with
	 * the same converter as the servlet client.
	 */
	private static final class TokenResponseBodyExtractor
			implements BodyExtractor<Mono<OAuth2AccessTokenResponse>, ReactiveHttpInputMessage> {

		private static final ParameterizedTypeReference<Map<String, Object>> PARAMETERS = new ParameterizedTypeReference<>() {
		};

		private final JwtBearerAccessTokenResponseConverter converter;

		TokenResponseBodyExtractor(JwtBearerAccessTokenResponseConverter converter) {
			this.converter = converter;
		}

		@Override
		public Mono<OAuth2AccessTokenResponse> extract(ReactiveHttpInputMessage inputMessage, Context context) {
			if (inputMessage instanceof ClientHttpResponse response && response.getStatusCode().isError()) {
				return errorResponse(response, context);
			}
			return BodyExtractors.toMono(PARAMETERS)
				.extract(inputMessage, context)
				.onErrorMap((ex) -> !(ex instanceof OAuth2AuthorizationException),
						(ex) -> invalidTokenResponse(
								"The token response could not be read: " + ex.getClass().getSimpleName(), ex))
				.switchIfEmpty(Mono.error(() -> invalidTokenResponse("The token response is empty", null)))
				.map(this::convert);
		}

		// the OAuth error of the body when it has one; a body that is not JSON still
		// fails with the status
		private Mono<OAuth2AccessTokenResponse> errorResponse(ClientHttpResponse response, Context context) {
			return BodyExtractors.toMono(PARAMETERS)
				.extract(response, context)
				.map(Optional::of)
				.onErrorResume((ex) -> Mono.just(Optional.empty()))
				.defaultIfEmpty(Optional.empty())
				.flatMap((parameters) -> Mono.error(TokenResponseErrors.exception(response.getStatusCode().value(),
						response.getHeaders(), parameters.orElse(null))));
		}

		private OAuth2AccessTokenResponse convert(Map<String, Object> parameters) {
			if (parameters.get(OAuth2ParameterNames.ERROR) != null) {
				throw new OAuth2AuthorizationException(TokenResponseErrors.oauth2Error(parameters));
			}
			try {
				return this.converter.convert(parameters);
			}
			catch (RuntimeException ex) {
				throw invalidTokenResponse(ex.getMessage(), ex);
			}
		}

		private static OAuth2AuthorizationException invalidTokenResponse(String message, Throwable cause) {
			OAuth2Error error = new OAuth2Error(INVALID_TOKEN_RESPONSE, message, null);
			return (cause != null) ? new OAuth2AuthorizationException(error, cause)
					: new OAuth2AuthorizationException(error);
		}

	}

}
