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

package io.github.jwtbearer.autoconfigure;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidJwtBearerRegistrationFailureAnalyzer}: every bad registration
 * fails at startup with a description naming the property and an action naming the fix.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidJwtBearerRegistrationFailureAnalyzerTests {

	private static final String PREFIX = "jwt-bearer.registration.sf.";

	@TempDir
	static Path directory;

	static String key;

	static String ecKey;

	static String otherCertificate;

	static String certificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class));

	@BeforeAll
	static void writeFiles() {
		key = "file:" + TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		ecKey = "file:" + TestPemFiles.write(directory, "ec.pem", TestPemFiles.privateKeyPem(TestPemFiles.ec()));
		certificate = "file:"
				+ TestPemFiles.write(directory, "cert.pem", TestPemFiles.certificatePem(TestPemFiles.rsa()));
		otherCertificate = "file:"
				+ TestPemFiles.write(directory, "other.pem", TestPemFiles.certificatePem(TestPemFiles.otherRsa()));
		TestPemFiles.write(directory, "garbage.pem",
				"-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
	}

	static Stream<Arguments> badRegistrations() {
		return Stream.of(bad("client-id", "no client-id is configured", "Set client-id", "client-id="),
				bad("subject", "no subject is configured", "Set subject", "subject="),
				bad("private-key", "no signing key is configured", "Set private-key", "private-key="),
				bad("token-uri", "no token-uri is configured", "Set token-uri", "provider=generic"),
				bad("token-uri", "clear text", "Use an https token endpoint",
						"token-uri=http://login.example.com/services/oauth2/token"),
				bad("token-uri", "not an absolute URL", "absolute https URL", "token-uri=/services/oauth2/token"),
				bad("assertion-lifetime", "exceeds the 180s that provider salesforce accepts", "at most 180s",
						"assertion-lifetime=5m"),
				bad("algorithm", "accepts RS256 only, not ES256", "set it to RS256", "algorithm=ES256"),
				bad("algorithm", "algorithm ES256 needs an EC key on curve P-256 but the configured key is an RSA key",
						"fits the key", "provider=generic", "token-uri=https://idp.example.com/token",
						"algorithm=ES256"),
				bad("algorithm", "algorithm RS256 needs an RSA key but the configured key is an EC key", "fits the key",
						"provider=generic", "token-uri=https://idp.example.com/token", "private-key=" + ecKey),
				bad("certificate", "does not belong to the private key", "certificate of the signing key",
						"certificate=" + otherCertificate),
				bad("private-key", "which does not exist", "readable location", "private-key=file:/no/such/key.pem"),
				bad("private-key", "Cannot read the private key", "Fix jwt-bearer.registration.sf.private-key",
						"private-key=file:" + directory.resolve("garbage.pem")),
				bad("key-store", "more than one signing key is configured", "Keep exactly one",
						"key-store=file:/some/store.p12"),
				bad("client-secret", "needs a client secret", "Set client-secret",
						"client-authentication-method=client_secret_post"),
				bad("ssl-bundle", "there is no SSL bundle 'missing'", "spring.ssl.bundle.pem.missing", "private-key=",
						"ssl-bundle=missing"),
				bad("assertion-lifetime", "at least one second", "Remove assertion-lifetime", "assertion-lifetime=0s"));
	}

	private static Arguments bad(String property, String description, String action, String... overrides) {
		return Arguments.of(property, description, action, overrides);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("badRegistrations")
	void badRegistrationFailsStartupNamingThePropertyAndTheFix(String property, String description, String action,
			String[] overrides) {
		this.contextRunner.withPropertyValues(properties(overrides)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("JWT bearer registration 'sf'")
				.contains(PREFIX + property)
				.contains(description);
			assertThat(analysis.getAction()).contains(action);
		});
	}

	@Test
	void validRegistrationStarts() {
		this.contextRunner.withPropertyValues(properties("certificate=" + certificate))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void plainHttpIsAcceptedForLoopbackTokenEndpoints() {
		for (String uri : List.of("http://localhost:8080/token", "http://127.0.0.1:9/token", "http://[::1]:9/token")) {
			this.contextRunner.withPropertyValues(properties("token-uri=" + uri))
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void startupFailureIsReportedWithDescriptionAndAction(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] args = Arrays.stream(properties("client-id="))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		assertThatException().isThrownBy(() -> application.run(args));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("JWT bearer registration 'sf' is invalid: no client-id is configured (property " + PREFIX
					+ "client-id)")
			.contains("Set client-id to the OAuth client id (the consumer key of the Salesforce app)");
	}

	private static String[] properties(String... overrides) {
		Map<String, String> properties = new LinkedHashMap<>();
		Stream
			.concat(Stream.of("provider=salesforce", "client-id=3MVG9", "subject=integration@acme.com",
					"private-key=" + key), Arrays.stream(overrides))
			.forEach((property) -> {
				int equals = property.indexOf('=');
				properties.put(PREFIX + property.substring(0, equals), property.substring(equals + 1));
			});
		return properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(JwtBearerAutoConfiguration.class)
	static class MinimalApplication {

	}

}
