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

package io.github.jwtbearer.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link ClientHttpRequestFactory} that keeps access tokens on their origin: a request
 * that carries one (an {@code Authorization} header and a client registration id
 * attribute, as Spring Security's interceptor sends it) goes through a transport that
 * never follows redirects, and its redirects are followed here only while they stay on
 * the same origin (scheme, host and port). A redirect to another origin is handed to the
 * caller as it came, never followed, with or without the token: following it without the
 * token would meet a 401 that evicts a valid token.
 * <p>
 * Every other request goes through the transport as configured, redirects and all,
 * exactly as before. The transport is built by Boot's
 * {@code ClientHttpRequestFactoryBuilder} from the same settings, per client or per HTTP
 * service group, so interceptors, timeouts, TLS and proxies stay what they were.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenRedirectGuardingRequestFactory implements ClientHttpRequestFactory {

	// as the JDK HttpClient's default (jdk.httpclient.redirects.retrylimit)
	static final int MAX_REDIRECTS = 5;

	private final ClientHttpRequestFactory following;

	private final Supplier<ClientHttpRequestFactory> notFollowing;

	/**
	 * Create a factory.
	 * @param following the transport as configured, which follows redirects
	 * @param notFollowing the same transport without redirects, built when first needed
	 */
	TokenRedirectGuardingRequestFactory(ClientHttpRequestFactory following,
			Supplier<ClientHttpRequestFactory> notFollowing) {
		this.following = following;
		this.notFollowing = SingletonSupplier.of(notFollowing);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new GuardedRequest(uri, httpMethod);
	}

	// a token Spring Security's interceptor or filter set: the header, and the attribute
	// that named the registration (or gave the authorized client)
	static boolean carriesToken(HttpHeaders headers, Map<String, Object> attributes) {
		return headers.containsHeader(HttpHeaders.AUTHORIZATION)
				&& (ClientAttributes.resolveClientRegistrationId(attributes) != null
						|| attributes.containsKey(OAuth2AuthorizedClient.class.getName()));
	}

	static boolean isFollowedRedirect(HttpStatusCode status) {
		int code = status.value();
		return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
	}

	// as the JDK HttpClient and browsers do (RFC 9110 section 15.4): 303, and 301 or 302
	// after a POST, continue with a GET without a body
	static boolean becomesGet(HttpStatusCode status, HttpMethod method) {
		int code = status.value();
		return (code == 303 && !HttpMethod.HEAD.equals(method))
				|| ((code == 301 || code == 302) && HttpMethod.POST.equals(method));
	}

	static @Nullable URI location(URI current, HttpHeaders headers) {
		String location = headers.getFirst(HttpHeaders.LOCATION);
		if (location == null || location.isBlank()) {
			return null;
		}
		try {
			return current.resolve(location.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static boolean sameOrigin(URI one, URI other) {
		return one.getScheme() != null && one.getScheme().equalsIgnoreCase(other.getScheme()) && one.getHost() != null
				&& one.getHost().equalsIgnoreCase(other.getHost()) && port(one) == port(other);
	}

	static HttpHeaders withoutContentHeaders(HttpHeaders headers) {
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(headers);
		copy.remove(HttpHeaders.CONTENT_TYPE);
		copy.remove(HttpHeaders.CONTENT_LENGTH);
		copy.remove(HttpHeaders.CONTENT_ENCODING);
		return copy;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
	}

	/**
	 * A request that decides its transport once its headers and attributes are set: when
	 * its body is asked for, or when it is sent.
	 */
	private final class GuardedRequest implements ClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final HttpHeaders headers = new HttpHeaders();

		private final Map<String, Object> attributes = new LinkedHashMap<>();

		private @Nullable ClientHttpRequest passThrough;

		private @Nullable ByteArrayOutputStream buffer;

		GuardedRequest(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public HttpHeaders getHeaders() {
			return (this.passThrough != null) ? this.passThrough.getHeaders() : this.headers;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return (this.passThrough != null) ? this.passThrough.getAttributes() : this.attributes;
		}

		@Override
		public OutputStream getBody() throws IOException {
			if (this.passThrough == null && this.buffer == null) {
				decide();
			}
			return (this.passThrough != null) ? this.passThrough.getBody() : buffer();
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			if (this.passThrough == null && this.buffer == null) {
				decide();
			}
			if (this.passThrough != null) {
				return this.passThrough.execute();
			}
			return followSameOrigin(buffer().toByteArray());
		}

		private ByteArrayOutputStream buffer() {
			ByteArrayOutputStream buffer = this.buffer;
			if (buffer == null) {
				buffer = new ByteArrayOutputStream();
				this.buffer = buffer;
			}
			return buffer;
		}

		private void decide() throws IOException {
			if (carriesToken()) {
				this.buffer = new ByteArrayOutputStream();
				return;
			}
			ClientHttpRequest request = TokenRedirectGuardingRequestFactory.this.following.createRequest(this.uri,
					this.method);
			request.getHeaders().addAll(this.headers);
			request.getAttributes().putAll(this.attributes);
			this.passThrough = request;
		}

		private boolean carriesToken() {
			return TokenRedirectGuardingRequestFactory.carriesToken(this.headers, this.attributes);
		}

		private ClientHttpResponse followSameOrigin(byte[] body) throws IOException {
			URI current = this.uri;
			HttpMethod method = this.method;
			byte[] content = body;
			HttpHeaders headers = this.headers;
			for (int redirects = 0;; redirects++) {
				ClientHttpResponse response = send(current, method, headers, content);
				HttpStatusCode status = response.getStatusCode();
				URI location = location(current, response.getHeaders());
				if (!isFollowedRedirect(status) || location == null || redirects == MAX_REDIRECTS
						|| !sameOrigin(current, location)) {
					// a redirect elsewhere reaches the caller unfollowed: the token
					// never leaves its origin
					return response;
				}
				response.close();
				if (becomesGet(status, method)) {
					method = HttpMethod.GET;
					content = new byte[0];
					headers = withoutContentHeaders(headers);
				}
				current = location;
			}
		}

		private ClientHttpResponse send(URI uri, HttpMethod method, HttpHeaders headers, byte[] body)
				throws IOException {
			ClientHttpRequest request = TokenRedirectGuardingRequestFactory.this.notFollowing.get()
				.createRequest(uri, method);
			request.getHeaders().addAll(headers);
			request.getAttributes().putAll(this.attributes);
			if (body.length > 0) {
				try (OutputStream out = request.getBody()) {
					out.write(body);
				}
			}
			return request.execute();
		}

	}

}
