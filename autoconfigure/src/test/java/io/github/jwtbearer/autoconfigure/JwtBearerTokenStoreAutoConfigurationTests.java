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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.jwtbearer.actuate.JwtBearerEndpoint;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.store.RedisSharedTokenStore;
import io.github.jwtbearer.client.store.SharedTokenStore;
import io.github.jwtbearer.fixtures.TestCallers;
import io.github.jwtbearer.fixtures.TestRedisServer;
import io.github.jwtbearer.test.MockJwtBearerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerTokenStoreAutoConfiguration}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenStoreAutoConfigurationTests {

	private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

	@TempDir
	static Path directory;

	static String keyLocation;

	static TestRedisServer redis;

	static MockJwtBearerServer org;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class,
				JwtBearerTokenStoreAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@BeforeAll
	static void start() {
		keyLocation = "file:"
				+ TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		redis = TestRedisServer.start();
		org = MockJwtBearerServer.salesforce().start();
	}

	@AfterAll
	static void stop() {
		if (redis != null) {
			redis.close();
		}
		if (org != null) {
			org.close();
		}
	}

	private String[] properties(String... more) {
		List<String> all = new ArrayList<>(List.of("jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9consumerkey",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.registration.salesforce.private-key=" + keyLocation,
				"jwt-bearer.registration.salesforce.token-uri=" + org.getTokenUri(), "jwt-bearer.retry.max-attempts=1",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.getPort(),
				"spring.data.redis.timeout=500ms"));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void tokenStoreIsInMemoryByDefault() {
		this.contextRunner.withPropertyValues(properties())
			.run((context) -> assertThat(context).hasSingleBean(BoundedInMemoryOAuth2AuthorizedClientService.class)
				.doesNotHaveBean(SharedTokenStore.class));
	}

	@Test
	void tokenStoreIsSharedInRedisWhenTypeIsRedis() {
		this.contextRunner
			.withPropertyValues(properties("jwt-bearer.token-store.type=redis",
					"jwt-bearer.token-store.encryption-key=" + KEY, "jwt-bearer.token-store.lease-timeout=3s"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisSharedTokenStore.class)
					.hasSingleBean(OAuth2AuthorizedClientService.class)
					.getBean(OAuth2AuthorizedClientService.class)
					.isInstanceOf(SharedOAuth2AuthorizedClientService.class);
				assertThat(context.getBean(OAuth2AuthorizedClientManager.class)).extracting("tokenRequestCoordinator")
					.isSameAs(context.getBean(SharedOAuth2AuthorizedClientService.class));
			});
	}

	@Test
	void sharedStoreWithoutEncryptionKeyRefusesToStart() {
		this.contextRunner.withPropertyValues(properties("jwt-bearer.token-store.type=redis")).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			// as docs/troubleshooting.md quotes them
			assertThat(analysis.getDescription()).isEqualTo("The JWT bearer token store is misconfigured: a shared"
					+ " token store (redis) keeps tokens encrypted, and no encryption key is set"
					+ " (property jwt-bearer.token-store.encryption-key)");
			assertThat(analysis.getAction()).isEqualTo("Set jwt-bearer.token-store.encryption-key to the same base64"
					+ " AES key on every replica, from a secret store (an environment variable such as"
					+ " JWT_BEARER_TOKEN_STORE_ENCRYPTIONKEY, say). Make one with: openssl rand -base64 32");
		});
	}

	@Test
	void redisStoreWithoutRedisOnTheClassPathRefusesToStart() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues(
					properties("jwt-bearer.token-store.type=redis", "jwt-bearer.token-store.encryption-key=" + KEY))
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription()).contains("the redis token store is not available")
					.contains("jwt-bearer.token-store.type");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void sharedStoreWithKeyThatIsNotAnAesKeyRefusesToStartWithoutEchoingIt() {
		String secret = "bm90LWFuLWFlcy1rZXk=";
		this.contextRunner
			.withPropertyValues(
					properties("jwt-bearer.token-store.type=redis", "jwt-bearer.token-store.encryption-key=" + secret))
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription()).contains("decodes to 14 bytes")
					.contains("jwt-bearer.token-store.encryption-key")
					.doesNotContain(secret)
					.doesNotContain("not-an-aes-key");
				assertThat(analysis.getAction()).contains("openssl rand -base64 32");
			});
		this.contextRunner
			.withPropertyValues(properties("jwt-bearer.token-store.type=redis",
					"jwt-bearer.token-store.encryption-key=n0t*base64!"))
			.run((context) -> assertThat(analysis(context).getDescription()).contains("not valid base64")
				.doesNotContain("n0t*base64!"));
	}

	@Test
	void healthAndEndpointShowTheStoreDownAndBackWithoutSecrets() {
		org.reset();
		org.trust("3MVG9consumerkey", TestPemFiles.rsa().getPublic());
		org.addSubject("integration@acme.com");
		this.contextRunner.withConfiguration(AutoConfigurations.of(JwtBearerObservabilityAutoConfiguration.class))
			.withPropertyValues(
					properties("jwt-bearer.token-store.type=redis", "jwt-bearer.token-store.encryption-key=" + KEY,
							"management.endpoints.web.exposure.include=jwtbearer"))
			.run((context) -> {
				HealthIndicator health = (HealthIndicator) context
					.getBean("jwtBearerHealthContributor", CompositeHealthContributor.class)
					.getContributor("tokenStore");
				JwtBearerEndpoint endpoint = context.getBean(JwtBearerEndpoint.class);
				OAuth2AuthorizedClientManager manager = context.getBean(OAuth2AuthorizedClientManager.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				assertThat(endpoint.registrations().tokenStore())
					.isEqualTo(new JwtBearerEndpoint.TokenStoreDescriptor("redis", true, null));
				redis.stop();
				try {
					// the call succeeds on this replica alone
					OAuth2AuthorizedClient client = manager
						.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
							.principal(new TestingAuthenticationToken("user", "n/a"))
							.build());
					assertThat(client).isNotNull();
					Health down = health.health();
					assertThat(down.getStatus()).isEqualTo(JwtBearerTokenStoreHealthIndicator.TOKEN_STORE_UNAVAILABLE);
					assertThat(down.getDetails()).containsEntry("type", "redis").containsEntry("available", false);
					assertThat(endpoint.registrations().tokenStore().available()).isFalse();
					assertThat(endpoint.registrations().tokenStore().lastError()).isNotBlank()
						.doesNotContain(client.getAccessToken().getTokenValue())
						.doesNotContain(KEY);
				}
				finally {
					redis.restart();
				}
				// the next call that needs the store finds it back, once the connection
				// is up again
				SharedOAuth2AuthorizedClientService service = context
					.getBean(SharedOAuth2AuthorizedClientService.class);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
				while (!service.isAvailable() && System.nanoTime() < deadline) {
					Thread.sleep(200);
					service.removeAuthorizedClient("salesforce", "integration@acme.com");
				}
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				assertThat(endpoint.registrations().tokenStore().available()).isTrue();
			});
	}

	@Test
	void fourReplicasOnColdCacheMakeOneTokenRequest() throws Exception {
		org.reset();
		org.trust("3MVG9consumerkey", TestPemFiles.rsa().getPublic());
		org.addSubject("integration@acme.com");
		org.delayNextTokenResponses(1, Duration.ofMillis(200));
		List<ConfigurableApplicationContext> replicas = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				replicas.add(replica());
			}
			List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(64,
					(i) -> replicas.get(i % 4)
						.getBean(OAuth2AuthorizedClientManager.class)
						.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
							.principal(new TestingAuthenticationToken("user" + i, "n/a"))
							.build()));
			assertThat(org.getTokenRequests()).hasSize(1);
			assertThat(clients).hasSize(64).allSatisfy((client) -> {
				assertThat(client.getAccessToken().getTokenValue()).isEqualTo(org.getIssuedTokens().get(0));
				assertThat(((JwtBearerAuthorizedClient) client).getInstanceUrl()).isNotNull();
			});
		}
		finally {
			replicas.forEach(ConfigurableApplicationContext::close);
		}
	}

	// four separate applications, as four replicas would be
	private ConfigurableApplicationContext replica() {
		return new SpringApplicationBuilder(ReplicaApplication.class).web(WebApplicationType.NONE)
			.properties(properties("jwt-bearer.token-store.type=redis", "jwt-bearer.token-store.encryption-key=" + KEY))
			// this module's test application.properties keeps Redis out of other tests
			.run("--spring.autoconfigure.exclude=");
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidJwtBearerTokenStoreFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JwtBearerAutoConfiguration.class, JwtBearerTokenStoreAutoConfiguration.class,
			DataRedisAutoConfiguration.class })
	static class ReplicaApplication {

	}

}
