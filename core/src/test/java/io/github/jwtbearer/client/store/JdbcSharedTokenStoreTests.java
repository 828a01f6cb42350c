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

package io.github.jwtbearer.client.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JdbcSharedTokenStore}, against a real PostgreSQL.
 *
 * @author JWT Bearer for Spring contributors
 */
class JdbcSharedTokenStoreTests {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(10);

	// leases run on the database's clock: the tests that see one expire wait this long
	private static final Duration SHORT_LEASE = Duration.ofMillis(100);

	private static TestPostgres postgres;

	private static SimpleDriverDataSource dataSource;

	private final TestClock clock = TestClock.at(NOW);

	private JdbcSharedTokenStore store;

	@BeforeAll
	static void startPostgres() {
		postgres = TestPostgres.start();
		dataSource = new SimpleDriverDataSource(new Driver(), postgres.jdbcUrl(), postgres.username(), "");
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
	void setUp() {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("DELETE FROM jwt_bearer_token").update();
		jdbc.sql("DELETE FROM jwt_bearer_lease").update();
		this.store = new JdbcSharedTokenStore(dataSource);
		this.store.setClock(this.clock);
	}

	@Test
	void getWhenNothingStoredThenNull() {
		assertThat(this.store.get("salesforce:integration")).isNull();
	}

	@Test
	void getWhenStoredThenSameBytes() {
		byte[] value = { 0, 1, 2, (byte) 0xff };
		this.store.put("salesforce:integration", value, NOW.plusSeconds(900));
		assertThat(this.store.get("salesforce:integration")).containsExactly(value);
	}

	@Test
	void putWhenKeyStoredThenReplacesValueAndExpiry() {
		this.store.put("k", bytes("old"), NOW.plusSeconds(60));
		this.store.put("k", bytes("new"), NOW.plusSeconds(900));
		this.clock.advance(Duration.ofSeconds(120));
		assertThat(this.store.get("k")).containsExactly(bytes("new"));
	}

	@Test
	void getWhenExpiredThenNull() {
		this.store.put("k", bytes("v"), NOW.plusSeconds(60));
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.store.get("k")).isNull();
	}

	@Test
	void putDeletesExpiredTokensAndLeasesSoTheTablesStaySmall() throws InterruptedException {
		this.store.put("expiring", bytes("v"), NOW.plusSeconds(60));
		this.store.tryAcquireLease("lease-of-a-dead-replica", "dead", SHORT_LEASE);
		this.clock.advance(Duration.ofSeconds(61));
		Thread.sleep(SHORT_LEASE.toMillis() + 50);
		this.store.put("other", bytes("v"), NOW.plusSeconds(900));
		JdbcClient jdbc = JdbcClient.create(dataSource);
		assertThat(jdbc.sql("SELECT token_key FROM jwt_bearer_token").query(String.class).list())
			.containsExactly("other");
		assertThat(jdbc.sql("SELECT count(*) FROM jwt_bearer_lease").query(Long.class).single()).isZero();
	}

	@Test
	void removeWhenStoredValueIsTheExpectedOneThenRemoves() {
		this.store.put("k", bytes("rejected"), NOW.plusSeconds(900));
		assertThat(this.store.remove("k", bytes("rejected"))).isTrue();
		assertThat(this.store.get("k")).isNull();
	}

	@Test
	void removeWhenAnotherReplicaStoredANewValueThenKeepsIt() {
		this.store.put("k", bytes("new"), NOW.plusSeconds(900));
		assertThat(this.store.remove("k", bytes("rejected"))).isFalse();
		assertThat(this.store.get("k")).containsExactly(bytes("new"));
	}

	@Test
	void removeThenEveryStoreWithListenersHearsOfItButNotOfAFailedRemove() throws Exception {
		BlockingQueue<String> heard = new LinkedBlockingQueue<>();
		try (JdbcSharedTokenStore otherReplica = new JdbcSharedTokenStore(dataSource)) {
			otherReplica.addRemovalListener(heard::add);
			awaitListening();
			this.store.put("kept", bytes("new"), NOW.plusSeconds(900));
			this.store.remove("kept", bytes("rejected"));
			this.store.put("k", bytes("rejected"), NOW.plusSeconds(900));
			this.store.remove("k", bytes("rejected"));
			assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("k");
			assertThat(heard).isEmpty();
		}
	}

