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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for key, certificate, key store and credentials locations written as a bare
 * absolute path, in a servlet web application, whose resource loader would read such a
 * path from the servlet context.
 *
 * @author JWT Bearer for Spring contributors
 */
class KeyLocationTests {

	private static final String PREFIX = "jwt-bearer.registration.sf.";

	@TempDir
	static Path directory;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues(PREFIX + "provider=salesforce", PREFIX + "client-id=3MVG9",
				PREFIX + "subject=integration@acme.com");

	@BeforeAll
	static void writeFiles() throws Exception {
		String certificatePem = TestPemFiles.certificatePem(TestPemFiles.rsa());
		TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		TestPemFiles.write(directory, "cert.pem", certificatePem);
		TestPemFiles.write(directory, "service-account.json", """
				{"type":"service_account","client_email":"robot@acme.iam.gserviceaccount.com",\
				"private_key":"%s","private_key_id":"k1","token_uri":"https://oauth2.googleapis.com/token"}"""
			.formatted(TestPemFiles.privateKeyPem(TestPemFiles.rsa()).replace("\n", "\\n")));
		Certificate certificate = CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("sf", TestPemFiles.rsa().getPrivate(), "changeit".toCharArray(),
				new Certificate[] { certificate });
		try (OutputStream out = Files.newOutputStream(directory.resolve("key.p12"))) {
			store.store(out, "changeit".toCharArray());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "private-key", "key-store", "credentials-file" })
	void bareAbsolutePathOfExistingFileIsThatFile(String property) {
		this.contextRunner.withPropertyValues(keyProperties(property, false)).run((context) -> {
			assertThat(context).hasNotFailed();
			JwtBearerRegistration registration = context.getBean(JwtBearerRegistrationRepository.class)
				.findByRegistrationId("sf");
			assertThat(registration.getAssertionMinter().getSigner()).isInstanceOfSatisfying(JwtSigningKey.class,
					(key) -> assertThat(key.getPrivateKey()).isEqualTo(TestPemFiles.rsa().getPrivate()));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "private-key", "key-store", "credentials-file" })
	void bareAbsolutePathOfMissingFileFailsSayingToWriteFilePrefix(String property) {
		this.contextRunner.withPropertyValues(keyProperties(property, true)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.contains(property + " names " + directory.resolve("missing") + ", which is neither an existing file "
						+ "nor a resource of the application")
				.contains("(property " + PREFIX + property + ")")
				.doesNotContain("ServletContext resource");
			assertThat(analysis.getAction())
				.isEqualTo("Write file: before a file path, as in file:/run/secrets/key.pem "
						+ "(without a prefix the location is read from the class path, or from the web application), or "
						+ "correct the path");
		});
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void bareAbsolutePathOfCertificate(boolean missing) {
		Path certificate = directory.resolve(missing ? "missing" : "cert.pem");
		this.contextRunner
			.withPropertyValues(PREFIX + "private-key=" + directory.resolve("key.pem"),
					PREFIX + "certificate=" + certificate)
			.run((context) -> {
				if (missing) {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.hasMessageContaining(
								"certificate names " + certificate + ", which is neither an existing file")
						.hasMessageNotContaining("ServletContext resource");
				}
				else {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(JwtBearerRegistrationRepository.class)
						.findByRegistrationId("sf")
						.getAssertionMinter()
						.getSigner()
						.getCertificate()).isNotNull();
				}
			});
	}

	private static String[] keyProperties(String property, boolean missing) {
		String file = switch (property) {
			case "private-key" -> "key.pem";
			case "key-store" -> "key.p12";
			default -> "service-account.json";
		};
		String location = directory.resolve(missing ? "missing" : file).toString();
		return switch (property) {
			case "key-store" ->
				new String[] { PREFIX + "key-store=" + location, PREFIX + "key-store-password=changeit" };
			case "credentials-file" -> new String[] { PREFIX + "provider=google", PREFIX + "client-id=",
					PREFIX + "credentials-file=" + location };
			default -> new String[] { PREFIX + "private-key=" + location };
		};
	}

}
