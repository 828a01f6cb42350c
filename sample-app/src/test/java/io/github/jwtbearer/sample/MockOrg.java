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

package io.github.jwtbearer.sample;

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
import java.util.stream.Collectors;

import io.github.jwtbearer.test.MockJwtBearerServer;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The org the sample runs against without a real one: the test kit's
 * {@link MockJwtBearerServer} in Salesforce mode, trusting a key pair made at start, with
 * a small part of Salesforce's REST API (five Accounts).
 *
 * @author JWT Bearer for Spring contributors
 */
final class MockOrg implements AutoCloseable {

	static final String CONSUMER_KEY = "3MVG9mockOrgConsumerKey";

	static final String USERNAME = "integration@mock-org.example";

	private static final String DATA = "/services/data/v62.0";

	private static final List<String[]> ACCOUNTS = List.of(
			new String[] { "001Dn00000AbC1xIAF", "Edge Communications", "Electronics", "Austin" },
			new String[] { "001Dn00000AbC2yIAF", "Burlington Textiles Corp of America", "Apparel", "Burlington" },
			new String[] { "001Dn00000AbC3zIAF", "Pyramid Construction Inc.", "Construction", "Paris" },
			new String[] { "001Dn00000AbC4AIAV", "Grand Hotels & Resorts Ltd", "Hospitality", "Chicago" },
			new String[] { "001Dn00000AbC5BIAV", "United Oil & Gas Corp.", "Energy", "New York" });

	private final MockJwtBearerServer server = MockJwtBearerServer.salesforce().start();

	private final Path privateKey;

	MockOrg() {
		KeyPair keyPair = rsa();
		this.privateKey = writePrivateKey(keyPair);
		this.server.trust(CONSUMER_KEY, keyPair.getPublic()).addSubject(USERNAME);
		this.server.setApiDispatcher(MockOrg::api);
	}

	MockJwtBearerServer getServer() {
		return this.server;
	}

	/**
	 * Return the variables {@code application.yml} reads, as command line arguments.
	 * @return the arguments
	 */
	List<String> arguments() {
		return List.of("--SF_CONSUMER_KEY=" + CONSUMER_KEY, "--SF_USERNAME=" + USERNAME,
				"--SF_PRIVATE_KEY=" + this.privateKey.toUri(), "--SF_LOGIN_URL=" + this.server.getBaseUrl());
	}

	@Override
	public void close() {
		this.server.close();
		try {
			Files.deleteIfExists(this.privateKey);
		}
		catch (IOException ex) {
			// deleteOnExit tries again
		}
	}

	private static MockResponse api(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		if (path.equals(DATA + "/query")) {
			String records = ACCOUNTS.stream().map(MockOrg::json).collect(Collectors.joining(","));
			return json(200, "{\"totalSize\":" + ACCOUNTS.size() + ",\"done\":true,\"records\":[" + records + "]}");
		}
		for (String[] account : ACCOUNTS) {
			if (path.equals(DATA + "/sobjects/Account/" + account[0])) {
				return json(200, json(account));
			}
		}
		return json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
	}

	private static String json(String[] account) {
		return "{\"attributes\":{\"type\":\"Account\",\"url\":\"" + DATA + "/sobjects/Account/" + account[0]
				+ "\"},\"Id\":\"" + account[0] + "\",\"Name\":\"" + account[1] + "\",\"Industry\":\"" + account[2]
				+ "\",\"BillingCity\":\"" + account[3] + "\"}";
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/json;charset=UTF-8")
			.body(body)
			.build();
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

	private static Path writePrivateKey(KeyPair keyPair) {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(keyPair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		try {
			Path file = Files.createTempFile("jwt-bearer-sample-", ".key");
			file.toFile().deleteOnExit();
			return Files.writeString(file, pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
