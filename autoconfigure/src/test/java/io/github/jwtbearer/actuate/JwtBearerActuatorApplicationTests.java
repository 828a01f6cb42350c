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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import io.github.jwtbearer.test.MockJwtBearerServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.json.JsonContent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * An application with actuator and the starter's registrations, against the test kit's
 * mock Salesforce org: {@code /actuator/health}, {@code /actuator/jwtbearer} and the
 * metrics tell the story of a token, and none of them shows a secret.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = JwtBearerActuatorApplicationTests.ActuatorApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,jwtbearer,metrics",
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.group.tokens.include=jwtBearer",
				"management.endpoint.health.group.tokens.status.order=token-failure,down,out-of-service,up,unknown",
				"management.endpoint.health.group.tokens.status.http-mapping.token-failure=503",
				"jwt-bearer.retry.max-attempts=1" })
class JwtBearerActuatorApplicationTests {

	private static final String ACCOUNT = "/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG";

	private static final String KEY_PASSWORD = "k3y-Passw0rd-Never-Shown";

	private static final String CLIENT_SECRET = "cl1ent-S3cret-Never-Shown";

	private static final String PRIVATE_KEY_PEM = TestKeys.pkcs8Pem(TestActuateRegistrations.RSA.getPrivate());

	private static final String ENCRYPTED_KEY_PEM = TestKeys
		.encryptedPkcs8Pem(TestActuateRegistrations.RSA.getPrivate(), KEY_PASSWORD);

	private static final Instant CERTIFICATE_NOT_AFTER = Instant.now().plus(Duration.ofDays(10));

	@TempDir
	static Path directory;

	static MockJwtBearerServer org;

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	private final List<String> actuatorResponses = new ArrayList<>();

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private MeterRegistry meterRegistry;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void orgProperties(DynamicPropertyRegistry registry) {
		org = MockJwtBearerServer.salesforce().start();
		org.trust("3MVG9test", TestActuateRegistrations.RSA.getPublic()).addSubject("integration@acme.com");
		org.setApiDispatcher(
				(request) -> TestTokenEndpoint.json(200, "{\"Id\":\"001xx000003DGb2AAG\",\"Name\":\"Acme\"}"));
		String prefix = "jwt-bearer.registration.salesforce.";
		registry.add(prefix + "provider", () -> "salesforce");
		registry.add(prefix + "client-id", () -> "3MVG9test");
		registry.add(prefix + "subject", () -> "integration@acme.com");
		registry.add(prefix + "private-key", () -> "file:" + write("salesforce.key", ENCRYPTED_KEY_PEM));
		registry.add(prefix + "private-key-password", () -> KEY_PASSWORD);
		registry.add(prefix + "certificate", () -> "file:" + write("salesforce.crt", TestKeys.certificatePem(TestKeys
			.selfSignedCertificate(TestActuateRegistrations.RSA, "acme-integration", CERTIFICATE_NOT_AFTER))));
		registry.add(prefix + "client-authentication-method", () -> "client_secret_post");
		registry.add(prefix + "client-secret", () -> CLIENT_SECRET);
		registry.add(prefix + "token-uri", org::getTokenUri);
	}

	@AfterAll
	static void closeOrg() {
		org.close();
	}

