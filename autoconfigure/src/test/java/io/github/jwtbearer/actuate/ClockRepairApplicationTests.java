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
import java.time.Clock;
import java.time.Duration;

import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import io.github.jwtbearer.test.MockJwtBearerServer;
import io.github.jwtbearer.test.TokenRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * Tests of clock repair in an application, against the test kit's mock Salesforce org
 * whose clock is 5 minutes ahead of the application's: the first assertion is refused as
 * expired, the second, minted on the org's time, is accepted, and the call succeeds; the
 * gauge and the {@code jwtbearer} endpoint show the offset.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = JwtBearerActuatorApplicationTests.ActuatorApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=jwtbearer", "jwt-bearer.retry.max-attempts=1" })
class ClockRepairApplicationTests {

	private static final Duration ORG_AHEAD = Duration.ofMinutes(5);

	@TempDir
	static Path directory;

	static MockJwtBearerServer org;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private JwtBearerEndpoint endpoint;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void orgProperties(DynamicPropertyRegistry registry) {
		org = MockJwtBearerServer.salesforce().start();
		org.setClock(Clock.offset(Clock.systemUTC(), ORG_AHEAD));
		org.trust("3MVG9test", TestActuateRegistrations.RSA.getPublic()).addSubject("integration@acme.com");
		org.setApiDispatcher((request) -> TestTokenEndpoint.json(200, "{\"Name\":\"Acme\"}"));
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
	void callSucceedsAfterOneRefusalWhenTheOrgsClockIs5MinutesAhead() {
		String account = this.restClientBuilder.build()
			.get()
			.uri(org.getBaseUrl() + "/services/data/v62.0/sobjects/Account/001")
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class);
		assertThat(account).contains("Acme");
		assertThat(org.getTokenRequests()).extracting(TokenRequest::getStatus).containsExactly(400, 200);
		assertThat(org.getTokenRequests().get(0).getErrorDescription()).isEqualTo("expired authorization code");
		assertThat(this.meterRegistry.get("jwt.bearer.clock.offset").tag("registration", "salesforce").gauge().value())
			.isCloseTo(300, within(5.0));
		assertThat(this.endpoint.registration("salesforce").token().clockOffset()).isBetween(ORG_AHEAD.minusSeconds(5),
				ORG_AHEAD.plusSeconds(5));
	}

	private static Path write(String name, String content) {
		try {
			return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
