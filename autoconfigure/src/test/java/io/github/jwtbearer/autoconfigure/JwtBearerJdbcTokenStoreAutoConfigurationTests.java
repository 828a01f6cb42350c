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
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.store.JdbcSharedTokenStore;
import io.github.jwtbearer.client.store.SharedTokenStore;
import io.github.jwtbearer.fixtures.TestCallers;
import io.github.jwtbearer.fixtures.TestPostgres;
import io.github.jwtbearer.test.MockJwtBearerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JwtBearerJdbcTokenStoreAutoConfiguration}, against a real PostgreSQL.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerJdbcTokenStoreAutoConfigurationTests {

	private static final String TABLES = "SELECT table_name FROM information_schema.tables "
			+ "WHERE table_name LIKE 'jwt_bearer_%' ORDER BY table_name";

	private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

	@TempDir
	static Path directory;

	private static String keyLocation;

	private static TestPostgres postgres;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataSourceAutoConfiguration.class, JwtBearerJdbcTokenStoreAutoConfiguration.class));

	@BeforeAll
	static void startPostgres() {
		keyLocation = "file:"
				+ TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		postgres = TestPostgres.start();
	}

	@AfterAll
	static void stopPostgres() {
		if (postgres != null) {
			postgres.close();
		}
	}

	@BeforeEach
	void dropTables() {
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc")
			.run((context) -> {
				JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
				jdbc.sql("DROP TABLE IF EXISTS jwt_bearer_token").update();
				jdbc.sql("DROP TABLE IF EXISTS jwt_bearer_lease").update();
			});
	}

	@Test
	void storeWhenTypeIsJdbcThenOnTheDataSource() {
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc")
			.run((context) -> assertThat(context).hasSingleBean(JdbcSharedTokenStore.class));
	}

	@Test
	void storeWhenTypeIsNotJdbcThenNone() {
		this.contextRunner.withPropertyValues(dataSource())
			.run((context) -> assertThat(context).doesNotHaveBean(SharedTokenStore.class));
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=memory")
			.run((context) -> assertThat(context).doesNotHaveBean(SharedTokenStore.class));
	}

	@Test
	void storeIsConditionalOnMissingBean() {
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc")
			.withBean("myStore", SharedTokenStore.class, () -> mock(SharedTokenStore.class))
			.run((context) -> assertThat(context).hasSingleBean(SharedTokenStore.class).hasBean("myStore"));
	}

	@Test
	void initializeSchemaWhenAlwaysThenTablesAreCreatedAndTheStoreWorks() {
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc", "jwt-bearer.token-store.initialize-schema=always")
			.run((context) -> {
				assertThat(tables(context.getBean(DataSource.class))).containsExactly("jwt_bearer_lease",
						"jwt_bearer_token");
				SharedTokenStore store = context.getBean(SharedTokenStore.class);
				assertThat(store.tryAcquireLease("k", "replica-1", Duration.ofSeconds(5))).isTrue();
			});
	}

	@Test
	void initializeSchemaWhenAlwaysAndTablesExistThenStarts() {
		ApplicationContextRunner always = this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc", "jwt-bearer.token-store.initialize-schema=always");
		always.run((context) -> assertThat(context).hasNotFailed());
		always.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JdbcSharedTokenStore.class));
	}

	@Test
	void initializeSchemaByDefaultLeavesANonEmbeddedDatabaseAlone() {
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc")
			.run((context) -> assertThat(tables(context.getBean(DataSource.class))).isEmpty());
	}

	@Test
	void initializeSchemaWhenNeverThenNoTables() {
		this.contextRunner.withPropertyValues(dataSource())
			.withPropertyValues("jwt-bearer.token-store.type=jdbc", "jwt-bearer.token-store.initialize-schema=never")
			.run((context) -> assertThat(tables(context.getBean(DataSource.class))).isEmpty());
	}

	@Test
	void initializeSchemaWhenDatabaseIsDownThenStartsAndWarns(CapturedOutput output) {
		postgres.stopServer();
		try {
			this.contextRunner.withPropertyValues(dataSource())
				.withPropertyValues("jwt-bearer.token-store.type=jdbc",
						"jwt-bearer.token-store.initialize-schema=always",
						"spring.datasource.hikari.connection-timeout=250",
						"spring.datasource.hikari.initialization-fail-timeout=-1")
				.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JdbcSharedTokenStore.class));
		}
		finally {
			postgres.startServer();
		}
		assertThat(output).contains("Could not create the tables of the JDBC token store");
	}

	@Test
	void startupWhenTypeIsJdbcWithoutDataSourceThenFailsNamingTheFix() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerJdbcTokenStoreAutoConfiguration.class))
			.withPropertyValues("jwt-bearer.token-store.type=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidJwtBearerTokenStoreFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).isEqualTo("The JWT bearer token store is misconfigured: "
						+ "the jdbc token store needs a DataSource, and the application has none (or several, none "
						+ "of them @Primary) (property jwt-bearer.token-store.type)");
				assertThat(analysis.getAction()).contains("spring.datasource.url", "spring-boot-starter-jdbc");
			});
	}

	@Test
	void startupWhenTypeIsJdbcWithoutSpringJdbcThenFailsNamingTheFix() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerJdbcTokenStoreAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JdbcClient.class))
			.withPropertyValues("jwt-bearer.token-store.type=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidJwtBearerTokenStoreFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("needs Spring JDBC, which is not on the class path",
						"jwt-bearer.token-store.type");
				assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc");
			});
	}

	@Test
	void fourReplicasOnColdCacheMakeOneTokenRequestThroughPostgres() throws Exception {
		try (MockJwtBearerServer org = MockJwtBearerServer.salesforce().start()) {
			org.trust("3MVG9consumerkey", TestPemFiles.rsa().getPublic());
			org.addSubject("integration@acme.com");
			org.delayNextTokenResponses(1, Duration.ofMillis(200));
			List<ConfigurableApplicationContext> replicas = new ArrayList<>();
			try {
				for (int i = 0; i < 4; i++) {
					replicas.add(replica(org));
				}
				assertThat(replicas.get(0).getBean(OAuth2AuthorizedClientService.class))
					.isInstanceOf(SharedOAuth2AuthorizedClientService.class);
				assertThat(replicas.get(0).getBean(SharedOAuth2AuthorizedClientService.class).getStore())
					.isInstanceOf(JdbcSharedTokenStore.class);
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
	}

	@Test
	void tablesMissingThenCallsSucceedAndTheStoreShowsWhy() {
		try (MockJwtBearerServer org = MockJwtBearerServer.salesforce().start()) {
			org.trust("3MVG9consumerkey", TestPemFiles.rsa().getPublic());
			org.addSubject("integration@acme.com");
			// initialize-schema left at embedded: PostgreSQL gets no tables
			try (ConfigurableApplicationContext replica = replica(org,
					"--jwt-bearer.token-store.initialize-schema=embedded")) {
				assertThat(tables(replica.getBean(DataSource.class))).isEmpty();
				OAuth2AuthorizedClient client = replica.getBean(OAuth2AuthorizedClientManager.class)
					.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
						.principal(new TestingAuthenticationToken("user", "n/a"))
						.build());
				assertThat(client).isNotNull();
				SharedOAuth2AuthorizedClientService service = replica
					.getBean(SharedOAuth2AuthorizedClientService.class);
				assertThat(service.isAvailable()).isFalse();
				assertThat(service.getLastError()).contains("BadSqlGrammarException", "bad SQL grammar", "jwt_bearer_");
			}
		}
	}

	// four separate applications, as four replicas would be
	private ConfigurableApplicationContext replica(MockJwtBearerServer org, String... arguments) {
		List<String> properties = new ArrayList<>(List.of(dataSource()));
		properties.addAll(List.of("jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9consumerkey",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.registration.salesforce.private-key=" + keyLocation,
				"jwt-bearer.registration.salesforce.token-uri=" + org.getTokenUri(), "jwt-bearer.retry.max-attempts=1",
				"jwt-bearer.token-store.type=jdbc", "jwt-bearer.token-store.initialize-schema=always",
				"jwt-bearer.token-store.encryption-key=" + KEY, "jwt-bearer.token-store.lease-timeout=10s"));
		return new SpringApplicationBuilder(ReplicaApplication.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			// this module's test application.properties keeps the DataSource out of other
			// tests
			.run(Stream.concat(Stream.of("--spring.autoconfigure.exclude="), Stream.of(arguments))
				.toArray(String[]::new));
	}

	private static String[] dataSource() {
		return new String[] { "spring.datasource.url=" + postgres.jdbcUrl(),
				"spring.datasource.username=" + postgres.username() };
	}

	private static List<String> tables(DataSource dataSource) {
		return JdbcClient.create(dataSource).sql(TABLES).query(String.class).list();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, JwtBearerAutoConfiguration.class,
			JwtBearerTokenStoreAutoConfiguration.class, JwtBearerJdbcTokenStoreAutoConfiguration.class })
	static class ReplicaApplication {

	}

}
