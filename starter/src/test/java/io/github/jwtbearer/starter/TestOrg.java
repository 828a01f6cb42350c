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

package io.github.jwtbearer.starter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Salesforce-like org on a {@link MockWebServer}: a token endpoint that answers the JWT
 * bearer grant as Salesforce does (no {@code expires_in}, with {@code instance_url}), and
 * an API that records the {@code Authorization} header of every call.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TestOrg {

	static final String TOKEN_PATH = "/services/oauth2/token";

	private final MockWebServer server = new MockWebServer();

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final Queue<String> issuedTokens = new ConcurrentLinkedQueue<>();

	private final Queue<String> apiAuthorizations = new ConcurrentLinkedQueue<>();

	private final Path privateKey;

	TestOrg(Path directory) {
		this.privateKey = writePrivateKey(directory);
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return TestOrg.this.dispatch(request);
			}

		});
		try {
			this.server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private MockResponse dispatch(RecordedRequest request) {
		if (TOKEN_PATH.equals(request.getUrl().encodedPath())) {
			String body = request.getBody().utf8();
			if (!body.contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
					|| !body.contains("assertion=")) {
				return json(400,
						"{\"error\":\"unsupported_grant_type\",\"error_description\":\"grant type not supported\"}");
			}
			this.tokenRequests.incrementAndGet();
			String token = "00Dxx0000001gPL!" + UUID.randomUUID();
			this.issuedTokens.add(token);
			return json(200, "{\"access_token\":\"" + token + "\",\"instance_url\":\"" + baseUrl()
					+ "\",\"id\":\"https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6A\",\"token_type\":\"Bearer\","
					+ "\"issued_at\":\"" + System.currentTimeMillis() + "\",\"scope\":\"api\"}");
		}
		String authorization = request.getHeaders().get("Authorization");
		this.apiAuthorizations.add(String.valueOf(authorization));
		if (authorization == null || !this.issuedTokens.contains(authorization.substring("Bearer ".length()))) {
			return json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
		}
		return json(200, "{\"Id\":\"001xx000003DGb2AAG\",\"Name\":\"Acme\"}");
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
	}

	String baseUrl() {
		String url = this.server.url("/").toString();
		return url.substring(0, url.length() - 1);
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	List<String> apiAuthorizations() {
		return List.copyOf(this.apiAuthorizations);
	}

	// as when an administrator revokes the sessions: the API answers 401 to every token
	void revokeTokens() {
		this.issuedTokens.clear();
	}

	List<String> issuedTokens() {
		return List.copyOf(this.issuedTokens);
	}

	void register(DynamicPropertyRegistry registry) {
		String prefix = "jwt-bearer.registration.salesforce.";
		registry.add(prefix + "provider", () -> "salesforce");
		registry.add(prefix + "client-id", () -> "3MVG9test");
		registry.add(prefix + "subject", () -> "integration@acme.com");
		registry.add(prefix + "private-key", () -> "file:" + this.privateKey);
		registry.add(prefix + "token-uri", () -> baseUrl() + TOKEN_PATH);
	}

	void close() {
		this.server.close();
	}

	private static Path writePrivateKey(Path directory) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keyPair = generator.generateKeyPair();
			String pem = "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(keyPair.getPrivate().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			return Files.writeString(directory.resolve("salesforce.key"), pem, StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
