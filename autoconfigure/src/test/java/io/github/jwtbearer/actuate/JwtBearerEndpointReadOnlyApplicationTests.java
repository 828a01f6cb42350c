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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jwtbearer} endpoint exposed without an access setting: it reads, and its
 * write operation, which ends cooldowns, is not there.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = JwtBearerCooldownApplicationTests.CooldownApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=jwtbearer",
				"jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9test",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com" })
class JwtBearerEndpointReadOnlyApplicationTests {

	@TempDir
	static Path directory;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void keyProperty(DynamicPropertyRegistry registry) {
		registry.add("jwt-bearer.registration.salesforce.private-key",
				() -> "file:" + write(TestKeys.pkcs8Pem(TestActuateRegistrations.RSA.getPrivate())));
	}

	@Test
	void endpointIsReadOnlyByDefault() {
		assertThat(status(HttpMethod.GET)).isEqualTo(HttpStatus.OK);
		assertThat(status(HttpMethod.DELETE)).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
	}

	private HttpStatus status(HttpMethod method) {
		return HttpStatus.valueOf(RestClient.create()
			.method(method)
			.uri("http://localhost:" + this.port + "/actuator/jwtbearer/salesforce")
			.retrieve()
			.onStatus((code) -> true, (request, reply) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value());
	}

	private static Path write(String content) {
		try {
			return Files.writeString(directory.resolve("salesforce.key"), content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
