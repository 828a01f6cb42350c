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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.RedisSharedTokenStore;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestRedisServer;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four replicas (managers with their own shared service, Redis store and connection)
 * sharing one real Redis.
 */
class SharedOAuth2AuthorizedClientServiceTests {

	private static TestRedisServer redis;

	private final TestClock clock = TestClock.at(Instant.now());

	private final List<Replica> replicas = new ArrayList<>();

	private TestOrgTokenEndpoint endpoint;

	private InMemoryJwtBearerRegistrationRepository registrations;

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

	@BeforeEach
	void startReplicas() {
		redis.restart();
		this.endpoint = new TestOrgTokenEndpoint();
		this.registrations = new InMemoryJwtBearerRegistrationRepository(
				this.endpoint.registration("salesforce", this.clock).tokenLifetime(Duration.ofMinutes(15)).build());
		for (int i = 0; i < 4; i++) {
			this.replicas.add(new Replica());
		}
	}

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach(Replica::close);
		this.endpoint.close();
	}

	@Test
	void authorizeWhen64CallersOnFourReplicasOnColdCacheThenOneTokenRequest() throws Exception {
		this.endpoint.delay(Duration.ofMillis(200));
		List<OAuth2AuthorizedClient> clients = concurrently(64,
				(i) -> replica(i).manager.authorize(request("user" + i)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(clients).hasSize(64)
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-1");
		// nothing lost on the way through the store
		assertThat(clients).allSatisfy((client) -> {
			assertThat(client).isInstanceOf(JwtBearerAuthorizedClient.class);
			assertThat(((JwtBearerAuthorizedClient) client).getInstanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
			assertThat(((JwtBearerAuthorizedClient) client).getAdditionalParameters()).containsKey("id");
			assertThat(client.getPrincipalName()).isEqualTo("integration@acme.com");
			assertThat(client.getAccessToken().getExpiresAt()).isNotNull();
		});
	}

	@Test
	void reactiveAuthorizeWhen64CallersOnFourReplicasOnColdCacheThenOneTokenRequest() throws Exception {
		this.endpoint.delay(Duration.ofMillis(200));
		List<JwtBearerReactiveOAuth2AuthorizedClientManager> managers = this.replicas.stream()
			.map(Replica::reactiveManager)
			.toList();
		// the first WebClient request of a JVM starts Reactor Netty, which may take
		// longer
		// than the short lease of the other tests
		this.replicas.forEach((replica) -> replica.service.setLeaseTimeout(Duration.ofSeconds(10)));
		List<OAuth2AuthorizedClient> clients = concurrently(64,
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
	void authorizeInRenewalWindowThenOneReplicaRenewsAndAllUseItsToken() {
		for (Replica replica : this.replicas) {
			replica.manager.authorize(request("anonymousUser"));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		// 15 min lifetime, 60 s clock skew, 60 s refresh-before-expiry
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		for (Replica replica : this.replicas) {
			assertThat(replica.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
				.isEqualTo("00Dxx!token-1");
		}
		List<Thread> renewals = new ArrayList<>();
		this.replicas.forEach((replica) -> renewals.addAll(replica.renewals.stream().map(Thread::new).toList()));
		assertThat(renewals).hasSize(4);
		renewals.forEach(Thread::start);
		renewals.forEach(SharedOAuth2AuthorizedClientServiceTests::join);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1 + 1);
		// the other replicas' renewals waited for its token and took it, at once
		for (Replica replica : this.replicas) {
			assertThat(replica.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
				.isEqualTo("00Dxx!token-2");
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizeWhen64CallersOnFourReplicasAfterExpiryThenOneTokenRequest() throws Exception {
		for (Replica replica : this.replicas) {
			replica.manager.authorize(request("anonymousUser"));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		// every near cache still holds the expired token: the waiting replicas read the
		// store, not their near cache, until the lease holder's new token is there
		this.clock.advance(Duration.ofMinutes(15));
		this.endpoint.delay(Duration.ofMillis(200));
		List<OAuth2AuthorizedClient> clients = concurrently(64,
				(i) -> replica(i).manager.authorize(request("user" + i)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(clients).extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-2");
	}

	@Test
	void removeWhenApiRejectsTokenInEveryReplicaThenOneNewTokenUsedByAll() throws Exception {
		OAuth2AuthorizedClient first = null;
		for (Replica replica : this.replicas) {
			first = replica.manager.authorize(request("anonymousUser"));
		}
		// every replica sees the API refuse the token at once
		OAuth2AuthorizedClient rejected = first;
		concurrently(4, (i) -> {
			replica(i).manager.removeAuthorizedClient(request("anonymousUser"), rejected.getAccessToken());
			return rejected;
		});
		List<OAuth2AuthorizedClient> clients = concurrently(64,
				(i) -> replica(i).manager.authorize(request("user" + i)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(clients).extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-2");
		// a late 401 for the old token removes nothing
		this.replicas.get(3).manager.removeAuthorizedClient(request("anonymousUser"), rejected.getAccessToken());
		for (Replica replica : this.replicas) {
			assertThat(replica.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
				.isEqualTo("00Dxx!token-2");
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
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
	void authorizeWhenLeaseHolderHangsThenAnotherReplicaTakesOverAfterLeaseTimeout() throws Exception {
		// a replica takes the lease, and its token request never ends (a replica frozen,
		// or killed, mid-request)
		CountDownLatch leased = new CountDownLatch(1);
		CountDownLatch killed = new CountDownLatch(1);
		Replica hung = this.replicas.get(3);
		Thread holder = new Thread(() -> {
			try {
				hung.service.obtain("salesforce", "integration@acme.com", () -> null, () -> {
					leased.countDown();
					await(killed);
					throw new IllegalStateException("killed");
				});
			}
			catch (IllegalStateException ex) {
				// as the replica died
			}
		});
		holder.start();
		await(leased);
		assertThat(keys()).anyMatch((key) -> key.startsWith("jwt-bearer:lease:salesforce:"));
		long start = System.nanoTime();
		List<OAuth2AuthorizedClient> clients = concurrently(48,
				(i) -> this.replicas.get(i % 3).manager.authorize(request("user" + i)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
		killed.countDown();
		join(holder);
		assertThat(clients).hasSize(48)
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-1");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void authorizeWhenRedisStoppedThenEveryCallSucceedsAndSharingResumesWhenBack() throws Exception {
		this.replicas
			.forEach((replica) -> replica.manager.setSubjectResolver((request) -> request.getAttribute("subject")));
		try (TestLogs logs = TestLogs.capture("io.github.jwtbearer", Level.INFO)) {
			redis.stop();
			List<OAuth2AuthorizedClient> alone = concurrently(16,
					(i) -> replica(i).manager.authorize(request("user" + i, "alice@acme.com")));
			assertThat(alone).hasSize(16);
			// each replica on its own single flight
			assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
			assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.service.isAvailable()).isFalse());
			assertThat(this.replicas.get(0).service.getLastError()).isNotBlank();
			redis.restart();
			Thread.sleep(1100);
			List<OAuth2AuthorizedClient> shared = concurrently(16,
					(i) -> replica(i).manager.authorize(request("user" + i, "bob@acme.com")));
			assertThat(shared).extracting((client) -> client.getAccessToken().getTokenValue())
				.containsOnly("00Dxx!token-5");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(5);
			assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.service.isAvailable()).isTrue());
			assertThat(logs.lines())
				.filteredOn((line) -> line.startsWith("WARN The shared token store failed (")
						&& line.endsWith("); each replica obtains its own tokens until it answers again"))
				.hasSize(4);
			assertThat(logs.lines()).filteredOn((line) -> line.startsWith("INFO The shared token store answers again"))
				.hasSize(4);
		}
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
		try (RedisConnection connection = this.replicas.get(0).connectionFactory.getConnection()) {
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
		try (RedisConnection connection = this.replicas.get(0).connectionFactory.getConnection();
				var cursor = connection.keyCommands().scan(ScanOptions.scanOptions().match("*").build())) {
			cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		}
		return keys;
	}

	private Replica replica(int i) {
		return this.replicas.get(i % this.replicas.size());
	}

	private static OAuth2AuthorizeRequest request(String user) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(new TestingAuthenticationToken(user, "n/a"))
			.build();
	}

	private static OAuth2AuthorizeRequest request(String user, String subject) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(new TestingAuthenticationToken(user, "n/a"))
			.attribute("subject", subject)
			.build();
	}

	private static <T> List<T> concurrently(int callers, IntFunction<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Callable<T>> calls = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				int caller = i;
				calls.add(() -> call.apply(caller));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : executor.invokeAll(calls, 30, TimeUnit.SECONDS)) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private final class Replica implements AutoCloseable {

		final LettuceConnectionFactory connectionFactory;

		final RedisSharedTokenStore store;

		final SharedOAuth2AuthorizedClientService service;

		final JwtBearerOAuth2AuthorizedClientManager manager;

		final List<Runnable> renewals = new ArrayList<>();

		Replica() {
			this.connectionFactory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", redis.getPort()),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
			this.connectionFactory.afterPropertiesSet();
			this.connectionFactory.start();
			this.store = new RedisSharedTokenStore(this.connectionFactory);
			this.store.setClock(SharedOAuth2AuthorizedClientServiceTests.this.clock);
			this.service = new SharedOAuth2AuthorizedClientService(this.store,
					SharedOAuth2AuthorizedClientServiceTests.this.registrations, AuthorizedClientCodecTests.key(7),
					1000);

			this.service.setLeaseTimeout(Duration.ofSeconds(1));
			SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
					SharedOAuth2AuthorizedClientServiceTests.this.registrations);
			provider.setRetry(new TokenRequestRetry(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
					Duration.ofSeconds(10)));
			this.manager = new JwtBearerOAuth2AuthorizedClientManager(
					SharedOAuth2AuthorizedClientServiceTests.this.registrations, this.service, provider,
					(request) -> null);
			this.manager.setClock(SharedOAuth2AuthorizedClientServiceTests.this.clock);
			this.manager.setTokenRequestCoordinator(this.service);
			this.manager.setRenewalExecutor(this.renewals::add);
		}

		JwtBearerReactiveOAuth2AuthorizedClientManager reactiveManager() {
			SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
					SharedOAuth2AuthorizedClientServiceTests.this.registrations);
			provider.setRetry(new TokenRequestRetry(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
					Duration.ofSeconds(10)));
			// the store blocks: off the event loop, as the starter's adapter does
			ReactiveOAuth2AuthorizedClientService reactiveService = new ReactiveOAuth2AuthorizedClientService() {

				@Override
				@SuppressWarnings("unchecked")
				public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String registrationId,
						String principalName) {
					return Mono
						.fromCallable(
								() -> (T) Replica.this.service.loadAuthorizedClient(registrationId, principalName))
						.subscribeOn(Schedulers.boundedElastic());
				}

				@Override
				public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
					return Mono.<Void>fromRunnable(() -> Replica.this.service.saveAuthorizedClient(client, principal))
						.subscribeOn(Schedulers.boundedElastic());
				}

				@Override
				public Mono<Void> removeAuthorizedClient(String registrationId, String principalName) {
					return Mono
						.<Void>fromRunnable(
								() -> Replica.this.service.removeAuthorizedClient(registrationId, principalName))
						.subscribeOn(Schedulers.boundedElastic());
				}

			};
			JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
					SharedOAuth2AuthorizedClientServiceTests.this.registrations, reactiveService, provider,
					(request) -> Mono.empty());
			manager.setClock(SharedOAuth2AuthorizedClientServiceTests.this.clock);
			manager.setTokenRequestCoordinator(this.service);
			return manager;
		}

		@Override
		public void close() {
			this.store.close();
			this.connectionFactory.destroy();
		}

	}

}
