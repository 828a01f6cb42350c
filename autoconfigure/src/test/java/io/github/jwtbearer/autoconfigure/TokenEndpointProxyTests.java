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

import java.io.IOException;
import java.nio.file.Path;

import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that token requests honour the JVM's proxy settings: with {@code http.proxyHost}
 * and {@code http.proxyPort} set, the token request goes to the proxy (here a
 * MockWebServer that answers in place of the token endpoint).
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenEndpointProxyTests {

	private static final String PREFIX = "jwt-bearer.registration.idp.";

	@TempDir
	Path directory;

	private final MockWebServer proxy = new MockWebServer();

	@BeforeEach
	void startProxy() throws IOException {
		this.proxy.enqueue(TestTokenEndpoint.responseWithExpiresIn("via-proxy", 3600));
		this.proxy.start();
		System.setProperty("http.proxyHost", this.proxy.getHostName());
		System.setProperty("http.proxyPort", String.valueOf(this.proxy.getPort()));
	}

	@AfterEach
	void stopProxy() {
		System.clearProperty("http.proxyHost");
		System.clearProperty("http.proxyPort");
		this.proxy.close();
	}

	@Test
	void tokenRequestGoesThroughJvmProxy() throws InterruptedException {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> assertThat(context.getBean(OAuth2AuthorizedClientManager.class)
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("idp").principal("app").build())
				.getAccessToken()
				.getTokenValue()).isEqualTo("via-proxy"));
		assertProxied(this.proxy.takeRequest());
	}

	@Test
	void reactiveTokenRequestGoesThroughJvmProxy() throws InterruptedException {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> assertThat(context.getBean(ReactiveOAuth2AuthorizedClientManager.class)
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("idp").principal("app").build())
				.block()
				.getAccessToken()
				.getTokenValue()).isEqualTo("via-proxy"));
		assertProxied(this.proxy.takeRequest());
	}

	private static void assertProxied(RecordedRequest request) {
		// a request to a proxy names the whole URL (RFC 9112 section 3.2.2)
		assertThat(request.getTarget()).isEqualTo("http://token.example.test/token");
	}

	private String[] properties() {
		return new String[] { PREFIX + "client-id=client", PREFIX + "subject=robot@acme.com",
				PREFIX + "private-key=file:"
						+ TestPemFiles.write(this.directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa())),
				PREFIX + "token-uri=http://token.example.test/token", PREFIX + "allow-insecure-token-uri=true",
				"jwt-bearer.retry.max-attempts=1" };
	}

}
