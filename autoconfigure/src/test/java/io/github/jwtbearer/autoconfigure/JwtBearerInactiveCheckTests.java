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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link JwtBearerInactiveCheckInitializer} and
 * {@link JwtBearerRegistrationsStartupLog}: a starter left inactive by a prefix typo
 * fails startup saying so, and an active one says which registrations it serves.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerInactiveCheckTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new JwtBearerInactiveCheckInitializer())
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class));

	@Test
	void prefixTypoFailsStartupNamingThePropertyAndTheRightPrefix() {
		this.contextRunner.withPropertyValues("jwt-bearer.registrations.x.client-id=3MVG9").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new JwtBearerInactiveFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).isEqualTo(
					"JWT bearer for Spring is inactive: no registration is configured under jwt-bearer.registration.<id>, yet 'jwt-bearer.registrations.x.client-id' is set (from \"jwt-bearer.registrations.x.client-id\" from property source \"test\")");
			assertThat(analysis.getAction())
				.startsWith("Did you mean 'jwt-bearer.registration.x.client-id'? Configure each registration under "
						+ "jwt-bearer.registration.<id> (singular 'registration')")
				.doesNotContain("Consider defining");
		});
	}

	@Test
	void sharedPropertiesWithoutRegistrationFailStartup() {
		this.contextRunner.withPropertyValues("jwt-bearer.retry.max-attempts=2")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(JwtBearerInactiveException.class)
				.hasMessageContaining("'jwt-bearer.retry.max-attempts' is set"));
	}

	@Test
	void applicationWithoutJwtBearerPropertiesStartsWithoutTheStarter() {
		this.contextRunner.withPropertyValues("spring.application.name=demo")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OAuth2AuthorizedClientManager.class));
	}

	@Test
	void prefixTypoIsReportedBeforeTheApplicationsOwnBeansFail(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ApplicationNeedingAManager.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--jwt-bearer.registrations.salesforce.client-id=3MVG9"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("JWT bearer for Spring is inactive: no registration is configured under "
					+ "jwt-bearer.registration.<id>, yet 'jwt-bearer.registrations.salesforce.client-id' is set")
			.contains("Did you mean 'jwt-bearer.registration.salesforce.client-id'?")
			.doesNotContain("Consider defining a bean of type");
	}

	@Test
	void activeStarterLogsItsRegistrationsWithoutSecrets(@TempDir Path directory, CapturedOutput output) {
		String key = TestPemFiles.privateKeyPem(TestPemFiles.rsa());
		this.contextRunner.withPropertyValues("jwt-bearer.registration.sf.provider=salesforce",
				"jwt-bearer.registration.sf.client-id=3MVG9", "jwt-bearer.registration.sf.subject=integration@acme.com",
				"jwt-bearer.registration.sf.private-key=" + "file:" + TestPemFiles.write(directory, "key.pem", key),
				"jwt-bearer.registration.kc.token-uri=https://idp.example.com/token",
				"jwt-bearer.registration.kc.client-id=app", "jwt-bearer.registration.kc.subject=svc",
				"jwt-bearer.registration.kc.private-key=" + "file:" + directory.resolve("key.pem"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("JWT bearer registrations active: ")
					.contains("JWT bearer registrations active: sf (provider salesforce), kc (provider generic)");
				assertThat(output.toString()).doesNotContain("PRIVATE KEY");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(JwtBearerAutoConfiguration.class)
	static class ApplicationNeedingAManager {

		@Bean
		String needsAManager(OAuth2AuthorizedClientManager manager) {
			return "unreachable";
		}

	}

}
