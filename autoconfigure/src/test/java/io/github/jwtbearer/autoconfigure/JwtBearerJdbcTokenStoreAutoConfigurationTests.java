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

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.github.jwtbearer.client.store.JdbcSharedTokenStore;
import io.github.jwtbearer.client.store.SharedTokenStore;
import io.github.jwtbearer.fixtures.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

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

	private static TestPostgres postgres;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataSourceAutoConfiguration.class, JwtBearerJdbcTokenStoreAutoConfiguration.class));

	@BeforeAll
	static void startPostgres() {
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

	private static String[] dataSource() {
		return new String[] { "spring.datasource.url=" + postgres.jdbcUrl(),
				"spring.datasource.username=" + postgres.username() };
	}

	private static List<String> tables(DataSource dataSource) {
		return JdbcClient.create(dataSource).sql(TABLES).query(String.class).list();
	}

}
