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
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.JdbcSharedTokenStore;
import io.github.jwtbearer.fixtures.TestCallers;
import io.github.jwtbearer.fixtures.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four replicas (each a manager with its own shared service, JDBC store and connections)
 * sharing one real PostgreSQL: one token request for the fleet, one renewal, shared
 * evictions, a lease holder that dies, the database stopped and started again.
 *
 * @author JWT Bearer for Spring contributors
 */
class JdbcSharedTokenStoreReplicaTests extends AbstractSharedTokenStoreReplicaTests<JdbcSharedTokenStore> {

	private static TestPostgres postgres;

	private static SimpleDriverDataSource dataSource;

	private static boolean warm;

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

	@Override
	protected JdbcSharedTokenStore createStore() {
		return new JdbcSharedTokenStore(new SimpleDriverDataSource(new Driver(),
				postgres.jdbcUrl() + "?connectTimeout=2", postgres.username(), ""));
	}

	@Override
	protected void closeStore(JdbcSharedTokenStore store) {
		store.close();
	}

	@Override
	protected void resetStore() {
		jdbc().sql("DELETE FROM jwt_bearer_token").update();
		jdbc().sql("DELETE FROM jwt_bearer_lease").update();
	}

	@Override
	protected void stopStoreServer() {
		postgres.stopServer();
	}

	@Override
	protected void startStoreServer() {
		postgres.startServer();
	}

	@Override
	protected List<String> leaseKeys() {
		return jdbc().sql("SELECT lease_key FROM jwt_bearer_lease").query(String.class).list();
	}

	// above the first token request of a cold JVM on a busy machine
	@Override
	protected Duration leaseTimeout() {
		return Duration.ofSeconds(5);
	}

	// the first token request of a JVM (class loading, signing, HTTP client) can take
	// seconds on a busy machine: longer than a lease, so that another replica would take
	// over. One request ahead of the tests keeps their token requests short
	@Override
	protected void beforeReplicasStart() {
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
		List<OAuth2AuthorizedClient> clients = TestCallers.concurrently(64,
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

	private record StoredToken(String key, byte[] value, OffsetDateTime expiresAt) {

		@Override
		public String toString() {
			return this.key + "=" + Arrays.toString(this.value);
		}

	}

}
