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

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears the removals every replica makes in a {@link JdbcSharedTokenStore} through
 * PostgreSQL's {@code LISTEN}: one connection of the data source, held by a daemon
 * thread, that waits for the notices {@code remove} sends with {@code pg_notify}. When
 * the connection breaks (the database restarts), it connects again a second later;
 * notices sent meanwhile are lost, which costs a replica one 401 and a read of the store.
 *
 * @author JWT Bearer for Spring contributors
 */
final class PostgresRemovalNotices implements AutoCloseable {

	// JdbcSharedTokenStore's remove() notifies on this channel
	static final String CHANNEL = "jwt_bearer_token_removed";

	private static final Log logger = LogFactory.getLog(PostgresRemovalNotices.class);

	private static final int WAIT_MILLIS = 500;

	private static final long RECONNECT_MILLIS = 1000;

	private final DataSource dataSource;

	private final Consumer<String> listener;

	private final Thread thread;

	private volatile boolean closed;

	PostgresRemovalNotices(DataSource dataSource, Consumer<String> listener) {
		this.dataSource = dataSource;
		this.listener = listener;
		this.thread = new Thread(this::listen, "jwt-bearer-token-store-notices");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
	}

	private void listen() {
		while (!this.closed) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (!this.closed) {
					PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							tell(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.closed) {
					logger.debug("No removal notices from the JDBC token store until it answers again ("
							+ ex.getClass().getSimpleName() + ")");
					pause();
				}
			}
		}
	}

	private void tell(String key) {
		try {
			this.listener.accept(key);
		}
		catch (RuntimeException ex) {
			logger.debug("A removal listener failed", ex);
		}
	}

	private void pause() {
		try {
			Thread.sleep(RECONNECT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.closed = true;
		}
	}

}