	@Test
	void healthAndEndpointTellTheStoryOfATokenWithoutASecret() {
		// before the first need: UP, no token request of its own
		JsonContent<Object> health = actuator("/actuator/health/jwtBearer", HttpStatus.OK);
		actuator("/actuator/health/tokens", HttpStatus.OK);
		assertThat(health).extractingJsonPathStringValue("$.status").isEqualTo("UP");
		assertThat(health).extractingJsonPathStringValue("$.components.salesforce.details.token").isEqualTo("none");
		assertThat(org.getTokenRequests().size()).isZero();
		JsonContent<Object> endpoint = actuator("/actuator/jwtbearer", HttpStatus.OK);
		assertThat(endpoint).extractingJsonPathStringValue("$.registrations.salesforce.token.state").isEqualTo("none");
		assertThat(endpoint).extractingJsonPathStringValue("$.registrations.salesforce.certificate.subject")
			.isEqualTo("CN=acme-integration");
		assertThat(endpoint).extractingJsonPathNumberValue("$.registrations.salesforce.certificate.daysLeft")
			.isEqualTo(9);

		// two calls: one token request, one cache hit
		callTheApi();
		callTheApi();
		endpoint = actuator("/actuator/jwtbearer/salesforce", HttpStatus.OK);
		assertThat(endpoint).extractingJsonPathStringValue("$.provider").isEqualTo("salesforce");
		assertThat(endpoint).extractingJsonPathStringValue("$.tokenUri")
			.isEqualTo(org.getBaseUrl() + "/services/oauth2/token");
		assertThat(endpoint).extractingJsonPathStringValue("$.audience").isEqualTo("https://login.salesforce.com");
		assertThat(endpoint).extractingJsonPathStringValue("$.issuer").isEqualTo("3MVG9test");
		assertThat(endpoint).extractingJsonPathStringValue("$.subject").isEqualTo("integration@acme.com");
		assertThat(endpoint).extractingJsonPathStringValue("$.algorithm").isEqualTo("RS256");
		assertThat(endpoint).extractingJsonPathStringValue("$.keyFingerprint").hasSize(64);
		assertThat(endpoint).extractingJsonPathStringValue("$.token.state").isEqualTo("valid");
		assertThat(endpoint).extractingJsonPathStringValue("$.token.instanceUrl").isEqualTo(org.getBaseUrl());
		assertThat(endpoint).extractingJsonPathStringValue("$.token.expiresAt").isNotEmpty();
		assertThat(endpoint).extractingJsonPathNumberValue("$.counters.tokensObtained").isEqualTo(1);
		assertThat(endpoint).extractingJsonPathNumberValue("$.counters.cacheHits").isEqualTo(1);
		// one login of Salesforce's 1,000 an hour, no cooldown
		assertThat(endpoint).extractingJsonPathNumberValue("$.token.loginBudgetUsed").isEqualTo(0.001);
		assertThat(endpoint).doesNotHaveJsonPath("$.token.cooldownEndsAt");
		health = actuator("/actuator/health/jwtBearer/salesforce", HttpStatus.OK);
		assertThat(health).extractingJsonPathStringValue("$.status").isEqualTo("UP");
		assertThat(health).extractingJsonPathStringValue("$.details.token").isEqualTo("valid");
		assertThat(health).extractingJsonPathStringValue("$.details.instanceUrl").isEqualTo(org.getBaseUrl());
		assertThat(health).extractingJsonPathNumberValue("$.details.certificateDaysLeft").isEqualTo(9);

		// the org revokes the session: one 401, the token is evicted, the call succeeds
		org.expireAllSessions();
		callTheApi();
		endpoint = actuator("/actuator/jwtbearer/salesforce", HttpStatus.OK);
		assertThat(endpoint).extractingJsonPathNumberValue("$.counters.evictions").isEqualTo(1);
		assertThat(endpoint).extractingJsonPathNumberValue("$.counters.tokensObtained").isEqualTo(2);

		// the user's approval is withdrawn: TOKEN_FAILURE with the OAuth error and its
		// time; the application's root health stays UP
		org.removeSubject("integration@acme.com");
		org.expireAllSessions();
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(this::callTheApi);
		health = actuator("/actuator/health/jwtBearer/salesforce", HttpStatus.OK);
		assertThat(health).extractingJsonPathStringValue("$.status").isEqualTo("TOKEN_FAILURE");
		health = actuator("/actuator/health", HttpStatus.OK);
		assertThat(health).extractingJsonPathStringValue("$.status").isEqualTo("UP");
		assertThat(health).extractingJsonPathStringValue("$.components.jwtBearer.status").isEqualTo("UNKNOWN");
		assertThat(health).extractingJsonPathStringValue("$.components.jwtBearer.components.salesforce.status")
			.isEqualTo("TOKEN_FAILURE");
		// a group whose status order knows TOKEN_FAILURE answers 503
		health = actuator("/actuator/health/tokens", HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(health).extractingJsonPathStringValue("$.status").isEqualTo("TOKEN_FAILURE");
		assertThat(health).extractingJsonPathStringValue("$.components.jwtBearer.components.salesforce.details.token")
			.isEqualTo("evicted");
		assertThat(health)
			.extractingJsonPathStringValue("$.components.jwtBearer.components.salesforce.details.lastError.errorCode")
			.isEqualTo("invalid_grant");
		assertThat(health)
			.extractingJsonPathStringValue("$.components.jwtBearer.components.salesforce.details.lastError.at")
			.isNotEmpty();
		endpoint = actuator("/actuator/jwtbearer", HttpStatus.OK);
		assertThat(endpoint).extractingJsonPathStringValue("$.registrations.salesforce.token.lastError.outcome")
			.isEqualTo("oauth_error");
		assertThat(endpoint).extractingJsonPathStringValue("$.registrations.salesforce.token.lastError.description")
			.isEqualTo("user hasn't approved this consumer");
		assertThat(endpoint).extractingJsonPathNumberValue("$.registrations.salesforce.counters.failures").isEqualTo(1);

		// metrics: the observation's timer, the counters and the certificate gauge
		assertThat(this.meterRegistry.get("jwt.bearer.token.request")
			.tag("registration", "salesforce")
			.tag("provider", "salesforce")
			.tag("outcome", "success")
			.tag("error.code", "none")
			.timer()
			.count()).isEqualTo(2);
		assertThat(this.meterRegistry.get("jwt.bearer.token.request")
			.tag("outcome", "oauth_error")
			.tag("error.code", "invalid_grant")
			.timer()
			.count()).isOne();
		// the second call, and the first try of each call after a revocation
		assertThat(this.meterRegistry.get("jwt.bearer.token.cache.hits").counter().count()).isEqualTo(3);
		assertThat(this.meterRegistry.get("jwt.bearer.token.evictions").counter().count()).isEqualTo(2);
		assertThat(this.meterRegistry.get("jwt.bearer.certificate.expiry").gauge().value()).isCloseTo(10, within(0.01));
		actuator("/actuator/metrics/jwt.bearer.token.request", HttpStatus.OK);
		actuator("/actuator/metrics/jwt.bearer.certificate.expiry", HttpStatus.OK);

		List<String> assertions = org.getTokenRequests()
			.stream()
			.map((request) -> request.getParameters().get("assertion"))
			.toList();
		List<String> secrets = new ArrayList<>(org.getIssuedTokens());
		secrets.addAll(assertions);
		secrets.addAll(List.of(PRIVATE_KEY_PEM, ENCRYPTED_KEY_PEM, KEY_PASSWORD, CLIENT_SECRET));
		assertThat(org.getIssuedTokens()).hasSize(2);
		assertThat(assertions).hasSize(3);
		for (String response : this.actuatorResponses) {
			assertNoSecretsIn(response, secrets.toArray(String[]::new));
		}
	}

	private void callTheApi() {
		String account = this.restClientBuilder.build()
			.get()
			.uri(org.getBaseUrl() + ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class);
		assertThat(account).contains("Acme");
	}

	private JsonContent<Object> actuator(String path, HttpStatus status) {
		ResponseEntity<String> response = RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + path)
			.retrieve()
			.onStatus((code) -> true, (request, reply) -> {
			})
			.toEntity(String.class);
		assertThat(response.getStatusCode()).as(path).isEqualTo(status);
		this.actuatorResponses.add(response.getBody());
		return this.json.from(response.getBody());
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
	static class ActuatorApplication {

	}

}
