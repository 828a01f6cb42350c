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

package io.github.jwtbearer.actuate;

import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.test.MockJwtBearerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that opts in to {@code management.health.jwtbearer.down-on-failure}: a
 * refused token request turns the root {@code /actuator/health} DOWN (HTTP 503).
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = JwtBearerActuatorApplicationTests.ActuatorApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=always", "management.health.jwtbearer.down-on-failure=true",
				"management.health.jwtbearer.active-check.enabled=true", "jwt-bearer.retry.max-attempts=1" })
class JwtBearerHealthDownOnFailureApplicationTests {

	static MockJwtBearerServer org;

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void orgProperties(DynamicPropertyRegistry registry) {
		// the org knows the app's key, but the user has not approved it
		org = MockJwtBearerServer.salesforce().start();
		org.trust("3MVG9test", TestActuateRegistrations.RSA.getPublic());
		String prefix = "jwt-bearer.registration.salesforce.";
		registry.add(prefix + "provider", () -> "salesforce");
		registry.add(prefix + "client-id", () -> "3MVG9test");
		registry.add(prefix + "subject", () -> "integration@acme.com");
		registry.add(prefix + "private-key", () -> TestKeys.pkcs8Pem(TestActuateRegistrations.RSA.getPrivate()));
		registry.add(prefix + "token-uri", org::getTokenUri);
	}

	@AfterAll
	static void closeOrg() {
		org.close();
	}

	@Test
	void refusedTokenRequestTurnsTheRootHealthDown() {
		// the active check asks for a token, which the org refuses
		ResponseEntity<String> component = get("/actuator/health/jwtBearer/salesforce");
		assertThat(component.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(component.getBody()).contains("\"status\":\"DOWN\"").contains("invalid_grant");
		ResponseEntity<String> root = get("/actuator/health");
		assertThat(root.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.json.from(root.getBody())).extractingJsonPathStringValue("$.status").isEqualTo("DOWN");
		assertThat(org.getTokenRequests()).hasSize(1);
	}

	private ResponseEntity<String> get(String path) {
		return RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + path)
			.retrieve()
			.onStatus((code) -> true, (request, reply) -> {
			})
			.toEntity(String.class);
	}

}
