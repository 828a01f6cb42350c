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
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.test.MockJwtBearerServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JwtBearerStartupPrefetch}: {@code prefetch-on-startup} against the
 * test kit's mock org.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerStartupPrefetchTests {

	private static final String CLIENT_ID = "3MVG9consumerkey";

	private static final String PREFIX = "jwt-bearer.registration.salesforce.";

	@TempDir
	static Path directory;

	static String keyLocation;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class));

	private MockJwtBearerServer org;

	@BeforeAll
	static void writeKey() {
		keyLocation = "file:"
				+ TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	@BeforeEach
	void startOrg() {
		this.org = MockJwtBearerServer.salesforce().start();
		this.org.trust(CLIENT_ID, TestPemFiles.rsa().getPublic()).addSubject("integration@acme.com");
	}

	@AfterEach
	void stopOrg() {
		this.org.close();
	}

	@Test
	void firstCallAfterPrefetchMakesNoTokenRequest() {
		this.contextRunner.withPropertyValues(salesforce(this.org.getTokenUri(), "prefetch-on-startup=true"))
			.run((context) -> {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.org.getIssuedTokens().size() == 1);
				OAuth2AuthorizedClient authorizedClient = context.getBean(OAuth2AuthorizedClientManager.class)
					.authorize(request());
				assertThat(authorizedClient).isNotNull();
				assertThat(authorizedClient.getAccessToken().getTokenValue())
					.isEqualTo(this.org.getIssuedTokens().get(0));
				assertThat(this.org.getTokenRequests()).hasSize(1);
			});
	}

	@Test
	void withoutPrefetchOnStartupNoTokenIsRequestedAtStartup() {
		this.contextRunner.withPropertyValues(salesforce(this.org.getTokenUri())).run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(OAuth2AuthorizedClientManager.class).authorize(request());
			assertThat(this.org.getTokenRequests()).hasSize(1);
		});
	}

	@Test
	void prefetchNeverFailsStartupWhenTheTokenEndpointIsDown() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		String tokenUri = "http://127.0.0.1:" + closedPort + "/services/oauth2/token";
		try (TestLogs logs = TestLogs.capture(JwtBearerStartupPrefetch.class.getName(), Level.DEBUG)) {
			this.contextRunner.withPropertyValues(salesforce(tokenUri, "prefetch-on-startup=true"))
				.withPropertyValues("jwt-bearer.retry.max-attempts=1")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					await().atMost(Duration.ofSeconds(10)).until(() -> !logs.lines().isEmpty());
					assertThat(logs.lines()).singleElement()
						.asString()
						.startsWith("WARN Prefetch on startup of JWT bearer registration 'salesforce' failed; "
								+ "the first call asks for the token again: ");
				});
		}
	}

	@Test
	void subjectPickedByTheResolverIsNotPrefetched() {
		OAuth2AuthorizedClientManager manager = mock(OAuth2AuthorizedClientManager.class);
		JwtBearerStartupPrefetch prefetch = new JwtBearerStartupPrefetch(List.of("salesforce"), manager,
				(request) -> "someone-else@acme.com");
		prefetch.setExecutor(Runnable::run);
		prefetch.start();
		then(manager).shouldHaveNoInteractions();
	}

	@Test
	void configuredSubjectIsPrefetchedWhenTheResolverFallsBackToIt() {
		OAuth2AuthorizedClientManager manager = mock(OAuth2AuthorizedClientManager.class);
		JwtBearerStartupPrefetch prefetch = new JwtBearerStartupPrefetch(List.of("salesforce"), manager,
				(request) -> null);
		prefetch.setExecutor(Runnable::run);
		prefetch.start();
		then(manager).should().authorize(any());
	}

	private static String[] salesforce(String tokenUri, String... more) {
		String[] base = { PREFIX + "provider=salesforce", PREFIX + "client-id=" + CLIENT_ID,
				PREFIX + "subject=integration@acme.com", PREFIX + "private-key=" + keyLocation,
				PREFIX + "token-uri=" + tokenUri };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		for (int i = 0; i < more.length; i++) {
			all[base.length + i] = PREFIX + more[i];
		}
		return all;
	}

	private static OAuth2AuthorizeRequest request() {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("app").build();
	}

}
