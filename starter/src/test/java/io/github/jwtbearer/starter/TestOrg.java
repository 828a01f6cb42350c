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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import io.github.jwtbearer.test.ApiCall;
import io.github.jwtbearer.test.MockJwtBearerServer;
import io.github.jwtbearer.test.TokenRequest;
import mockwebserver3.MockResponse;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Salesforce org for the starter's tests: the test kit's {@link MockJwtBearerServer},
 * trusting a key made here, whose API answers one Account to every call with a token it
 * issued.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TestOrg {

	private static final String CLIENT_ID = "3MVG9test";

	private static final String SUBJECT = "integration@acme.com";

	private final MockJwtBearerServer server = MockJwtBearerServer.salesforce().start();

	private final Path privateKey;

	TestOrg(Path directory) {
		KeyPair keyPair = rsa();
		this.privateKey = writePrivateKey(directory, keyPair);
		this.server.trust(CLIENT_ID, keyPair.getPublic()).addSubject(SUBJECT);
		this.server.setApiDispatcher((request) -> new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"Id\":\"001xx000003DGb2AAG\",\"Name\":\"Acme\"}")
			.build());
	}

	String baseUrl() {
		return this.server.getBaseUrl();
	}

	// token requests the org answered with a token
	int tokenRequests() {
		return (int) this.server.getTokenRequests().stream().filter((request) -> request.getStatus() == 200).count();
	}

	// the Authorization header of every API call, "null" when it had none
	List<String> apiAuthorizations() {
		return this.server.getApiCalls()
			.stream()
			.map(ApiCall::getAccessToken)
			.map((token) -> (token != null) ? "Bearer " + token : "null")
			.toList();
	}

	// as when an administrator revokes the sessions: the API answers 401 to every token
	void revokeTokens() {
		this.server.expireAllSessions();
	}

	List<String> issuedTokens() {
		return this.server.getIssuedTokens();
	}

	List<TokenRequest> refusedTokenRequests() {
		return this.server.getTokenRequests().stream().filter((request) -> request.getError() != null).toList();
	}

	void register(DynamicPropertyRegistry registry) {
		String prefix = "jwt-bearer.registration.salesforce.";
		registry.add(prefix + "provider", () -> "salesforce");
		registry.add(prefix + "client-id", () -> CLIENT_ID);
		registry.add(prefix + "subject", () -> SUBJECT);
		registry.add(prefix + "private-key", () -> "file:" + this.privateKey);
		registry.add(prefix + "token-uri", this.server::getTokenUri);
	}

	void close() {
		this.server.close();
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePrivateKey(Path directory, KeyPair keyPair) {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(keyPair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		try {
			return Files.writeString(directory.resolve("salesforce.key"), pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
