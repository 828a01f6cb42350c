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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.SharedTokenStore;
import io.github.jwtbearer.fixtures.TestCallers;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four replicas (each a manager with its own shared service and store) sharing one real
 * store server: the tests every {@link SharedTokenStore} must pass. Subclasses run the
 * server, make a replica's store and stop and start the server.
 *
 * @param <S> the store type
 * @author JWT Bearer for Spring contributors
 */
abstract class AbstractSharedTokenStoreReplicaTests<S extends SharedTokenStore> {

	protected final TestClock clock = TestClock.at(Instant.now());

	protected final List<Replica> replicas = new ArrayList<>();

	protected TestOrgTokenEndpoint endpoint;

	protected InMemoryJwtBearerRegistrationRepository registrations;

	/**
	 * Make the store of a new replica, connected to the running server.
	 * @return the store
	 */
	protected abstract S createStore();

	/**
	 * Close a replica's store and what it alone holds (connections).
	 * @param store the store
	 */
	protected abstract void closeStore(S store);

	/**
	 * Empty the store (or start a fresh server) before each test.
	 */
	protected abstract void resetStore();

	/**
	 * Stop the store server; replicas' calls to it fail at once or time out.
	 */
	protected abstract void stopStoreServer();

	/**
	 * Start the store server again, on the same port, empty or not.
	 */
	protected abstract void startStoreServer();

	/**
	 * The keys of the leases held in the store now.
	 * @return the lease keys
	 */
	protected abstract List<String> leaseKeys();

	/**
	 * The lease timeout of every replica's service.
	 * @return the lease timeout
	 */
	protected Duration leaseTimeout() {
		return Duration.ofSeconds(1);
	}

	/**
	 * Called once before the replicas of the first test start (e.g. a warm-up token
	 * request).
	 */
	protected void beforeReplicasStart() {
	}

	@BeforeEach
	void startReplicas() {
		beforeReplicasStart();
		resetStore();
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
		List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(64,
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
		renewals.forEach(AbstractSharedTokenStoreReplicaTests::join);
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
		List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(64,
				(i) -> replica(i).manager.authorize(request("user" + i)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(clients).extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-2");
	}

	@Test
	void removeWhenApiRejectsTokenInEveryReplicaAtOnceThenOneNewTokenUsedByAll() throws Exception {
		OAuth2AuthorizedClient first = null;
		for (Replica replica : this.replicas) {
			first = replica.manager.authorize(request("anonymousUser"));
		}
		// every replica sees the API refuse the token at once
		OAuth2AuthorizedClient rejected = first;
		TestCallers.concurrently(4, (i) -> {
			replica(i).manager.removeAuthorizedClient(request("anonymousUser"), rejected.getAccessToken());
			return rejected;
		});
		List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(64,
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
	void authorizeWhenLeaseHolderHangsThenAnotherReplicaTakesOverAfterLeaseTimeout() throws Exception {
		// a replica takes the lease and hangs in its token request, as a killed or frozen
		// process would: it never stores a token nor releases the lease
		Replica hung = this.replicas.get(3);
		hung.service.setLeaseTimeout(Duration.ofSeconds(1));
		CountDownLatch leased = new CountDownLatch(1);
		CountDownLatch killed = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			try {
				hung.service.obtain("salesforce", "integration@acme.com", () -> null, () -> {
					leased.countDown();
					awaitQuietly(killed);
					throw new IllegalStateException("killed");
				});
			}
			catch (IllegalStateException ex) {
				// as the replica died
			}
		});
		holder.setDaemon(true);
		holder.start();
		try {
			assertThat(leased.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(leaseKeys()).singleElement()
				.satisfies((key) -> assertThat(key).startsWith("jwt-bearer:lease:salesforce:"));
			long start = System.nanoTime();
			List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(48,
					(i) -> this.replicas.get(i % 3).manager.authorize(request("user" + i)));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
			assertThat(clients).hasSize(48)
				.extracting((client) -> client.getAccessToken().getTokenValue())
				.containsOnly("00Dxx!token-1");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		}
		finally {
			killed.countDown();
			join(holder);
		}
	}

	@Test
	void authorizeWhenStoreStoppedThenEveryCallSucceedsAndSharingResumesWhenBack() throws Exception {
		this.replicas
			.forEach((replica) -> replica.manager.setSubjectResolver((request) -> request.getAttribute("subject")));
		try (TestLogs logs = TestLogs.capture("io.github.jwtbearer", Level.INFO)) {
			stopStoreServer();
			List<OAuth2AuthorizedClient> alone;
			try {
				alone = TestCallers.concurrently(16,
						(i) -> replica(i).manager.authorize(request("user" + i, "alice@acme.com")));
				assertThat(alone).hasSize(16);
				// each replica on its own single flight
				assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
				assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.service.isAvailable()).isFalse());
				assertThat(this.replicas.get(0).service.getLastError()).isNotBlank();
			}
			finally {
				startStoreServer();
			}
			Thread.sleep(1100);
			List<OAuth2AuthorizedClient> shared = TestCallers.concurrently(16,
					(i) -> replica(i).manager.authorize(request("user" + i, "bob@acme.com")));
			assertThat(shared).extracting((client) -> client.getAccessToken().getTokenValue())
				.containsOnly("00Dxx!token-5");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(5);
			assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.service.isAvailable()).isTrue());
			// logged once each way, per replica, and never with a token
			assertThat(logs.lines())
				.filteredOn((line) -> line.startsWith("WARN The shared token store failed (")
						&& line.endsWith("); each replica obtains its own tokens until it answers again"))
				.hasSize(4);
			assertThat(logs.lines()).filteredOn((line) -> line.startsWith("INFO The shared token store answers again"))
				.hasSize(4);
			assertThat(logs.lines()).filteredOn((line) -> line.contains("shared token store failed")).hasSize(4);
			assertThat(logs.lines()).noneMatch((line) -> line.contains("00Dxx"));
		}
	}

	protected Replica replica(int i) {
		return this.replicas.get(i % this.replicas.size());
	}

	protected static OAuth2AuthorizeRequest request(String user) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(new TestingAuthenticationToken(user, "n/a"))
			.build();
	}

	protected static OAuth2AuthorizeRequest request(String user, String subject) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal(new TestingAuthenticationToken(user, "n/a"))
			.attribute("subject", subject)
			.build();
	}

	protected static void await(BooleanSupplier condition) {
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

	protected static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One replica: its own store, shared service and manager; renewals are collected, for
	 * the test to run.
	 */
	protected final class Replica implements AutoCloseable {

		final S store;

		final SharedOAuth2AuthorizedClientService service;

		final JwtBearerOAuth2AuthorizedClientManager manager;

		final List<Runnable> renewals = new ArrayList<>();

		Replica() {
			InMemoryJwtBearerRegistrationRepository registrations = AbstractSharedTokenStoreReplicaTests.this.registrations;
			this.store = createStore();
			this.service = new SharedOAuth2AuthorizedClientService(this.store, registrations,
					AuthorizedClientCodecTests.key(7), 1000);
			this.service.setLeaseTimeout(leaseTimeout());
			SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
					registrations);
			provider.setRetry(new TokenRequestRetry(1, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
					Duration.ofSeconds(10)));
			this.manager = new JwtBearerOAuth2AuthorizedClientManager(registrations, this.service, provider,
					(request) -> null);
			this.manager.setClock(AbstractSharedTokenStoreReplicaTests.this.clock);
			this.manager.setTokenRequestCoordinator(this.service);
			this.manager.setRenewalExecutor(this.renewals::add);
		}

		@Override
		public void close() {
			closeStore(this.store);
		}

	}

}
