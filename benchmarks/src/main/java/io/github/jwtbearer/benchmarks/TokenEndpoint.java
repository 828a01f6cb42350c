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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * A token endpoint on a {@link LoopbackServer} that counts token requests and answers
 * each with a new token, as Salesforce does (no {@code expires_in}, an
 * {@code instance_url}) or with {@code expires_in}; it can be told to take its time.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenEndpoint implements HttpHandler, AutoCloseable {

	static final String TOKEN_PATH = "/services/oauth2/token";

	private final LoopbackServer server = new LoopbackServer(this);

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final boolean expiresIn;

	private volatile URI instanceUrl = URI.create("https://acme.my.salesforce.com");

	private volatile Duration delay = Duration.ZERO;

	private TokenEndpoint(boolean expiresIn) {
		this.expiresIn = expiresIn;
	}

	/**
	 * An endpoint that answers as Salesforce does: no {@code expires_in}.
	 * @return the endpoint
	 */
	static TokenEndpoint salesforce() {
		return new TokenEndpoint(false);
	}

	/**
	 * An endpoint whose tokens live an hour ({@code expires_in: 3600}), so that Spring
	 * Security's stock provider caches them.
	 * @return the endpoint
	 */
	static TokenEndpoint withExpiresIn() {
		return new TokenEndpoint(true);
	}

	URI tokenUri() {
		return this.server.uri(TOKEN_PATH);
	}

	TokenEndpoint instanceUrl(URI instanceUrl) {
		this.instanceUrl = instanceUrl;
		return this;
	}

	TokenEndpoint delay(Duration delay) {
		this.delay = delay;
		return this;
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	void resetCount() {
		this.tokenRequests.set(0);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		int count = this.tokenRequests.incrementAndGet();
		sleep(this.delay);
		byte[] response = Responses
			.tokenResponse(count, "005xx000001SwiUAAS", this.instanceUrl.toString(), this.expiresIn)
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(200, response.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(response);
		}
	}

	private static void sleep(Duration delay) {
		if (delay.isZero()) {
			return;
		}
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.close();
	}

}
