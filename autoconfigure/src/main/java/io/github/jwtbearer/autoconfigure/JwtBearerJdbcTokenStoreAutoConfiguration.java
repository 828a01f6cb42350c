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

import javax.sql.DataSource;

import io.github.jwtbearer.client.store.JdbcSharedTokenStore;
import io.github.jwtbearer.client.store.SharedTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the JDBC token store
 * ({@code jwt-bearer.token-store.type=jdbc}): a {@link JdbcSharedTokenStore} on the
 * application's {@link DataSource}, and the creation of its tables as
 * {@code jwt-bearer.token-store.initialize-schema} asks.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = JwtBearerAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = "jwt-bearer.token-store", name = "type", havingValue = "jdbc")
@EnableConfigurationProperties(JwtBearerProperties.class)
public final class JwtBearerJdbcTokenStoreAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.jdbc.core.simple.JdbcClient",
			"org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer" })
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class JdbcTokenStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SharedTokenStore.class)
		@DependsOnDatabaseInitialization
		JdbcSharedTokenStore jdbcSharedTokenStore(ObjectProvider<DataSource> dataSource) {
			DataSource available = dataSource.getIfUnique();
			if (available == null) {
				throw new InvalidJwtBearerTokenStoreException("type",
						"the jdbc token store needs a DataSource, and the application has none (or several, none "
								+ "of them @Primary)",
						"Add spring-boot-starter-jdbc and the PostgreSQL driver (org.postgresql:postgresql) and set "
								+ "spring.datasource.url, or define a DataSource bean (marked @Primary when there are "
								+ "several); or set jwt-bearer.token-store.type to memory or redis.",
						null);
			}
			return new JdbcSharedTokenStore(available);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DataSourceScriptDatabaseInitializer.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class JdbcTokenStoreSchemaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JdbcTokenStoreSchemaInitializer jwtBearerTokenStoreSchemaInitializer(DataSource dataSource,
				JwtBearerProperties properties) {
			return new JdbcTokenStoreSchemaInitializer(dataSource, properties.getTokenStore().getInitializeSchema());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.jdbc.core.simple.JdbcClient")
	static class JdbcMissingConfiguration {

		@Bean
		@ConditionalOnMissingBean(SharedTokenStore.class)
		SharedTokenStore jdbcSharedTokenStore() {
			throw new InvalidJwtBearerTokenStoreException("type",
					"the jdbc token store needs Spring JDBC, which is not on the class path",
					"Add spring-boot-starter-jdbc and the PostgreSQL driver (org.postgresql:postgresql) and set "
							+ "spring.datasource.url; or set jwt-bearer.token-store.type to memory or redis.",
					null);
		}

	}

}
