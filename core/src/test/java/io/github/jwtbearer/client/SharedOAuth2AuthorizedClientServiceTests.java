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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.store.RedisSharedTokenStore;
import io.github.jwtbearer.fixtures.TestCallers;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four replicas (managers with their own shared service, Redis store and connection)
 * sharing one real Redis.
 */
class SharedOAuth2AuthorizedClientServiceTests extends AbstractSharedTokenStoreReplicaTests<RedisSharedTokenStore> {

	private static TestRedisServer redis;

	private final Map<RedisSharedTokenStore, LettuceConnectionFactory> connectionFactories = new IdentityHashMap<>();

	@BeforeAll
	static void startRedis() {
		redis = TestRedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	protected RedisSharedTokenStore createStore() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.getPort()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		RedisSharedTokenStore store = new RedisSharedTokenStore(connectionFactory);
		store.setClock(this.clock);
		this.connectionFactories.put(store, connectionFactory);
		return store;
	}

	@Override
	protected void closeStore(RedisSharedTokenStore store) {
		store.close();
		this.connectionFactories.remove(store).destroy();
	}

	@Override
	protected void resetStore() {
		redis.restart();
	}

	@Override
	protected void stopStoreServer() {
		redis.stop();
	}

	@Override
	protected void startStoreServer() {
		redis.restart();
	}

	@Override
	protected List<String> leaseKeys() {
		return keys().stream().filter((key) -> key.startsWith("jwt-bearer:lease:")).toList();
	}

	@Test
	void reactiveAuthorizeWhen64CallersOnFourReplicasOnColdCacheThenOneTokenRequest() throws Exception {
		this.endpoint.delay(Duration.ofMillis(200));
		List<JwtBearerReactiveOAuth2AuthorizedClientManager> managers = this.replicas.stream()
			.map(this::reactiveManager)
			.toList();
		// the first WebClient request of a JVM starts Reactor Netty, which may take
		// longer
		// than the short lease of the other tests
		this.replicas.forEach((replica) -> replica.service.setLeaseTimeout(Duration.ofSeconds(10)));
		List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(64,
				(i) -> managers.get(i % 4).authorize(request("user" + i)).block(Duration.ofSeconds(20)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(clients).hasSize(64)
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-1");
	}

	@Test
	void authorizeWhenTokenCachedThenNoCallToTheStore() {
		Replica replica = this.replicas.get(0);
		OAuth2AuthorizedClient first = replica.manager.authorize(request("anonymousUser"));
		redis.stop();
		try (TestLogs logs = TestLogs.capture("io.github.jwtbearer", Level.WARN)) {
			for (int i = 0; i < 100; i++) {
				assertThat(replica.manager.authorize(request("anonymousUser"))).isSameAs(first);
			}
			assertThat(logs.lines()).isEmpty();
		}
	}

	@Test
	void removeInOneReplicaThenOtherReplicasDropTheirNearCacheEntry() {
		Replica one = this.replicas.get(0);
		Replica other = this.replicas.get(1);
		OAuth2AuthorizedClient first = one.manager.authorize(request("anonymousUser"));
		other.manager.authorize(request("anonymousUser"));
		one.manager.removeAuthorizedClient(request("anonymousUser"), first.getAccessToken());
		await(() -> other.service.loadAuthorizedClient("salesforce", "integration@acme.com") == null);
		assertThat(other.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void scanOfRedisFindsNoTokenTextAndNoSubject() {
		this.replicas
			.forEach((replica) -> replica.manager.setSubjectResolver((request) -> request.getAttribute("subject")));
		for (Replica replica : this.replicas) {
			replica.manager.authorize(request("anonymousUser", "alice@acme.com"));
			replica.manager.authorize(request("anonymousUser", "bob@acme.com"));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		List<String> keys = keys();
		assertThat(keys).hasSize(2).allMatch((key) -> key.startsWith("jwt-bearer:token:salesforce:"));
		try (RedisConnection connection = this.connectionFactories.get(this.replicas.get(0).store).getConnection()) {
			for (String key : keys) {
				String value = new String(connection.stringCommands().get(key.getBytes(StandardCharsets.UTF_8)),
						StandardCharsets.ISO_8859_1);
				assertThat(key + value).doesNotContain("token-", "00Dxx", "alice", "bob", "acme", "salesforce.com");
				assertThat(connection.keyCommands().pTtl(key.getBytes(StandardCharsets.UTF_8)))
					.isBetween(Duration.ofMinutes(14).toMillis(), Duration.ofMinutes(15).toMillis());
			}
		}
	}

	private List<String> keys() {
		List<String> keys = new ArrayList<>();
		try (RedisConnection connection = this.connectionFactories.get(this.replicas.get(0).store).getConnection();
				var cursor = connection.keyCommands().scan(ScanOptions.scanOptions().match("*").build())) {
			cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		}
		return keys;
	}

	JwtBearerReactiveOAuth2AuthorizedClientManager reactiveManager(Replica replica) {
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				this.registrations);
		provider.setRetry(new TokenRequestRetry(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(10)));
		// the store blocks: off the event loop, as the starter's adapter does
		ReactiveOAuth2AuthorizedClientService reactiveService = new ReactiveOAuth2AuthorizedClientService() {

			@Override
			@SuppressWarnings("unchecked")
			public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String registrationId,
					String principalName) {
				return Mono.fromCallable(() -> (T) replica.service.loadAuthorizedClient(registrationId, principalName))
					.subscribeOn(Schedulers.boundedElastic());
			}

			@Override
			public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
				return Mono.<Void>fromRunnable(() -> replica.service.saveAuthorizedClient(client, principal))
					.subscribeOn(Schedulers.boundedElastic());
			}

			@Override
			public Mono<Void> removeAuthorizedClient(String registrationId, String principalName) {
				return Mono
					.<Void>fromRunnable(() -> replica.service.removeAuthorizedClient(registrationId, principalName))
					.subscribeOn(Schedulers.boundedElastic());
			}

		};
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				this.registrations, reactiveService, provider, (request) -> Mono.empty());
		manager.setClock(this.clock);
		manager.setTokenRequestCoordinator(replica.service);
		return manager;
	}

}
