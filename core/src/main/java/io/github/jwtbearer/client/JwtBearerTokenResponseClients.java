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

import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpResponseDecorator;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
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
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Factory methods for Spring Security's JWT bearer token response clients, configured for
 * one {@link JwtBearerRegistration}: its timeouts, and its assumed token lifetime through
 * a {@link JwtBearerAccessTokenResponseConverter}.
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

	private static final List<String> SECRET_PARAMETERS = List.of(OAuth2ParameterNames.ASSERTION,
			OAuth2ParameterNames.CLIENT_SECRET, OAuth2ParameterNames.CLIENT_ASSERTION);

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
		return restClient(registration, requestFactory);
	}

	static OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient(JwtBearerRegistration registration,
			ClientHttpRequestFactory requestFactory) {
		RestClient restClient = RestClient.builder()
			.requestFactory(requestFactory)
			.requestInterceptor(new TokenEndpointInterceptor(registration))
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new TokenResponseHttpMessageConverter(registration)))
			.defaultStatusHandler(new TokenResponseErrorHandler())
			.build();
		RestClientJwtBearerTokenResponseClient client = new RestClientJwtBearerTokenResponseClient();
		client.setRestClient(restClient);
		client.setParametersCustomizer(JwtBearerTokenResponseClients::maskSecrets);
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
		return webClient(registration, connector);
	}

	static ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient(JwtBearerRegistration registration,
			ClientHttpConnector connector) {
		WebClient webClient = WebClient.builder()
			.clientConnector(connector)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(TokenResponseErrors.MAX_BODY_SIZE))
			.filter(noResponseFilter(registration))
			.build();
		WebClientReactiveJwtBearerTokenResponseClient client = new WebClientReactiveJwtBearerTokenResponseClient();
		client.setWebClient(webClient);
		client.setBodyExtractor(new TokenResponseBodyExtractor(registration));
		return client;
	}

	// Spring Framework's RestClient logs the request body at DEBUG with its toString():
	// the assertion and a client secret show there masked, and are sent as they are
	private static void maskSecrets(MultiValueMap<String, String> parameters) {
		for (String name : SECRET_PARAMETERS) {
			List<String> values = parameters.get(name);
			if (values != null) {
				parameters.put(name, new MaskedValues(values, OAuth2ParameterNames.CLIENT_SECRET.equals(name)));
			}
		}
	}

	private static HttpClient httpClient(JwtBearerRegistration registration) {
		return HttpClient.newBuilder()
			.connectTimeout(registration.getConnectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	private static ExchangeFilterFunction noResponseFilter(JwtBearerRegistration registration) {
		return (request, next) -> next.exchange(request)
			.onErrorMap(WebClientRequestException.class, (ex) -> TokenResponseErrors.noResponse(request.url(),
					(ex.getCause() != null) ? ex.getCause() : ex, registration));
	}

	private static URI tokenUri(JwtBearerRegistration registration) {
		return URI.create(registration.getClientRegistration().getProviderDetails().getTokenUri());
	}

	/**
	 * Converts token response parameters, refusing a body that holds an OAuth error (some
	 * servers send one with status 200) or that the converter cannot use.
	 */
	private static final class TokenResponseReader {

		private final JwtBearerAccessTokenResponseConverter converter;

		TokenResponseReader(JwtBearerRegistration registration) {
			this.converter = new JwtBearerAccessTokenResponseConverter(registration.getTokenLifetime());
		}

		OAuth2AccessTokenResponse convert(Map<String, Object> parameters) {
			if (TokenResponseErrors.hasError(parameters)) {
				throw new Refused(TokenResponseErrors.oauth2Error(parameters), null);
			}
			try {
				return this.converter.convert(parameters);
			}
			catch (RuntimeException ex) {
				// the converter's messages name what is missing, never a value
				String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
				throw new Refused(null, "but " + StringUtils.uncapitalize(TokenResponseErrors.abbreviate(reason, 200)));
			}
		}

	}

	/**
	 * A token response refused by {@link TokenResponseReader}: the server's OAuth error,
	 * or the reason. It passes through Spring Security's converter, which does not know
	 * the status, and leaves as a {@link TokenEndpointException}.
	 */
	private static final class Refused extends RuntimeException {

		private final @Nullable OAuth2Error error;

		private final @Nullable String reason;

		Refused(@Nullable OAuth2Error error, @Nullable String reason) {
			super(null, null, false, false);
			this.error = error;
			this.reason = reason;
		}

		TokenEndpointException toException(int statusCode) {
			return (this.error != null) ? new TokenEndpointException(this.error, statusCode, null)
					: TokenResponseErrors.invalidResponse(statusCode, String.valueOf(this.reason));
		}

		static @Nullable Refused find(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof Refused refused) {
					return refused;
				}
			}
			return null;
		}

	}

	/**
	 * Turns I/O failures into {@link TokenResponseErrors#noResponse no-response errors}
	 * and refuses redirects, before Spring Security's client wraps them in a message that
	 * names neither the fault nor the timeout; hides a {@code Content-Type} that cannot
	 * be parsed.
	 */
	private record TokenEndpointInterceptor(
			JwtBearerRegistration registration) implements ClientHttpRequestInterceptor {

		@Override
		public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
			ClientHttpResponse response;
			HttpStatusCode status;
			try {
				response = execution.execute(request, body);
				status = response.getStatusCode();
			}
			catch (IOException ex) {
				throw TokenResponseErrors.noResponse(request.getURI(), ex, this.registration);
			}
			HttpHeaders headers = TokenResponseErrors.withValidContentType(response.getHeaders());
			if (status.is3xxRedirection() || (status.is2xxSuccessful() && headers.getContentLength() == 0)) {
				response.close();
				throw status.is3xxRedirection() ? TokenResponseErrors.redirect(status.value(), headers)
						: TokenResponseErrors.invalidResponse(status.value(), "with an empty body");
			}
			return (headers != response.getHeaders()) ? new WithHeaders(response, headers) : response;
		}

	}

	/**
	 * Values of a form parameter that are sent as they are and shown masked: the first 4
	 * characters and the length of an assertion, only the length of a secret.
	 */
	private static final class MaskedValues extends ArrayList<String> {

		@Serial
		private static final long serialVersionUID = 1L;

		private final boolean secret;

		MaskedValues(List<String> values, boolean secret) {
			super(values);
			this.secret = secret;
		}

		@Override
		public String toString() {
			return stream()
				.map((value) -> this.secret ? "(" + value.length() + " characters)" : JwtBearerTokens.mask(value))
				.toList()
				.toString();
		}

		@Override
		public boolean equals(Object other) {
			return super.equals(other);
		}

		@Override
		public int hashCode() {
			return super.hashCode();
		}

	}

	/**
	 * The parameters of a token response, decoded by the WebClient's JSON decoder, which
	 * logs what it decoded at DEBUG with its toString(): tokens show there masked.
	 */
	static final class TokenResponseParameters extends LinkedHashMap<String, Object> {

		@Serial
		private static final long serialVersionUID = 1L;

		private static final Set<String> TOKENS = Set.of(OAuth2ParameterNames.ACCESS_TOKEN,
				OAuth2ParameterNames.REFRESH_TOKEN, "id_token");

		@Override
		public String toString() {
			Map<String, Object> shown = new LinkedHashMap<>();
			forEach((name, value) -> shown.put(name,
					(TOKENS.contains(name) && value != null) ? JwtBearerTokens.mask(value.toString()) : value));
			return shown.toString();
		}

	}

	/**
	 * A {@link ClientHttpResponse} with other headers.
	 */
	private record WithHeaders(ClientHttpResponse response, HttpHeaders headers) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.response.getBody();
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

	/**
	 * Reads a token response with Spring Security's
	 * {@link OAuth2AccessTokenResponseHttpMessageConverter}, whatever the content type,
	 * after reading at most {@value TokenResponseErrors#MAX_BODY_SIZE} bytes of it.
	 * Failures become {@link TokenEndpointException}s that name the status and what is
	 * wrong, never a part of the body, as the JSON library's messages may.
	 */
	private static final class TokenResponseHttpMessageConverter
			implements HttpMessageConverter<OAuth2AccessTokenResponse> {

		private final OAuth2AccessTokenResponseHttpMessageConverter delegate = new OAuth2AccessTokenResponseHttpMessageConverter();

		private final JwtBearerRegistration registration;

		TokenResponseHttpMessageConverter(JwtBearerRegistration registration) {
			this.registration = registration;
			this.delegate.setAccessTokenResponseConverter(new TokenResponseReader(registration)::convert);
		}

		@Override
		public boolean canRead(Class<?> clazz, @Nullable MediaType mediaType) {
			return OAuth2AccessTokenResponse.class.isAssignableFrom(clazz);
		}

		@Override
		public boolean canWrite(Class<?> clazz, @Nullable MediaType mediaType) {
			return false;
		}

		@Override
		public List<MediaType> getSupportedMediaTypes() {
			return List.of(MediaType.ALL);
		}

		@Override
		public OAuth2AccessTokenResponse read(Class<? extends OAuth2AccessTokenResponse> clazz,
				HttpInputMessage inputMessage) throws IOException {
			int status = (inputMessage instanceof ClientHttpResponse response) ? response.getStatusCode().value() : 200;
			HttpHeaders headers = inputMessage.getHeaders();
			MediaType contentType = headers.getContentType();
			if (!TokenResponseErrors.isJson(contentType)) {
				throw TokenResponseErrors.notJson(status, headers);
			}
			if (headers.getContentLength() > TokenResponseErrors.MAX_BODY_SIZE) {
				throw TokenResponseErrors.tooLarge(status);
			}
			byte[] body;
			try {
				body = TokenResponseErrors.readAtMost(inputMessage.getBody());
			}
			catch (IOException ex) {
				throw TokenResponseErrors.noResponse(tokenUri(this.registration), ex, this.registration);
			}
			if (body.length > TokenResponseErrors.MAX_BODY_SIZE) {
				throw TokenResponseErrors.tooLarge(status);
			}
			HttpHeaders json = HttpHeaders.copyOf(headers);
			if (contentType == null) {
				json.setContentType(MediaType.APPLICATION_JSON);
			}
			try {
				return this.delegate.read(OAuth2AccessTokenResponse.class,
						new TokenResponseErrorHandler.BufferedBody(body, json));
			}
			catch (HttpMessageNotReadableException ex) {
				Refused refused = Refused.find(ex);
				throw (refused != null) ? refused.toException(status) : TokenResponseErrors.notJson(status, headers);
			}
		}

		@Override
		public void write(OAuth2AccessTokenResponse tokenResponse, @Nullable MediaType contentType,
				HttpOutputMessage outputMessage) {
			throw new HttpMessageNotWritableException("Token responses are read, never written");
		}

	}

	/**
	 * Reads a token response, or the OAuth error it carries (RFC 6749 section 5.2), as
	 * the servlet client does: at most {@value TokenResponseErrors#MAX_BODY_SIZE} bytes
	 * (the WebClient's {@code maxInMemorySize}), within the read timeout, never a part of
	 * the body in a message.
	 */
	private static final class TokenResponseBodyExtractor
			implements BodyExtractor<Mono<OAuth2AccessTokenResponse>, ReactiveHttpInputMessage> {

		private final JwtBearerRegistration registration;

		private final TokenResponseReader reader;

		TokenResponseBodyExtractor(JwtBearerRegistration registration) {
			this.registration = registration;
			this.reader = new TokenResponseReader(registration);
		}

		@Override
		public Mono<OAuth2AccessTokenResponse> extract(ReactiveHttpInputMessage inputMessage, Context context) {
			if (!(inputMessage instanceof org.springframework.http.client.reactive.ClientHttpResponse response)) {
				return Mono.error(new IllegalStateException("Not a client response: " + inputMessage));
			}
			int status = response.getStatusCode().value();
			HttpHeaders headers = TokenResponseErrors.withValidContentType(response.getHeaders());
			MediaType contentType = headers.getContentType();
			if (response.getStatusCode().isError()) {
				return errorResponse(withHeaders(response, headers), status, context);
			}
			if (response.getStatusCode().is3xxRedirection()) {
				return Mono.error(TokenResponseErrors.redirect(status, headers));
			}
			if (!TokenResponseErrors.isJson(contentType)) {
				return Mono.error(TokenResponseErrors.notJson(status, headers));
			}
			if (contentType == null) {
				headers = HttpHeaders.copyOf(headers);
				headers.setContentType(MediaType.APPLICATION_JSON);
			}
			HttpHeaders original = headers;
			return BodyExtractors.toMono(TokenResponseParameters.class)
				.extract(withHeaders(response, headers), context)
				.timeout(this.registration.getReadTimeout())
				.onErrorMap((ex) -> !(ex instanceof OAuth2AuthorizationException),
						(ex) -> readFailure(ex, status, original))
				.switchIfEmpty(Mono.error(() -> TokenResponseErrors.invalidResponse(status, "with an empty body")))
				.map((parameters) -> convert(parameters, status));
		}

		// the OAuth error of the body when it has one; a body that is not JSON, or too
		// large, still fails with the status
		private Mono<OAuth2AccessTokenResponse> errorResponse(
				org.springframework.http.client.reactive.ClientHttpResponse response, int status, Context context) {
			return BodyExtractors.toMono(TokenResponseParameters.class)
				.extract(response, context)
				.timeout(this.registration.getReadTimeout())
				.map(Optional::of)
				.onErrorResume((ex) -> Mono.just(Optional.empty()))
				.defaultIfEmpty(Optional.empty())
				.flatMap((parameters) -> Mono
					.error(TokenResponseErrors.exception(status, response.getHeaders(), parameters.orElse(null))));
		}

		private OAuth2AccessTokenResponse convert(Map<String, Object> parameters, int status) {
			try {
				return this.reader.convert(parameters);
			}
			catch (Refused ex) {
				throw ex.toException(status);
			}
		}

		private OAuth2AuthorizationException readFailure(Throwable ex, int status, HttpHeaders headers) {
			if (ex instanceof DataBufferLimitException) {
				return TokenResponseErrors.tooLarge(status);
			}
			// a decoding failure, whose message may quote the body (Jackson 2's are
			// IOExceptions too)
			if (ex instanceof CodecException) {
				return TokenResponseErrors.notJson(status, headers);
			}
			if (ex instanceof TimeoutException || hasIoCause(ex)) {
				return TokenResponseErrors.noResponse(tokenUri(this.registration), ex, this.registration);
			}
			return TokenResponseErrors.notJson(status, headers);
		}

		private static boolean hasIoCause(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof IOException) {
					return true;
				}
			}
			return false;
		}

		private static org.springframework.http.client.reactive.ClientHttpResponse withHeaders(
				org.springframework.http.client.reactive.ClientHttpResponse response, HttpHeaders headers) {
			if (headers == response.getHeaders()) {
				return response;
			}
			return new ClientHttpResponseDecorator(response) {

				@Override
				public HttpHeaders getHeaders() {
					return headers;
				}

			};
		}

	}

}
