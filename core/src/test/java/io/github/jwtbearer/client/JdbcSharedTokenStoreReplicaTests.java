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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.JdbcSharedTokenStore;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestPostgres;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four replicas (each a manager with its own shared service, JDBC store and connections)
 * sharing one real PostgreSQL: one token request for the fleet, one renewal, shared
 * evictions, a lease holder that dies, the database stopped and started again.
 *
 * @author JWT Bearer for Spring contributors
 */
class JdbcSharedTokenStoreReplicaTests {

	private static final SecretKey ENCRYPTION_KEY = new SecretKeySpec(
			"0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), "AES");

	private static TestPostgres postgres;

	private static SimpleDriverDataSource dataSource;

	private static boolean warm;

	private final TestClock clock = TestClock.at(Instant.now());

	private final List<Replica> replicas = new ArrayList<>();

	private TestOrgTokenEndpoint endpoint;

	private InMemoryJwtBearerRegistrationRepository registrations;

	@BeforeAll
	static void startPostgres() {
		postgres = TestPostgres.start();
		dataSource = new SimpleDriverDataSource(new Driver(), postgres.jdbcUrl() + "?connectTimeout=2",
				postgres.username(), "");
		new ResourceDatabasePopulator(new DefaultResourceLoader().getResource(JdbcSharedTokenStore.SCHEMA_LOCATION))
			.execute(dataSource);
	}

	@AfterAll
	static void stopPostgres() {
		if (postgres != null) {
			postgres.close();
		}
	}

	@BeforeEach
	void startReplicas() {
		warmUp();
		jdbc().sql("DELETE FROM jwt_bearer_token").update();
		jdbc().sql("DELETE FROM jwt_bearer_lease").update();
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

	// the first token request of a JVM (class loading, signing, HTTP client) can take
	// seconds on a busy machine: longer than a lease, so that another replica would take
	// over. One request ahead of the tests keeps their token requests short
	private void warmUp() {
		if (warm) {
			return;
		}
		try (TestOrgTokenEndpoint warmUp = new TestOrgTokenEndpoint()) {
			this.registrations = new InMemoryJwtBearerRegistrationRepository(
					warmUp.registration("salesforce", this.clock).build());
			try (Replica replica = new Replica()) {
				replica.manager.authorize(request("anonymousUser"));
			}
		}
		warm = true;
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
		// nothing lost on the way through the table
		assertThat(clients).allSatisfy((client) -> {
			assertThat(client).isInstanceOf(JwtBearerAuthorizedClient.class);
			assertThat(((JwtBearerAuthorizedClient) client).getInstanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
			assertThat(((JwtBearerAuthorizedClient) client).getAdditionalParameters()).containsKey("id");
			assertThat(client.getPrincipalName()).isEqualTo("integration@acme.com");
			assertThat(client.getAccessToken().getExpiresAt()).isNotNull();
		});
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
		renewals.forEach(JdbcSharedTokenStoreReplicaTests::join);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
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
	void removeWhenApiRejectsTokenInOneReplicaThenOneNewTokenUsedByAll() throws Exception {
		OAuth2AuthorizedClient first = null;
		for (Replica replica : this.replicas) {
			first = replica.manager.authorize(request("anonymousUser"));
		}
		this.replicas.get(0).manager.removeAuthorizedClient(request("anonymousUser"), first.getAccessToken());
		assertThat(storedTokens()).isEmpty();
		// the other replicas hear of it and drop the rejected token from their near cache
		for (Replica replica : this.replicas.subList(1, 4)) {
			await(() -> replica.service.loadAuthorizedClient("salesforce", "integration@acme.com") == null);
		}
		List<OAuth2AuthorizedClient> clients = concurrently(64,
				(i) -> replica(i).manager.authorize(request("user" + i)));
		assertThat(clients).extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void removeWhenNoticeWasMissedThenStaleReplicaSendsItOnceAndReadsTheNewToken() throws Exception {
		Replica deaf = this.replicas.get(3);
		deaf.store.close();
		OAuth2AuthorizedClient first = null;
		for (Replica replica : this.replicas) {
			first = replica.manager.authorize(request("anonymousUser"));
		}
		OAuth2AuthorizedClient rejected = first;
		this.replicas.get(0).manager.removeAuthorizedClient(request("anonymousUser"), rejected.getAccessToken());
		assertThat(this.replicas.get(0).manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
		// its near cache still holds the rejected token; the API's 401 there evicts
		// nothing
		// in the store, and it reads the new token from it
		assertThat(deaf.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-1");
		deaf.manager.removeAuthorizedClient(request("anonymousUser"), rejected.getAccessToken());
		assertThat(deaf.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void removeWhenApiRejectsTokenInEveryReplicaAtOnceThenOneNewTokenUsedByAll() throws Exception {
		OAuth2AuthorizedClient first = null;
		for (Replica replica : this.replicas) {
			first = replica.manager.authorize(request("anonymousUser"));
		}
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
	}

	@Test
	void authorizeWhenLeaseHolderDiedThenAnotherReplicaTakesOverAfterLeaseTimeout() throws Exception {
		// a replica takes the lease and hangs in its token request, as a killed or frozen
		// process would: it never stores a token nor releases the lease
		Replica dead = this.replicas.get(3);
		dead.service.setLeaseTimeout(Duration.ofSeconds(1));
		CountDownLatch leaseTaken = new CountDownLatch(1);
		CountDownLatch killed = new CountDownLatch(1);
		Thread holder = new Thread(() -> dead.service.obtain("salesforce", "integration@acme.com", () -> null, () -> {
			leaseTaken.countDown();
			awaitQuietly(killed);
			throw new IllegalStateException("killed");
		}));
		holder.setDaemon(true);
		holder.start();
		try {
			assertThat(leaseTaken.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(jdbc().sql("SELECT lease_key FROM jwt_bearer_lease").query(String.class).list())
				.singleElement(InstanceOfAssertFactories.STRING)
				.startsWith("jwt-bearer:lease:salesforce:");
			long start = System.nanoTime();
			List<OAuth2AuthorizedClient> clients = concurrently(48,
					(i) -> this.replicas.get(i % 3).manager.authorize(request("user" + i)));
			assertThat(clients).hasSize(48)
				.extracting((client) -> client.getAccessToken().getTokenValue())
				.containsOnly("00Dxx!token-1");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
		}
		finally {
			killed.countDown();
		}
	}

	@Test
	void authorizeWhenDatabaseStoppedThenEveryCallSucceedsAndSharingResumesWhenBack() throws Exception {
		this.replicas
			.forEach((replica) -> replica.manager.setSubjectResolver((request) -> request.getAttribute("subject")));
		try (TestLogs logs = TestLogs.capture("io.github.jwtbearer", Level.INFO)) {
			postgres.stopServer();
			List<OAuth2AuthorizedClient> alone;
			try {
				alone = concurrently(16, (i) -> replica(i).manager.authorize(request("user" + i, "alice@acme.com")));
			}
			finally {
				postgres.startServer();
			}
			assertThat(alone).hasSize(16);
			// each replica on its own single flight
			assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
			assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.service.isAvailable()).isFalse());
			Thread.sleep(1100);
			List<OAuth2AuthorizedClient> shared = concurrently(16,
					(i) -> replica(i).manager.authorize(request("user" + i, "bob@acme.com")));
			assertThat(shared).extracting((client) -> client.getAccessToken().getTokenValue())
				.containsOnly("00Dxx!token-5");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(5);
			assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.service.isAvailable()).isTrue());
			// logged once each way, per replica, and never with a token
			assertThat(logs.lines()).filteredOn((line) -> line.contains("shared token store failed")).hasSize(4);
			assertThat(logs.lines()).filteredOn((line) -> line.contains("shared token store answers again")).hasSize(4);
			assertThat(logs.lines()).noneMatch((line) -> line.contains("00Dxx"));
		}
	}

	@Test
	void scanOfTheTablesFindsNoTokenTextAndNoSubject() {
		this.replicas
			.forEach((replica) -> replica.manager.setSubjectResolver((request) -> request.getAttribute("subject")));
		for (Replica replica : this.replicas) {
			replica.manager.authorize(request("anonymousUser", "alice@acme.com"));
			replica.manager.authorize(request("anonymousUser", "bob@acme.com"));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		List<StoredToken> rows = storedTokens();
		assertThat(rows).hasSize(2).allSatisfy((row) -> {
			assertThat(row.key()).startsWith("jwt-bearer:token:salesforce:");
			assertThat(row.key() + new String(row.value(), StandardCharsets.ISO_8859_1)).doesNotContain("token-",
					"00Dxx", "alice", "bob", "acme", "salesforce.com");
			assertThat(Duration.between(this.clock.instant(), row.expiresAt().toInstant()))
				.isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15).plusSeconds(1));
		});
		assertThat(jdbc().sql("SELECT lease_key || owner FROM jwt_bearer_lease").query(String.class).list())
			.allSatisfy((lease) -> assertThat(lease).doesNotContain("alice", "bob", "acme"));
	}

	private List<StoredToken> storedTokens() {
		return jdbc().sql("SELECT token_key, token_value, expires_at FROM jwt_bearer_token")
			.query((rs, row) -> new StoredToken(rs.getString(1), rs.getBytes(2), rs.getObject(3, OffsetDateTime.class)))
			.list();
	}

	private static JdbcClient jdbc() {
		return JdbcClient.create(dataSource);
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

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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

	private record StoredToken(String key, byte[] value, OffsetDateTime expiresAt) {

		@Override
		public String toString() {
			return this.key + "=" + Arrays.toString(this.value);
		}

	}

	private final class Replica implements AutoCloseable {

		final JdbcSharedTokenStore store;

		final SharedOAuth2AuthorizedClientService service;

		final JwtBearerOAuth2AuthorizedClientManager manager;

		final List<Runnable> renewals = new ArrayList<>();

		Replica() {
			this.store = new JdbcSharedTokenStore(new SimpleDriverDataSource(new Driver(),
					postgres.jdbcUrl() + "?connectTimeout=2", postgres.username(), ""));
			InMemoryJwtBearerRegistrationRepository registrations = JdbcSharedTokenStoreReplicaTests.this.registrations;
			this.service = new SharedOAuth2AuthorizedClientService(this.store, registrations, ENCRYPTION_KEY, 1000);

			// above the first token request of a cold JVM on a busy machine
			this.service.setLeaseTimeout(Duration.ofSeconds(5));
			SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
					registrations);
			provider.setRetry(new TokenRequestRetry(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
					Duration.ofSeconds(10)));
			this.manager = new JwtBearerOAuth2AuthorizedClientManager(registrations, this.service, provider,
					(request) -> null);
			this.manager.setClock(JdbcSharedTokenStoreReplicaTests.this.clock);
			this.manager.setTokenRequestCoordinator(this.service);
			this.manager.setRenewalExecutor(this.renewals::add);
		}

		@Override
		public void close() {
			this.store.close();
		}

	}

}
