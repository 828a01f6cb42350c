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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * An API on a {@link LoopbackServer} that answers every request with the same small JSON
 * body, checking nothing, and remembers the last {@code Authorization} header it saw.
 *
 * @author JWT Bearer for Spring contributors
 */
final class ApiEndpoint implements HttpHandler, AutoCloseable {

	static final String PATH = "/services/data/v62.0/limits";

	private static final byte[] BODY = "{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14998}}"
		.getBytes(StandardCharsets.UTF_8);

	private final LoopbackServer server = new LoopbackServer(this);

	private volatile String lastAuthorization;

	URI baseUri() {
		return this.server.uri("");
	}

	URI uri() {
		return this.server.uri(PATH);
	}

	String takeLastAuthorization() {
		String authorization = this.lastAuthorization;
		this.lastAuthorization = null;
		return authorization;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		this.lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
		exchange.sendResponseHeaders(200, BODY.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(BODY);
		}
	}

	@Override
	public void close() {
		this.server.close();
	}

}