	@Test
	void removeAfterDatabaseRestartThenListenersHearOfItAgain() throws Exception {
		BlockingQueue<String> heard = new LinkedBlockingQueue<>();
		try (JdbcSharedTokenStore otherReplica = new JdbcSharedTokenStore(dataSource)) {
			otherReplica.addRemovalListener(heard::add);
			awaitListening();
			postgres.stopServer();
			postgres.startServer();
			awaitListening();
			this.store.put("k", bytes("rejected"), NOW.plusSeconds(900));
			this.store.remove("k", bytes("rejected"));
			assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("k");
		}
	}

	@Test
	void closeThenTheListeningConnectionIsGivenBack() throws Exception {
		JdbcSharedTokenStore otherReplica = new JdbcSharedTokenStore(dataSource);
		otherReplica.addRemovalListener((key) -> {
		});
		awaitListening();
		otherReplica.close();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (listeners() > 0) {
			assertThat(System.nanoTime()).as("listener gone within 5 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@Test
	void tryAcquireLeaseWhenFreeThenTaken() {
		assertThat(this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT)).isTrue();
	}

	@Test
	void tryAcquireLeaseWhenHeldByAnotherOwnerThenRefused() {
		this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT);
		assertThat(this.store.tryAcquireLease("k", "replica-2", LEASE_TIMEOUT)).isFalse();
	}

	@Test
	void tryAcquireLeaseWhenOtherLeaseExpiredThenTaken() throws InterruptedException {
		this.store.tryAcquireLease("k", "replica-1", SHORT_LEASE);
		Thread.sleep(SHORT_LEASE.toMillis() + 50);
		assertThat(this.store.tryAcquireLease("k", "replica-2", LEASE_TIMEOUT)).isTrue();
		assertThat(this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT)).isFalse();
	}

	@Test
	void tryAcquireLeaseOnOtherKeyThenIndependent() {
		this.store.tryAcquireLease("k1", "replica-1", LEASE_TIMEOUT);
		assertThat(this.store.tryAcquireLease("k2", "replica-2", LEASE_TIMEOUT)).isTrue();
	}

	@Test
	void tryAcquireLeaseWhenReplicaClockRunsAheadThenLeaseStillHolds() {
		this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.store.tryAcquireLease("k", "replica-2", LEASE_TIMEOUT)).isFalse();
	}

	@Test
	void releaseLeaseWhenOwnerThenOthersMayTakeIt() {
		this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT);
		this.store.releaseLease("k", "replica-1");
		assertThat(this.store.tryAcquireLease("k", "replica-2", LEASE_TIMEOUT)).isTrue();
	}

	@Test
	void releaseLeaseWhenNotOwnerThenLeaseStaysHeld() {
		this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT);
		this.store.releaseLease("k", "replica-2");
		assertThat(this.store.tryAcquireLease("k", "replica-3", LEASE_TIMEOUT)).isFalse();
	}

	@Test
	void releaseLeaseWhenExpiredAndTakenOverThenNewOwnerKeepsIt() throws InterruptedException {
		this.store.tryAcquireLease("k", "replica-1", SHORT_LEASE);
		Thread.sleep(SHORT_LEASE.toMillis() + 50);
		this.store.tryAcquireLease("k", "replica-2", LEASE_TIMEOUT);
		this.store.releaseLease("k", "replica-1");
		assertThat(this.store.tryAcquireLease("k", "replica-3", LEASE_TIMEOUT)).isFalse();
	}

	@Test
	void tryAcquireLeaseWhenManyRaceThenExactlyOneHoldsIt() throws Exception {
		int callers = 16;
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				String owner = "replica-" + i;
				Callable<Boolean> acquire = () -> {
					start.await();
					return this.store.tryAcquireLease("k", owner, LEASE_TIMEOUT);
				};
				results.add(executor.submit(acquire));
			}
			start.countDown();
			int held = 0;
			for (Future<Boolean> result : results) {
				held += result.get() ? 1 : 0;
			}
			assertThat(held).isOne();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void whenDatabaseIsDownThenRuntimeExceptionAndWhenBackThenWorks() {
		this.store.put("k", bytes("v"), NOW.plusSeconds(900));
		postgres.stopServer();
		try {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.store.get("k"));
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.store.tryAcquireLease("k", "replica-1", LEASE_TIMEOUT));
		}
		finally {
			postgres.startServer();
		}
		assertThat(this.store.get("k")).containsExactly(bytes("v"));
	}

	// the backends that LISTEN: until one does, a notice would reach no one
	private static void awaitListening() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (listeners() == 0) {
			assertThat(System.nanoTime()).as("listening within 10 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private static long listeners() {
		return JdbcClient.create(dataSource)
			.sql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'")
			.query(Long.class)
			.single();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
