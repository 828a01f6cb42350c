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

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

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
 * The store does not tell other replicas of removals: a replica whose near cache still
 * holds a token that another replica saw rejected sends it once, receives a 401, and then
 * reads the new token from this store; no extra token request comes of it.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JdbcSharedTokenStore implements SharedTokenStore {

	/**
	 * The location of the PostgreSQL schema on the class path.
	 */
	public static final String SCHEMA_LOCATION = "classpath:io/github/jwtbearer/client/store/schema-postgresql.sql";

	private static final String SELECT_TOKEN = "SELECT token_value FROM jwt_bearer_token "
			+ "WHERE token_key = :key AND expires_at > :now";

	private static final String UPSERT_TOKEN = "INSERT INTO jwt_bearer_token (token_key, token_value, expires_at) "
			+ "VALUES (:key, :value, :expiresAt) ON CONFLICT (token_key) "
			+ "DO UPDATE SET token_value = EXCLUDED.token_value, expires_at = EXCLUDED.expires_at";

	private static final String DELETE_TOKEN = "DELETE FROM jwt_bearer_token "
			+ "WHERE token_key = :key AND token_value = :expected";

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

	private final JdbcClient jdbcClient;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a store on the data source.
	 * @param dataSource the PostgreSQL data source
	 */
	public JdbcSharedTokenStore(DataSource dataSource) {
		this(JdbcClient.create(dataSource));
	}

	/**
	 * Create a store on the JDBC client.
	 * @param jdbcClient the client of a PostgreSQL database
	 */
	public JdbcSharedTokenStore(JdbcClient jdbcClient) {
		Assert.notNull(jdbcClient, "jdbcClient cannot be null");
		this.jdbcClient = jdbcClient;
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
		return this.jdbcClient.sql(DELETE_TOKEN).param("key", key).param("expected", expected).update() > 0;
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

	private OffsetDateTime now() {
		return timestamp(this.clock.instant());
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
