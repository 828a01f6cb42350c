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

package io.github.jwtbearer.sample;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link EmbeddedOrgLauncher}.
 *
 * @author JWT Bearer for Spring contributors
 */
class EmbeddedOrgLauncherTests {

	@Test
	void isSelectedWhenNothingIsSetThenTrue() {
		assertThat(EmbeddedOrgLauncher.isSelected(new MockEnvironment())).isTrue();
	}

	@Test
	void isSelectedWhenConsumerKeyIsSetThenFalse() {
		assertThat(EmbeddedOrgLauncher.isSelected(new MockEnvironment().withProperty("SF_CONSUMER_KEY", "3MVG9abc")))
			.isFalse();
	}

	@Test
	void isSelectedWhenOrgIsEmbeddedThenTrueEvenWithConsumerKey() {
		assertThat(EmbeddedOrgLauncher.isSelected(new MockEnvironment().withProperty("SF_CONSUMER_KEY", "3MVG9abc")
			.withProperty("sample.org", "embedded"))).isTrue();
	}

	@Test
	void isSelectedWhenOrgIsSalesforceThenFalse() {
		assertThat(EmbeddedOrgLauncher.isSelected(new MockEnvironment().withProperty("sample.org", "salesforce")))
			.isFalse();
	}

	@Test
	void isSelectedWhenOrgIsUnknownThenFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmbeddedOrgLauncher.isSelected(new MockEnvironment().withProperty("sample.org", "prod")))
			.withMessage("sample.org must be 'embedded' or 'salesforce', not 'prod'");
	}

	@Test
	void startThenGivesTheValuesApplicationYmlNeeds() {
		try (EmbeddedOrgLauncher launcher = EmbeddedOrgLauncher.start()) {
			assertThat(launcher.getProperties())
				.containsOnlyKeys("SF_CONSUMER_KEY", "SF_USERNAME", "SF_PRIVATE_KEY", "SF_LOGIN_URL", "SF_INSTANCE_URL")
				.containsEntry("SF_CONSUMER_KEY", launcher.getOrg().getConsumerKey())
				.containsEntry("SF_USERNAME", EmbeddedOrgLauncher.USERNAME)
				.containsEntry("SF_LOGIN_URL", launcher.getOrg().getBaseUrl())
				.containsEntry("SF_INSTANCE_URL", launcher.getOrg().getBaseUrl());
			assertThat((String) launcher.getProperties().get("SF_PRIVATE_KEY")).startsWith("file:");
		}
	}

	@Test
	void startThenWritesThePrivateKeyForTheOwnerOnly() throws Exception {
		assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
		try (EmbeddedOrgLauncher launcher = EmbeddedOrgLauncher.start()) {
			Path privateKey = privateKey(launcher);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
			assertThat(privateKey).content().startsWith("-----BEGIN PRIVATE KEY-----\n");
		}
	}

	@Test
	void closeThenStopsTheOrgAndDeletesThePrivateKey() {
		EmbeddedOrgLauncher launcher = EmbeddedOrgLauncher.start();
		Path privateKey = privateKey(launcher);
		launcher.close();
		assertThat(privateKey).doesNotExist();
		assertThat(launcher.getOrg().isRunning()).isFalse();
	}

	private static Path privateKey(EmbeddedOrgLauncher launcher) {
		return Paths.get(URI.create((String) launcher.getProperties().get("SF_PRIVATE_KEY")));
	}

}
