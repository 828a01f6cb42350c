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
import java.net.InetAddress;
import java.nio.file.Path;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@code jwt-bearer.registration.<id>.instance-url-hosts}: with a Salesforce
 * preset, a token whose {@code instance_url} is outside Salesforce's domains is refused
 * until its host is allowed.
 *
 * @author JWT Bearer for Spring contributors
 */
class InstanceUrlHostsTests {

	private static final String TOKEN = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog";

	@TempDir
	Path directory;

	private MockWebServer server;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void start() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		String key = "file:"
				+ TestPemFiles.write(this.directory, "salesforce.key", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues("jwt-bearer.retry.max-attempts=1",
					"jwt-bearer.registration.salesforce.provider=salesforce",
					"jwt-bearer.registration.salesforce.client-id=3MVG9",
					"jwt-bearer.registration.salesforce.subject=integration@acme.com",
					"jwt-bearer.registration.salesforce.private-key=" + key,
					"jwt-bearer.registration.salesforce.token-uri=" + this.server.url("/services/oauth2/token"));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void authorizeWhenSalesforceInstanceUrlIsOutsideSalesforceDomainsThenFailsNamingProperty() {
		this.server.enqueue(response("https://api.example.com"));
		this.contextRunner.run((context) -> {
			ClientAuthorizationException ex = catchThrowableOfType(ClientAuthorizationException.class,
					() -> authorize(context.getBean(OAuth2AuthorizedClientManager.class)));
			// the message docs/http-clients.md quotes
			assertThat(ex).isNotNull()
				.hasMessage("Token request of registration 'salesforce' failed: the instance_url of the token response "
						+ "names host 'api.example.com', which is under none of the allowed domains [salesforce.com, "
						+ "force.com, cloudforce.com]; if the org's APIs are served "
						+ "from that host, add it to the registration's instance URL hosts (with the starter: "
						+ "jwt-bearer.registration.<id>.instance-url-hosts); the token was not stored, and no request "
						+ "was sent with it");
			assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token_response");
		});
	}

	@Test
	void authorizeWhenSalesforceInstanceUrlIsMyDomainThenStoresToken() {
		this.server.enqueue(response("https://acme.my.salesforce.com"));
		this.contextRunner
			.run((context) -> assertThat(instanceUrl(authorize(context.getBean(OAuth2AuthorizedClientManager.class))))
				.isEqualTo("https://acme.my.salesforce.com"));
	}

	@Test
	void authorizeWhenHostIsAllowedByPropertyThenStoresToken() {
		this.server.enqueue(response("https://api.example.com"));
		this.contextRunner.withPropertyValues("jwt-bearer.registration.salesforce.instance-url-hosts=api.example.com")
			.run((context) -> assertThat(instanceUrl(authorize(context.getBean(OAuth2AuthorizedClientManager.class))))
				.isEqualTo("https://api.example.com"));
	}

	@Test
	void authorizeWhenInstanceUrlIsHttpOnLoopbackThenStoresToken() {
		String local = this.server.url("/").toString();
		this.server.enqueue(response(local));
		this.contextRunner
			.run((context) -> assertThat(instanceUrl(authorize(context.getBean(OAuth2AuthorizedClientManager.class))))
				.isEqualTo(local));
	}

	@Test
	void startupWhenInstanceUrlHostIsNotAHostNameThenFailsNamingProperty() {
		this.contextRunner
			.withPropertyValues(
					"jwt-bearer.registration.salesforce.instance-url-hosts=https://api.example.com/services")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtBearerRegistrationException.class)
				.hasMessageContaining("instance-url-hosts holds 'https://api.example.com/services'"));
	}

	private static OAuth2AuthorizedClient authorize(OAuth2AuthorizedClientManager manager) {
		return manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("scheduler").build());
	}

	private static String instanceUrl(OAuth2AuthorizedClient authorizedClient) {
		assertThat(authorizedClient).isInstanceOf(JwtBearerAuthorizedClient.class);
		return ((JwtBearerAuthorizedClient) authorizedClient).getInstanceUrl();
	}

	private static MockResponse response(String instanceUrl) {
		return TestTokenEndpoint.json(200, """
				{"access_token":"%s","instance_url":"%s","token_type":"Bearer"}""".formatted(TOKEN, instanceUrl));
	}

}
