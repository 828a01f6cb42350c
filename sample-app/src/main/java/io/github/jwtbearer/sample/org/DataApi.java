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
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;

/**
 * A small part of Salesforce's REST API, version 62.0: {@code GET query?q=} for Accounts
 * and {@code GET sobjects/Account/{id}}. Every request needs
 * {@code Authorization: Bearer} with a token of a live session, or gets Salesforce's 401.
 *
 * @author JWT Bearer for Spring contributors
 */
final class DataApi implements HttpHandler {

	static final String PATH = "/services/data/v62.0";

	private static final Pattern SOQL = Pattern.compile(
			"(?is)^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+ORDER\\s+BY\\s+\\w+)?(?:\\s+LIMIT\\s+(\\d+))?\\s*$");

	private final Sessions sessions;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong invalidSessions = new AtomicLong();

	DataApi(Sessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		if (!this.sessions.isValid(bearerToken(exchange))) {
			this.invalidSessions.incrementAndGet();
			sendErrors(exchange, 401, "INVALID_SESSION_ID", "Session expired or invalid");
			return;
		}
		if (!"GET".equals(exchange.getRequestMethod())) {
			sendErrors(exchange, 405, "METHOD_NOT_ALLOWED",
					"HTTP Method '" + exchange.getRequestMethod() + "' not allowed. Allowed are GET");
			return;
		}
		URI uri = exchange.getRequestURI();
		String path = uri.getPath().substring(PATH.length());
		if (path.equals("/query") || path.equals("/query/")) {
			query(exchange, queryParameter(uri.getRawQuery(), "q"));
		}
		else if (path.startsWith("/sobjects/Account/")) {
			account(exchange, path.substring("/sobjects/Account/".length()));
		}
		else {
			sendErrors(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
		}
	}

	private static @Nullable String bearerToken(HttpExchange exchange) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return authorization.substring(7).trim();
	}

	private void query(HttpExchange exchange, @Nullable String soql) throws IOException {
		Matcher matcher = (soql != null) ? SOQL.matcher(soql) : null;
		if (matcher == null || !matcher.matches()) {
			sendErrors(exchange, 400, "MALFORMED_QUERY", "unexpected token: " + soql);
			return;
		}
		if (!matcher.group(2).equalsIgnoreCase("Account")) {
			sendErrors(exchange, 400, "INVALID_TYPE", "sObject type '" + matcher.group(2) + "' is not supported.");
			return;
		}
		List<String> fields = new ArrayList<>();
		for (String field : matcher.group(1).split(",")) {
			Optional<String> known = DemoAccounts.FIELDS.stream().filter(field.trim()::equalsIgnoreCase).findFirst();
			if (known.isEmpty()) {
				sendErrors(exchange, 400, "INVALID_FIELD",
						"No such column '" + field.trim() + "' on entity 'Account'.");
				return;
			}
			fields.add(known.get());
		}
		int limit = (matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : Integer.MAX_VALUE;
		List<Map<String, Object>> records = DemoAccounts.all()
			.stream()
			.limit(limit)
			.map((account) -> record(account, fields))
			.toList();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("totalSize", records.size());
		result.put("done", true);
		result.put("records", records);
		Exchanges.sendJson(exchange, 200, result);
	}

	private void account(HttpExchange exchange, String id) throws IOException {
		Optional<Map<String, String>> account = DemoAccounts.find(id);
		if (account.isEmpty()) {
			sendErrors(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
			return;
		}
		Exchanges.sendJson(exchange, 200, record(account.get(), DemoAccounts.FIELDS));
	}

	private static Map<String, Object> record(Map<String, String> account, List<String> fields) {
		Map<String, Object> record = new LinkedHashMap<>();
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("type", "Account");
		attributes.put("url", PATH + "/sobjects/Account/" + account.get("Id"));
		record.put("attributes", attributes);
		fields.forEach((field) -> record.put(field, account.get(field)));
		return record;
	}

	private static @Nullable String queryParameter(@Nullable String rawQuery, String name) {
		if (rawQuery == null) {
			return null;
		}
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	// Salesforce's REST API answers errors as an array of {message, errorCode}
	private static void sendErrors(HttpExchange exchange, int status, String errorCode, String message)
			throws IOException {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("errorCode", errorCode);
		Exchanges.sendJson(exchange, status, List.of(error));
	}

	long getRequestCount() {
		return this.requests.get();
	}

	long getInvalidSessionCount() {
		return this.invalidSessions.get();
	}

}
