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

package io.github.jwtbearer.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

import io.github.jwtbearer.test.TestClients.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureMockJwtBearerServer}.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = AutoConfigureMockJwtBearerServerTests.Config.class,
		properties = { "jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.token-uri=https://login.salesforce.com/services/oauth2/token",
				"jwt-bearer.registration.other.token-uri=https://other.example.com/token" })
@AutoConfigureMockJwtBearerServer(registrations = "salesforce")
class AutoConfigureMockJwtBearerServerTests {

	private static final KeyPair KEY = TestClients.rsa();

	@TempDir
	static Path directory;

	@Autowired
	private MockJwtBearerServer server;

	@Autowired
	private Environment environment;

	// as a user's test may: the key and client id come late, by @DynamicPropertySource
	@DynamicPropertySource
	static void registration(DynamicPropertyRegistry registry) throws IOException {
		Path key = Files.writeString(directory.resolve("salesforce.key"),
				"-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(KEY.getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n",
				StandardCharsets.US_ASCII);
		registry.add("jwt-bearer.registration.salesforce.client-id", () -> "3MVG9kit");
		registry.add("jwt-bearer.registration.salesforce.subject", () -> "integration@acme.com");
		registry.add("jwt-bearer.registration.salesforce.private-key", () -> "file:" + key);
	}

	@Test
	void serverIsABeanAnsweringAsTheRegistrationsProvider() {
		assertThat(this.server.getProvider()).isEqualTo(MockJwtBearerServer.Provider.SALESFORCE);
	}

	@Test
	void namedRegistrationPointsAtTheServerAndOthersAreUntouched() {
		assertThat(this.environment.getProperty("jwt-bearer.registration.salesforce.token-uri"))
			.isEqualTo(this.server.getTokenUri());
		assertThat(this.environment.getProperty("jwt-bearer.registration.other.token-uri"))
			.isEqualTo("https://other.example.com/token");
	}

	@Test
	void serverTrustsTheRegistrationsKeyAndSubject() {
		Response response = TestClients.requestToken(this.server, TestClients.sign(KEY,
				TestClients.claims("3MVG9kit", "integration@acme.com", "https://login.salesforce.com").build()));
		assertThat(response.status()).isEqualTo(200);
		Response stranger = TestClients.requestToken(this.server, TestClients.sign(TestClients.rsa(),
				TestClients.claims("3MVG9kit", "integration@acme.com", "https://login.salesforce.com").build()));
		assertThat(stranger.json()).containsEntry("error_description", "invalid assertion");
	}

	@SpringBootConfiguration
	static class Config {

	}

}
