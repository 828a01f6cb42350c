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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * An implementation of {@link SharedTokenStore} for PostgreSQL, through Spring's
 * {@link JdbcClient}. Tokens live in the table {@code jwt_bearer_token}, leases in
 * {@code jwt_bearer_lease};
 * {@code io/github/jwtbearer/client/store/schema-postgresql.sql} creates both.
 * <p>
 * A lease is taken by one atomic statement, an insert that on conflict updates the row
 * only when the lease held there has expired, so that two replicas never both hold it.
 * Leases run on the database's clock, so that replicas whose clocks disagree still hold a
 * lease in turn. Tokens expire by the {@link Clock} of the replica that reads them, as
 * their expiry was computed by one. Expired rows are never read, and each write deletes
 * the expired rows of both tables, so that the tables do not grow without bound.
 * <p>
 * A removal tells every replica's {@linkplain #addRemovalListener removal listeners}
 * through PostgreSQL's {@code NOTIFY}, sent when the deleting statement commits; each
 * store that has listeners holds one connection that listens. A notice lost while that
 * connection is down costs a replica whose near cache holds the rejected token one 401
 * and a read of this store, never an extra token request.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JdbcSharedTokenStore implements SharedTokenStore, AutoCloseable {

	/**
	 * The location of the PostgreSQL schema on the class path.
	 */
	public static final String SCHEMA_LOCATION = "classpath:io/github/jwtbearer/client/store/schema-postgresql.sql";

	private static final String SELECT_TOKEN = "SELECT token_value FROM jwt_bearer_token "
			+ "WHERE token_key = :key AND expires_at > :now";

	private static final String UPSERT_TOKEN = "INSERT INTO jwt_bearer_token (token_key, token_value, expires_at) "
			+ "VALUES (:key, :value, :expiresAt) ON CONFLICT (token_key) "
			+ "DO UPDATE SET token_value = EXCLUDED.token_value, expires_at = EXCLUDED.expires_at";

	// one statement deletes and tells every replica (on commit), with a row per removal
	private static final String DELETE_TOKEN = "WITH removed AS (DELETE FROM jwt_bearer_token "
			+ "WHERE token_key = :key AND token_value = :expected RETURNING token_key) "
			+ "SELECT pg_notify('jwt_bearer_token_removed', token_key) FROM removed";

	private static final String DELETE_EXPIRED_TOKENS = "DELETE FROM jwt_bearer_token WHERE expires_at <= :now";

	// the conflict branch updates only a lease that has expired (or that the owner
	// already holds): the row count says whether the owner holds the lease now. Leases
	// run on the database's clock, so that a replica whose clock runs ahead never takes
	// a lease that still holds
	private static final String ACQUIRE_LEASE = "INSERT INTO jwt_bearer_lease (lease_key, owner, expires_at) "
			+ "VALUES (:key, :owner, clock_timestamp() + make_interval(secs => :seconds)) "
			+ "ON CONFLICT (lease_key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
			+ "WHERE jwt_bearer_lease.expires_at <= clock_timestamp() OR jwt_bearer_lease.owner = EXCLUDED.owner";

	private static final String RELEASE_LEASE = "DELETE FROM jwt_bearer_lease WHERE lease_key = :key AND owner = :owner";

	private static final String DELETE_EXPIRED_LEASES = "DELETE FROM jwt_bearer_lease "
			+ "WHERE expires_at <= clock_timestamp()";

	private static final boolean POSTGRES_DRIVER_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			JdbcSharedTokenStore.class.getClassLoader());

	private final DataSource dataSource;

	private final JdbcClient jdbcClient;

	private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();

	private @Nullable PostgresRemovalNotices removalNotices;

	private boolean closed;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a store on the data source.
	 * @param dataSource the PostgreSQL data source
	 */
	public JdbcSharedTokenStore(DataSource dataSource) {
		Assert.notNull(dataSource, "dataSource cannot be null");
		this.dataSource = dataSource;
		this.jdbcClient = JdbcClient.create(dataSource);
	}

	@Override
	public byte @Nullable [] get(String key) {
		Assert.hasText(key, "key cannot be empty");
		return this.jdbcClient.sql(SELECT_TOKEN)
			.param("key", key)
			.param("now", now())
			.query(byte[].class)
			.optional()
			.orElse(null);
	}

	@Override
	public void put(String key, byte[] value, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(value, "value cannot be null");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		this.jdbcClient.sql(UPSERT_TOKEN)
			.param("key", key)
			.param("value", value)
			.param("expiresAt", timestamp(expiresAt))
			.update();
		// writes are rare (one per token and renewal): the place to keep the tables small
		this.jdbcClient.sql(DELETE_EXPIRED_TOKENS).param("now", now()).update();
		this.jdbcClient.sql(DELETE_EXPIRED_LEASES).update();
	}

	@Override
	public boolean remove(String key, byte[] expected) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expected, "expected cannot be null");
		return !this.jdbcClient.sql(DELETE_TOKEN)
			.param("key", key)
			.param("expected", expected)
			.query((resultSet, row) -> row)
			.list()
			.isEmpty();
	}

	@Override
	public boolean tryAcquireLease(String key, String owner, Duration timeout) {
		Assert.hasText(key, "key cannot be empty");
		Assert.hasText(owner, "owner cannot be empty");
		Assert.isTrue(timeout.compareTo(Duration.ZERO) > 0, "timeout must be positive");
		return this.jdbcClient.sql(ACQUIRE_LEASE)
			.param("key", key)
			.param("owner", owner)
			.param("seconds", timeout.toMillis() / 1000.0)
			.update() > 0;
	}

	@Override
	public void releaseLease(String key, String owner) {
		Assert.hasText(key, "key cannot be empty");
		Assert.hasText(owner, "owner cannot be empty");
		this.jdbcClient.sql(RELEASE_LEASE).param("key", key).param("owner", owner).update();
	}

	/**
	 * Listen to removals made by any replica: the first listener opens a connection of
	 * the data source that waits for PostgreSQL's notices ({@code LISTEN}), held until
	 * the store is closed.
	 * @param listener called with the key of each removed entry
	 */
	@Override
	public void addRemovalListener(Consumer<String> listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.removalListeners.add(listener);
		synchronized (this.removalListeners) {
			if (this.removalNotices == null && !this.closed && POSTGRES_DRIVER_PRESENT) {
				this.removalNotices = new PostgresRemovalNotices(this.dataSource, this::removed);
				this.removalNotices.start();
			}
		}
	}

	/**
	 * Stop listening to removals and give back the connection that listened.
	 */
	@Override
	public void close() {
		synchronized (this.removalListeners) {
			this.closed = true;
			if (this.removalNotices != null) {
				this.removalNotices.close();
				this.removalNotices = null;
			}
		}
	}

	/**
	 * Set the clock that decides which tokens have expired (leases run on the database's
	 * clock).
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public String toString() {
		return "JdbcSharedTokenStore";
	}

	private void removed(String key) {
		for (Consumer<String> listener : this.removalListeners) {
			listener.accept(key);
		}
	}

	private OffsetDateTime now() {
		return timestamp(this.clock.instant());
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
