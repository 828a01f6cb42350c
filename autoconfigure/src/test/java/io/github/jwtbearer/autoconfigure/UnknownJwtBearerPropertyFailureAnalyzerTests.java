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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link UnknownJwtBearerPropertyFailureAnalyzer}: a misspelt
 * {@code jwt-bearer.*} property fails startup, naming it and the nearest known one.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownJwtBearerPropertyFailureAnalyzerTests {

	@TempDir
	static Path directory;

	static String key;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
		.withPropertyValues("jwt-bearer.registration.sf.provider=salesforce",
				"jwt-bearer.registration.sf.client-id=3MVG9",
				"jwt-bearer.registration.sf.subject=integration@acme.com");

	@BeforeAll
	static void writeKey() {
		key = "file:" + TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	@Test
	void misspeltRegistrationPropertyFailsStartupNamingTheNearestOne() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key,
					"jwt-bearer.registration.sf.token-url=https://acme.my.salesforce.com/services/oauth2/token")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(
						"Unknown property 'jwt-bearer.registration.sf.token-url' (from \"jwt-bearer.registration.sf.token-url\" from property source \"test\"): JWT bearer for Spring has no such property");
				assertThat(analysis.getAction()).isEqualTo(
						"Did you mean 'jwt-bearer.registration.sf.token-uri'? Rename 'jwt-bearer.registration.sf.token-url', or remove it.");
			});
	}

	@Test
	void misspeltNestedRegistrationPropertyFailsStartup() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key,
					"jwt-bearer.registration.sf.client-authentication-methd=client_secret_post")
			.run((context) -> assertThat(analyze(context).getAction())
				.startsWith("Did you mean 'jwt-bearer.registration.sf.client-authentication-method'?"));
	}

	@Test
	void misspeltSharedPropertyFailsStartupNamingTheNearestOne() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key, "jwt-bearer.retry.max-atempts=5")
			.run((context) -> assertThat(analyze(context).getAction())
				.startsWith("Did you mean 'jwt-bearer.retry.max-attempts'?"));
	}

	@Test
	void propertyFarFromEveryKnownOneFailsStartupWithoutASuggestion() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key,
					"jwt-bearer.registration.sf.favourite-colour=blue")
			.run((context) -> assertThat(analyze(context).getAction()).isEqualTo(
					"Remove 'jwt-bearer.registration.sf.favourite-colour', or rename it to a property listed in the configuration reference."));
	}

	@Test
	void claimsAndKnownPropertiesStart() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key,
					"jwt-bearer.registration.sf.claims.any-name=value", "jwt-bearer.registration.sf.scope=api",
					"jwt-bearer.retry.max-attempts=2", "jwt-bearer.token-store.max-size=10")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void nearestNameKeepsTheRegistrationId() {
		assertThat(JwtBearerPropertyNames.nearest(ConfigurationPropertyName.of("jwt-bearer.registrations.x.client-id")))
			.isEqualTo("jwt-bearer.registration.x.client-id");
		assertThat(JwtBearerPropertyNames.nearest(ConfigurationPropertyName.of("jwt-bearer.registration.x.subjet")))
			.isEqualTo("jwt-bearer.registration.x.subject");
	}

	@Test
	void startupFailureIsReportedByThisAnalyzerRatherThanBoots(CapturedOutput output) {
		SpringApplication application = new SpringApplication(
				InvalidJwtBearerRegistrationFailureAnalyzerTests.MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--jwt-bearer.registration.sf.client-id=3MVG9",
				"--jwt-bearer.registration.sf.subject=integration@acme.com",
				"--jwt-bearer.registration.sf.private-key=" + key,
				"--jwt-bearer.registration.sf.token-url=https://acme.my.salesforce.com/services/oauth2/token"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Unknown property 'jwt-bearer.registration.sf.token-url'")
			.contains("Did you mean 'jwt-bearer.registration.sf.token-uri'?");
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new UnknownJwtBearerPropertyFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
