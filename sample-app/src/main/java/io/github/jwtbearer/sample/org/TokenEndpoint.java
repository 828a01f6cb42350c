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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code POST /services/oauth2/token} for the JWT bearer grant, answering as Salesforce
 * does: no {@code expires_in} and no refresh token, but {@code instance_url}, {@code id},
 * {@code issued_at} and {@code signature}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenEndpoint implements HttpHandler {

	static final String PATH = "/services/oauth2/token";

	// RFC 7523 section 2.1
	private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private final AssertionVerifier verifier;

	private final Sessions sessions;

	private final String instanceUrl;

	private final String organizationId;

	private final Map<String, String> userIds;

	private final SecretKeySpec signatureKey;

	private final Clock clock;

	private final AtomicLong requests = new AtomicLong();

	TokenEndpoint(AssertionVerifier verifier, Sessions sessions, String instanceUrl, String organizationId,
			Map<String, String> userIds, byte[] signatureKey, Clock clock) {
		this.verifier = verifier;
		this.sessions = sessions;
		this.instanceUrl = instanceUrl;
		this.organizationId = organizationId;
		this.userIds = Map.copyOf(userIds);
		this.signatureKey = new SecretKeySpec(signatureKey, "HmacSHA256");
		this.clock = clock;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		if (!"POST".equals(exchange.getRequestMethod())) {
			Exchanges.sendMethodNotAllowed(exchange, "POST");
			return;
		}
		this.requests.incrementAndGet();
		// a client_id parameter, sent by some clients, is ignored: the assertion's iss
		// names the app
		Map<String, String> form = Exchanges.readForm(exchange);
		if (!JWT_BEARER.equals(form.get("grant_type"))) {
			sendError(exchange, TokenError.UNSUPPORTED_GRANT_TYPE);
			return;
		}
		try {
			String username = this.verifier.verify(form.get("assertion"));
			Exchanges.sendJson(exchange, 200, tokenResponse(username));
		}
		catch (TokenRequestException ex) {
			sendError(exchange, ex.getError());
		}
	}

	private Map<String, Object> tokenResponse(String username) {
		String id = "https://login.salesforce.com/id/" + SalesforceIds.to18(this.organizationId) + "/"
				+ this.userIds.get(username);
		String issuedAt = Long.toString(this.clock.millis());
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("access_token", this.sessions.start());
		response.put("signature", signature(id, issuedAt));
		response.put("scope", "api");
		response.put("instance_url", this.instanceUrl);
		response.put("id", id);
		response.put("token_type", "Bearer");
		response.put("issued_at", issuedAt);
		return response;
	}

	// Salesforce: "Base64-encoded HMAC-SHA256 signature ... containing the concatenated
	// ID
	// and issued_at value", so that the client can check the id was not altered
	private String signature(String id, String issuedAt) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.signatureKey);
			return Base64.getEncoder().encodeToString(mac.doFinal((id + issuedAt).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static void sendError(HttpExchange exchange, TokenError error) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.error());
		body.put("error_description", error.description());
		Exchanges.sendJson(exchange, 400, body);
	}

	long getRequestCount() {
		return this.requests.get();
	}

}
