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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.jwtbearer.sample.org.DemoCredentials;
import io.github.jwtbearer.sample.org.EmbeddedOrg;

import org.springframework.core.env.PropertyResolver;

/**
 * Starts the {@link EmbeddedOrg} when no real org is configured, and hands its values to
 * the application under the names a real org's values have ({@code SF_CONSUMER_KEY},
 * {@code SF_USERNAME}, {@code SF_PRIVATE_KEY}, {@code SF_LOGIN_URL},
 * {@code SF_INSTANCE_URL}), so that {@code application.yml} reads the same either way.
 * <p>
 * The key pair is made at start; its private key goes to an owner-only temporary file,
 * deleted when the launcher closes or, at the latest, when the JVM exits.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class EmbeddedOrgLauncher implements AutoCloseable {

	/**
	 * The property that chooses the org: {@code embedded} or {@code salesforce}. Unset,
	 * the embedded org is used unless {@code SF_CONSUMER_KEY} is set. The embedded org's
	 * values are default properties: {@code SF_*} variables set in the environment still
	 * take precedence over them.
	 */
	public static final String ORG_PROPERTY = "sample.org";

	/**
	 * The user the embedded org pre-authorizes, the assertion's subject.
	 */
	public static final String USERNAME = "integration@embedded-org.example";

	private final EmbeddedOrg org;

	private final Path privateKeyFile;

	private EmbeddedOrgLauncher(EmbeddedOrg org, Path privateKeyFile) {
		this.org = org;
		this.privateKeyFile = privateKeyFile;
	}

	/**
	 * Return whether the sample should run against the embedded org.
	 * @param properties the command line, system properties and environment
	 * @return whether to start the embedded org
	 * @throws IllegalArgumentException if {@code sample.org} has an unknown value
	 */
	public static boolean isSelected(PropertyResolver properties) {
		String org = properties.getProperty(ORG_PROPERTY);
		if (org == null || org.isBlank()) {
			return !properties.containsProperty("SF_CONSUMER_KEY");
		}
		if (!org.equals("embedded") && !org.equals("salesforce")) {
			throw new IllegalArgumentException(ORG_PROPERTY + " must be 'embedded' or 'salesforce', not '" + org + "'");
		}
		return org.equals("embedded");
	}

	/**
	 * Make a key pair and certificate, start the org with the certificate uploaded, and
	 * write the private key to a temporary file.
	 * @return the launcher, to close when the application ends
	 */
	public static EmbeddedOrgLauncher start() {
		DemoCredentials credentials = DemoCredentials.generate("jwt-bearer-sample");
		EmbeddedOrg org = EmbeddedOrg.withCertificate(credentials.getCertificate())
			.preAuthorizedUsers(USERNAME)
			.start();
		try {
			return new EmbeddedOrgLauncher(org, writePrivateKey(credentials.getPrivateKeyPem()));
		}
		catch (IOException ex) {
			org.close();
			throw new UncheckedIOException("Cannot write the embedded org's private key", ex);
		}
	}

	private static Path writePrivateKey(String pem) throws IOException {
		Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? Files.createTempFile("jwt-bearer-sample-", ".key",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.createTempFile("jwt-bearer-sample-", ".key");
		file.toFile().deleteOnExit();
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
		return file;
	}

	/**
	 * Return the values {@code application.yml} refers to, for
	 * {@link org.springframework.boot.SpringApplication#setDefaultProperties(Map)}.
	 * @return the properties
	 */
	public Map<String, Object> getProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("SF_CONSUMER_KEY", this.org.getConsumerKey());
		properties.put("SF_USERNAME", USERNAME);
		properties.put("SF_PRIVATE_KEY", this.privateKeyFile.toUri().toString());
		properties.put("SF_LOGIN_URL", this.org.getBaseUrl());
		properties.put("SF_INSTANCE_URL", this.org.getBaseUrl());
		return properties;
	}

	/**
	 * Return the running org.
	 * @return the org
	 */
	public EmbeddedOrg getOrg() {
		return this.org;
	}

	/**
	 * Stop the org and delete the private key file.
	 */
	@Override
	public void close() {
		this.org.close();
		try {
			Files.deleteIfExists(this.privateKeyFile);
		}
		catch (IOException ex) {
			// deleteOnExit tries again
		}
	}

}
