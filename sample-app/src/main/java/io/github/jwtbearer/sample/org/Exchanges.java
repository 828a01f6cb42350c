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

package io.github.jwtbearer.sample.org;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading forms and writing JSON on the JDK's HTTP server.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Exchanges {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private Exchanges() {
	}

	/**
	 * Read an {@code application/x-www-form-urlencoded} request body.
	 * @param exchange the exchange
	 * @return the parameters, the first value of each
	 * @throws IOException if the body cannot be read
	 */
	static Map<String, String> readForm(HttpExchange exchange) throws IOException {
		Map<String, String> form = new LinkedHashMap<>();
		try (InputStream body = exchange.getRequestBody()) {
			String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
			for (String pair : text.split("&")) {
				if (!pair.isEmpty()) {
					int equals = pair.indexOf('=');
					String name = (equals < 0) ? pair : pair.substring(0, equals);
					String value = (equals < 0) ? "" : pair.substring(equals + 1);
					form.putIfAbsent(decode(name), decode(value));
				}
			}
		}
		return form;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/**
	 * Send a JSON answer and close the exchange.
	 * @param exchange the exchange
	 * @param status the HTTP status
	 * @param body the body, written with Jackson
	 * @throws IOException if the answer cannot be sent
	 */
	static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = jsonMapper.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
		// Salesforce: token and API answers are never cached
		exchange.getResponseHeaders().set("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Answer 405 for a method the resource does not support.
	 * @param exchange the exchange
	 * @param allowed the allowed method
	 * @throws IOException if the answer cannot be sent
	 */
	static void sendMethodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
		exchange.getResponseHeaders().set("Allow", allowed);
		exchange.sendResponseHeaders(405, -1);
		exchange.close();
	}

}
