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
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenReuseCheck}: a registration whose {@code token-lifetime} the
 * renewal window would swallow starts with one warning that names the properties and what
 * the starter does instead.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenReuseCheckTests {

	private static final String PREFIX = "jwt-bearer.registration.sf.";

	@TempDir
	static Path directory;

	static String key;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class));

	@BeforeAll
	static void writeKey() {
		key = "file:" + TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	@Test
	void tokenLifetimeNoLongerThanSkewPlusRenewalMarginStartsWithOneWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties("token-lifetime=1m")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("would make every call a token request")
				.contains("WARN")
				.contains("JWT bearer registration 'sf': token-lifetime (1m) is not longer than clock-skew (1m) "
						+ "plus refresh-before-expiry (1m), which would make every call a token request. Instead, "
						+ "the two are shrunk to half of each token's lifetime: a token of 1m serves alone for 30s, "
						+ "is renewed in the background from then on, and is replaced after 45s. Set " + PREFIX
						+ "token-lifetime to the provider's session timeout, or lower " + PREFIX + "clock-skew and "
						+ PREFIX + "refresh-before-expiry");
		});
	}

	@Test
	void warningGivesTheShrunkTimesOfTheConfiguredValues(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(properties("token-lifetime=90s", "clock-skew=2m", "refresh-before-expiry=1m"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("token-lifetime (90s) is not longer than clock-skew (2m) plus "
							+ "refresh-before-expiry (1m)")
					.contains("a token of 90s serves alone for 45s, is renewed in the background from then on, and "
							+ "is replaced after 1m");
			});
	}

	@Test
	void presetTokenLifetimeWithDefaultsStartsWithoutWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("token request. Instead");
		});
	}

	@Test
	void tokenLifetimeLongerThanTheWindowStartsWithoutWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties("token-lifetime=3m")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("token request. Instead");
		});
	}

	@Test
	void formatWritesDurationsAsPropertiesAreWritten() {
		assertThat(TokenReuseCheck.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(TokenReuseCheck.format(Duration.ofMinutes(2))).isEqualTo("2m");
		assertThat(TokenReuseCheck.format(Duration.ofHours(1))).isEqualTo("1h");
		assertThat(TokenReuseCheck.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(TokenReuseCheck.format(Duration.ZERO)).isEqualTo("0s");
	}

	private static String[] properties(String... overrides) {
		String[] base = { PREFIX + "provider=salesforce", PREFIX + "client-id=3MVG9consumerkey",
				PREFIX + "subject=integration@acme.com", PREFIX + "private-key=" + key };
		String[] all = new String[base.length + overrides.length];
		System.arraycopy(base, 0, all, 0, base.length);
		for (int i = 0; i < overrides.length; i++) {
			all[base.length + i] = PREFIX + overrides[i];
		}
		return all;
	}

}
