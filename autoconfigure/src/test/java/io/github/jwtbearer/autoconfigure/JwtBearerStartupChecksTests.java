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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the startup checks of certificate validity and of plain-http token endpoints:
 * each bad configuration fails with its analyzer's description and action; a certificate
 * close to expiry, or an insecure token endpoint the user allowed, starts with one
 * warning.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerStartupChecksTests {

	private static final String PREFIX = "jwt-bearer.registration.sf.";

	@TempDir
	static Path directory;

	static String key;

	static String expired;

	static String expiringSoon;

	static String valid;

	static String keyStoreWithExpiredCertificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class));

	@BeforeAll
	static void writeFiles() throws Exception {
		key = "file:" + TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		String expiredPem = TestPemFiles.certificatePem(TestPemFiles.rsa(), Instant.now().minus(Duration.ofHours(1)));
		expired = "file:" + TestPemFiles.write(directory, "expired.pem", expiredPem);
		expiringSoon = "file:" + TestPemFiles.write(directory, "soon.pem", TestPemFiles
			.certificatePem(TestPemFiles.rsa(), Instant.now().plus(Duration.ofDays(10)).plus(Duration.ofHours(1))));
		valid = "file:" + TestPemFiles.write(directory, "valid.pem", TestPemFiles.certificatePem(TestPemFiles.rsa()));
		keyStoreWithExpiredCertificate = "file:" + keyStore(expiredPem);
	}

	static Stream<Arguments> badConfigurations() {
		return Stream.of(
				bad("certificate", "certificate CN=jwt-bearer-test expired on",
						"Create a new certificate for the signing key", "certificate=" + expired),
				bad("token-uri",
						"token-uri uses http, which would send the signed assertion and the token in clear text",
						"Use an https token endpoint", "token-uri=http://login.example.com/services/oauth2/token"),
				bad("token-uri", "in clear text", PREFIX + "allow-insecure-token-uri=true",
						"token-uri=http://login.example.com/services/oauth2/token", "allow-insecure-token-uri=false"),
				bad("token-uri", "token-uri uses ftp", "Use an https token endpoint",
						"token-uri=ftp://login.example.com/token", "allow-insecure-token-uri=true"));
	}

	private static Arguments bad(String property, String description, String action, String... overrides) {
		return Arguments.of(property, description, action, overrides);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("badConfigurations")
	void badConfigurationFailsStartupWithDescriptionAndAction(String property, String description, String action,
			String[] overrides) {
		this.contextRunner.withPropertyValues(properties(overrides)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("JWT bearer registration 'sf' is invalid")
				.contains("(property " + PREFIX + property + ")")
				.contains(description);
			assertThat(analysis.getAction()).contains(action);
		});
	}

	@Test
	void certificateExpiringWithin30DaysStartsWithOneWarningNamingRegistrationSubjectAndDaysLeft(
			CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties("certificate=" + expiringSoon)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("expires in")
				.contains("WARN")
				.contains("The certificate CN=jwt-bearer-test of JWT bearer registration 'sf' expires in 10 days");
		});
	}

	@Test
	void certificateValidForLongerStartsWithoutWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties("certificate=" + valid)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("expires in").doesNotContain("expired");
		});
	}

	@Test
	void expiredCertificateOfKeyStoreStartsWithWarning(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(properties("private-key=", "key-store=" + keyStoreWithExpiredCertificate,
					"key-store-password=changeit"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("expired on")
					.contains("The certificate CN=jwt-bearer-test of the signing key of JWT bearer registration "
							+ "'sf' expired on")
					.doesNotContain("changeit");
			});
	}

	@Test
	void plainHttpTokenUriStartsWhenAllowedAsInsecureWithWarning(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(properties("token-uri=http://login.example.com/services/oauth2/token",
					"allow-insecure-token-uri=true"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("in clear text")
					.contains("JWT bearer registration 'sf' sends its signed assertions to "
							+ "http://login.example.com/services/oauth2/token and receives its tokens in clear text, as "
							+ PREFIX + "allow-insecure-token-uri allows");
			});
	}

	@Test
	void plainHttpLoopbackTokenUriStartsWithoutPropertyNorWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties("token-uri=http://127.0.0.1:8080/token")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("clear text");
		});
	}

	private static Path keyStore(String certificatePem) throws IOException, GeneralSecurityException {
		Certificate certificate = CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("sf", TestPemFiles.rsa().getPrivate(), "changeit".toCharArray(),
				new Certificate[] { certificate });
		Path file = directory.resolve("expired.p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, "changeit".toCharArray());
		}
		return file;
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

}
