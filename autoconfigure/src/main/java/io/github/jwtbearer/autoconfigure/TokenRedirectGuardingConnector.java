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

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.function.SingletonSupplier;

/**
 * The reactive twin of {@link TokenRedirectGuardingRequestFactory}: every request is sent
 * without redirects; a redirect answered to a request that carries an access token is
 * followed here only within its origin, and handed to the caller otherwise; a redirect
 * answered to any other request is followed through the connector as configured, which
 * then follows the rest as it always did.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenRedirectGuardingConnector implements ClientHttpConnector {

	private final ClientHttpConnector following;

	private final Supplier<ClientHttpConnector> notFollowing;

	/**
	 * Create a connector.
	 * @param following the connector as configured, which follows redirects
	 * @param notFollowing the same connector without redirects, built when first needed
	 */
	TokenRedirectGuardingConnector(ClientHttpConnector following, Supplier<ClientHttpConnector> notFollowing) {
		this.following = following;
		this.notFollowing = SingletonSupplier.of(notFollowing);
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return exchange(method, uri, requestCallback, 0);
	}

	private Mono<ClientHttpResponse> exchange(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback, int redirects) {
		AtomicBoolean carriesToken = new AtomicBoolean();
		return this.notFollowing.get()
			.connect(method, uri,
					(request) -> requestCallback.apply(request)
						.doOnSuccess((done) -> carriesToken.set(TokenRedirectGuardingRequestFactory
							.carriesToken(request.getHeaders(), request.getAttributes()))))
			.flatMap((response) -> {
				URI location = TokenRedirectGuardingRequestFactory.location(uri, response.getHeaders());
				if (!TokenRedirectGuardingRequestFactory.isFollowedRedirect(response.getStatusCode())
						|| location == null) {
					return Mono.just(response);
				}
				boolean get = TokenRedirectGuardingRequestFactory.becomesGet(response.getStatusCode(), method);
				HttpMethod nextMethod = get ? HttpMethod.GET : method;
				Function<? super ClientHttpRequest, Mono<Void>> nextCallback = get ? withoutBody(requestCallback)
						: requestCallback;
				if (!carriesToken.get()) {
					return release(response).then(this.following.connect(nextMethod, location, nextCallback));
				}
				if (redirects == TokenRedirectGuardingRequestFactory.MAX_REDIRECTS
						|| !TokenRedirectGuardingRequestFactory.sameOrigin(uri, location)) {
					// the token never leaves its origin
					return Mono.just(response);
				}
				return release(response).then(exchange(nextMethod, location, nextCallback, redirects + 1));
			});
	}

	private static Mono<Void> release(ClientHttpResponse response) {
		return response.getBody().doOnNext(DataBufferUtils::release).then();
	}

	private static Function<ClientHttpRequest, Mono<Void>> withoutBody(
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return (request) -> requestCallback.apply(new ClientHttpRequestDecorator(request) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				dropContentHeaders(getHeaders());
				return Mono.from(body).doOnNext(DataBufferUtils::release).then(setComplete());
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				dropContentHeaders(getHeaders());
				return setComplete();
			}

		});
	}

	private static void dropContentHeaders(HttpHeaders headers) {
		headers.remove(HttpHeaders.CONTENT_TYPE);
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		headers.remove(HttpHeaders.CONTENT_ENCODING);
	}

}
