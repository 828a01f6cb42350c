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

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.ClassUtils;

/**
 * Wraps Boot's {@link ClientHttpRequestFactoryBuilder} bean, which builds the transport
 * of the auto-configured {@code RestClient.Builder}, of {@code RestTemplateBuilder} and
 * of every HTTP service group, so that each request factory it builds with redirects
 * followed is a {@link TokenRedirectGuardingRequestFactory}: an access token never
 * follows a redirect to another origin (the JDK {@code HttpClient} copies
 * {@code Authorization} to wherever a redirect points). Boot's
 * {@code ClientHttpConnectorBuilder} bean, the transport of WebClient, gets the same
 * through a {@link TokenRedirectGuardingConnector}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenRedirectGuard implements BeanPostProcessor {

	private static final boolean REACTIVE_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder",
			TokenRedirectGuard.class.getClassLoader())
			&& ClassUtils.isPresent("reactor.core.publisher.Mono", TokenRedirectGuard.class.getClassLoader());

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder && !(bean instanceof GuardingBuilder)) {
			return new GuardingBuilder(builder);
		}
		if (REACTIVE_PRESENT && ReactiveGuard.applies(bean)) {
			return ReactiveGuard.wrap(bean);
		}
		return bean;
	}

	private static final class ReactiveGuard {

		static boolean applies(Object bean) {
			return bean instanceof ClientHttpConnectorBuilder<?> && !(bean instanceof GuardingConnectorBuilder);
		}

		static Object wrap(Object bean) {
			return new GuardingConnectorBuilder((ClientHttpConnectorBuilder<?>) bean);
		}

	}

	static final class GuardingConnectorBuilder implements ClientHttpConnectorBuilder<ClientHttpConnector> {

		private final ClientHttpConnectorBuilder<?> delegate;

		GuardingConnectorBuilder(ClientHttpConnectorBuilder<?> delegate) {
			this.delegate = delegate;
		}

		@Override
		public ClientHttpConnector build(@Nullable HttpClientSettings settings) {
			ClientHttpConnector connector = this.delegate.build(settings);
			if (settings != null && settings.redirects() == HttpRedirects.DONT_FOLLOW) {
				return connector;
			}
			HttpClientSettings notFollowing = ((settings != null) ? settings : HttpClientSettings.defaults())
				.withRedirects(HttpRedirects.DONT_FOLLOW);
			return new TokenRedirectGuardingConnector(connector, () -> this.delegate.build(notFollowing));
		}

	}

	static final class GuardingBuilder implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

		private final ClientHttpRequestFactoryBuilder<?> delegate;

		GuardingBuilder(ClientHttpRequestFactoryBuilder<?> delegate) {
			this.delegate = delegate;
		}

		@Override
		public ClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
			ClientHttpRequestFactory requestFactory = this.delegate.build(settings);
			if (settings != null && settings.redirects() == HttpRedirects.DONT_FOLLOW) {
				return requestFactory;
			}
			HttpClientSettings notFollowing = ((settings != null) ? settings : HttpClientSettings.defaults())
				.withRedirects(HttpRedirects.DONT_FOLLOW);
			return new TokenRedirectGuardingRequestFactory(requestFactory, () -> this.delegate.build(notFollowing));
		}

	}

}
