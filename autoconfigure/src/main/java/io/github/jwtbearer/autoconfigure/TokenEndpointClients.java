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

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.jwtbearer.client.endpoint.JwtBearerTokenResponseClients;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.util.StringUtils;

/**
 * The token endpoint clients of the registrations, built with Spring Boot's HTTP client
 * support: the registration's connect and read timeouts, redirects never followed (the
 * assertion goes to {@code token-uri} and nowhere else), and the
 * {@code token-endpoint-ssl-bundle}, if set, for trust and mutual TLS.
 * <p>
 * The JDK's {@link java.net.http.HttpClient} carries the requests, whatever client the
 * application uses elsewhere: without a proxy of its own it asks
 * {@link java.net.ProxySelector#getDefault()}, so the JVM's proxy settings
 * ({@code https.proxyHost}, {@code http.nonProxyHosts},
 * {@code java.net.useSystemProxies}) apply to token requests.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenEndpointClients {

	private final Map<String, SslBundle> sslBundles = new LinkedHashMap<>();

	TokenEndpointClients(JwtBearerProperties properties, @Nullable SslBundles sslBundles) {
		properties.getRegistration().forEach((id, registration) -> {
			String name = registration.getTokenEndpointSslBundle();
			if (StringUtils.hasText(name)) {
				this.sslBundles.put(id,
						RegistrationSigningKeys.sslBundle(sslBundles, id, "token-endpoint-ssl-bundle", name));
			}
		});
	}

	OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> restClient(JwtBearerRegistration registration) {
		return JwtBearerTokenResponseClients.restClient(registration,
				ClientHttpRequestFactoryBuilder.jdk().build(settings(registration)));
	}

	ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> webClient(JwtBearerRegistration registration) {
		return JwtBearerTokenResponseClients.webClient(registration,
				ClientHttpConnectorBuilder.jdk().build(settings(registration)));
	}

	HttpClientSettings settings(JwtBearerRegistration registration) {
		return new HttpClientSettings(HttpRedirects.DONT_FOLLOW, registration.getConnectTimeout(),
				registration.getReadTimeout(), this.sslBundles.get(registration.getRegistrationId()));
	}

}
