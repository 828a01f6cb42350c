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

import java.security.KeyPair;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtbearer.test.TestClients.Response;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureMockJwtBearerServer} without named registrations: every
 * registration points at the server, which answers as the generic provider.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = AutoConfigureMockJwtBearerServerAllRegistrationsTests.Config.class,
		properties = { "jwt-bearer.registration.keycloak.token-uri=https://idp.example.com/token",
				"jwt-bearer.registration.keycloak.client-id=billing", "jwt-bearer.registration.keycloak.subject=batch",
				"jwt-bearer.registration.reports.token-uri=https://reports.example.com/token" })
@AutoConfigureMockJwtBearerServer
class AutoConfigureMockJwtBearerServerAllRegistrationsTests {

	private static final KeyPair KEY = TestClients.rsa();

	@Autowired
	private MockJwtBearerServer server;

	@Autowired
	private Environment environment;

	// the key as PEM text rather than a location
	@DynamicPropertySource
	static void privateKey(DynamicPropertyRegistry registry) {
		registry.add("jwt-bearer.registration.keycloak.private-key",
				() -> "-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(KEY.getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n");
	}

	@Test
	void everyRegistrationPointsAtTheServer() {
		assertThat(this.server.getProvider()).isEqualTo(MockJwtBearerServer.Provider.GENERIC);
		assertThat(this.environment.getProperty("jwt-bearer.registration.keycloak.token-uri"))
			.isEqualTo(this.server.getTokenUri());
		assertThat(this.environment.getProperty("jwt-bearer.registration.reports.token-uri"))
			.isEqualTo(this.server.getTokenUri());
	}

	@Test
	void serverTrustsAKeyGivenAsPemText() {
		Response response = TestClients.requestToken(this.server, TestClients.sign(KEY, JWSAlgorithm.PS256,
				TestClients.claims("billing", "batch", this.server.getTokenUri()).build()));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsKey("expires_in");
	}

	@SpringBootConfiguration
	static class Config {

	}

}
