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

package io.github.jwtbearer.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A {@code redis-server} (Debian's {@code redis-server} package) started by a benchmark
 * on a free loopback port, without persistence.
 *
 * @author JWT Bearer for Spring contributors
 */
final class RedisProcess implements AutoCloseable {

	private final int port;

	private final Process process;

	private RedisProcess(String binary, int port) throws IOException {
		this.port = port;
		this.process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--daemonize", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	/**
	 * Start a server on a free port, and wait until it answers.
	 * @return the running server
	 */
	static RedisProcess start() {
		String binary = binary();
		Checks.state(binary != null, "redis-server is not installed (apt-get install -y redis-server)");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free port for redis-server", ex);
		}
		try {
			RedisProcess redis = new RedisProcess(binary, port);
			redis.awaitReady();
			return redis;
		}
		catch (IOException ex) {
			throw new IllegalStateException("redis-server did not start", ex);
		}
	}

	/**
	 * Return the path of {@code redis-server}, or {@code null} if it is not installed.
	 * @return the path, or {@code null}
	 */
	static String binary() {
		for (String directory : new String[] { "/usr/bin", "/usr/local/bin", "/usr/sbin" }) {
			File file = new File(directory, "redis-server");
			if (file.canExecute()) {
				return file.getPath();
			}
		}
		return null;
	}

	/**
	 * A connection factory of its own, as each replica has.
	 * @return a started connection factory
	 */
	LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		return connectionFactory;
	}

	/**
	 * Remove every key.
	 */
	void flushAll() {
		LettuceConnectionFactory connectionFactory = connectionFactory();
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.serverCommands().flushAll();
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			Checks.state(this.process.isAlive(), "redis-server stopped on start (port " + this.port + ")");
			LettuceConnectionFactory connectionFactory = connectionFactory();
			try (RedisConnection connection = connectionFactory.getConnection()) {
				connection.ping();
				return;
			}
			catch (RuntimeException ex) {
				Checks.state(System.nanoTime() < deadline, "redis-server did not answer on port " + this.port);
			}
			finally {
				connectionFactory.destroy();
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
