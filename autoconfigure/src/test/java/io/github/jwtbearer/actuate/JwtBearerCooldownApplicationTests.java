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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import io.github.jwtbearer.test.MockJwtBearerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * An application whose Salesforce user has not approved the connected app: callers get
 * the error from the cooldown without a new login, and a {@code DELETE} of
 * {@code /actuator/jwtbearer/salesforce} ends the cooldown once the user is approved.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = JwtBearerCooldownApplicationTests.CooldownApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=jwtbearer",
				"management.endpoint.jwtbearer.access=unrestricted", "jwt-bearer.retry.max-attempts=1" })
class JwtBearerCooldownApplicationTests {

	private static final String ACCOUNT = "/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG";

	@TempDir
	static Path directory;

	static MockJwtBearerServer org;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void orgProperties(DynamicPropertyRegistry registry) {
		// the user is not approved yet
		org = MockJwtBearerServer.salesforce().start();
		org.trust("3MVG9test", TestActuateRegistrations.RSA.getPublic());
		org.setApiDispatcher(
				(request) -> TestTokenEndpoint.json(200, "{\"Id\":\"001xx000003DGb2AAG\",\"Name\":\"Acme\"}"));
		String prefix = "jwt-bearer.registration.salesforce.";
		registry.add(prefix + "provider", () -> "salesforce");
		registry.add(prefix + "client-id", () -> "3MVG9test");
		registry.add(prefix + "subject", () -> "integration@acme.com");
		registry.add(prefix + "private-key",
				() -> "file:" + write("salesforce.key", TestKeys.pkcs8Pem(TestActuateRegistrations.RSA.getPrivate())));
		registry.add(prefix + "token-uri", org::getTokenUri);
	}

	@AfterAll
	static void closeOrg() {
		org.close();
	}

	@Test
	void callersInTheCooldownCostNoLoginAndTheEndpointEndsIt() {
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(this::callTheApi)
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"))
				.withMessageContaining("user hasn't approved this consumer");
		}
		assertThat(org.getTokenRequests()).hasSize(1);
		// the endpoint shows when the cooldown ends, and the login budget used: one of
		// Salesforce's 1,000 an hour
		assertThat(actuator(HttpMethod.GET, "/actuator/jwtbearer/salesforce").getBody())
			.containsPattern("\"cooldownEndsAt\":\"[0-9T:.\\-]+Z\"")
			.contains("\"loginBudgetUsed\":0.001");
		org.addSubject("integration@acme.com");
		ResponseEntity<String> ended = actuator(HttpMethod.DELETE, "/actuator/jwtbearer/salesforce");
		assertThat(ended.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(ended.getBody()).isEqualTo("{\"ended\":1}");
		assertThat(actuator(HttpMethod.GET, "/actuator/jwtbearer/salesforce").getBody())
			.doesNotContain("cooldownEndsAt");
		assertThat(this.callTheApi()).contains("Acme");
		assertThat(org.getTokenRequests()).hasSize(2);
		assertThat(actuator(HttpMethod.GET, "/actuator/jwtbearer/salesforce").getBody())
			.contains("\"loginBudgetUsed\":0.002");
		assertThat(actuator(HttpMethod.DELETE, "/actuator/jwtbearer/unknown").getStatusCode())
			.isEqualTo(HttpStatus.NO_CONTENT);
	}

	private String callTheApi() {
		return this.restClientBuilder.build()
			.get()
			.uri(org.getBaseUrl() + ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class);
	}

	private ResponseEntity<String> actuator(HttpMethod method, String path) {
		return RestClient.create()
			.method(method)
			.uri("http://localhost:" + this.port + path)
			.retrieve()
			.onStatus((code) -> true, (request, reply) -> {
			})
			.toEntity(String.class);
	}

	private static Path write(String name, String content) {
		try {
			return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration" })
	static class CooldownApplication {

	}

}
