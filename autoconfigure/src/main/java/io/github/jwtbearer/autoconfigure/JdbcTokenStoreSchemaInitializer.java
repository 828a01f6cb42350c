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

import java.util.List;

import javax.sql.DataSource;

import io.github.jwtbearer.autoconfigure.JwtBearerProperties.TokenStore.SchemaInitialization;
import io.github.jwtbearer.client.store.JdbcSharedTokenStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.dao.DataAccessException;

/**
 * Creates the tables of the {@link JdbcSharedTokenStore}, through Spring Boot's own
 * script initializer, as Boot's JDBC session and batch stores do.
 *
 * @author JWT Bearer for Spring contributors
 */
class JdbcTokenStoreSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private static final Log logger = LogFactory.getLog(JdbcTokenStoreSchemaInitializer.class);

	JdbcTokenStoreSchemaInitializer(DataSource dataSource, SchemaInitialization mode) {
		super(dataSource, settings(mode));
	}

	@Override
	public boolean initializeDatabase() {
		try {
			return super.initializeDatabase();
		}
		catch (DataAccessException ex) {
			// contract: an unreachable store never stops the application; each replica
			// goes on alone until the database is back (with its tables)
			logger.warn("Could not create the tables of the JDBC token store: the database cannot be reached ("
					+ ex.getClass().getSimpleName() + "); tokens stay in each replica until it can");
			return false;
		}
	}

	private static DatabaseInitializationSettings settings(SchemaInitialization mode) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of(JdbcSharedTokenStore.SCHEMA_LOCATION));
		settings.setMode(DatabaseInitializationMode.valueOf(mode.name()));
		// replicas that start together may race to create the same table; the script
		// says IF NOT EXISTS, so a failed statement means another replica made it
		settings.setContinueOnError(true);
		return settings;
	}

}
