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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.assertion.SigningKeyException;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Registration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The {@link ReloadingSigner}s of the registrations with {@code reload-on-update}, and
 * what tells them that their key changed: a poll of the key files (their content, so that
 * a file replaced by a rename or a symbolic link swapped by Kubernetes counts too) on a
 * thread of its own, and Boot's update handlers of SSL bundles. A change is read once the
 * files have stayed the same for one poll interval, so that a key written in several
 * steps, or a key and its certificate replaced one after the other, is read whole. Closed
 * with the application context.
 *
 * @author JWT Bearer for Spring contributors
 */
final class SigningKeyReloads implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SigningKeyReloads.class);

	static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

	private final Duration pollInterval;

	private final Clock clock;

	private final Map<String, ReloadingSigner> signers = new ConcurrentHashMap<>();

	private final List<WatchedFiles> watchedFiles = new CopyOnWriteArrayList<>();

	private @Nullable ScheduledExecutorService executor;

	private boolean closed;

	SigningKeyReloads() {
		this(DEFAULT_POLL_INTERVAL, Clock.systemUTC());
	}

	/**
	 * Create the reloads with the given poll interval, which tests shorten.
	 * @param pollInterval how often the key files are read
	 * @param clock the clock that dates changes
	 */
	SigningKeyReloads(Duration pollInterval, Clock clock) {
		Assert.isTrue(pollInterval.toMillis() > 0, "pollInterval must be at least one millisecond");
		this.pollInterval = pollInterval;
		this.clock = clock;
	}

	/**
	 * Return a signer that starts with the registration's key and loads it again from the
	 * same properties when its files change or its SSL bundle is updated.
	 * @param registrationId the registration
	 * @param properties its properties
	 * @param initial the key loaded at startup
	 * @param signingKeys the loader of the registration's key
	 * @param sslBundles the SSL bundles, or {@code null}
	 * @return the signer
	 * @throws InvalidJwtBearerRegistrationException when there is nothing to watch
	 */
	ReloadingSigner watch(String registrationId, Registration properties, JwtSigningKey initial,
			RegistrationSigningKeys signingKeys, @Nullable SslBundles sslBundles) {
		List<Path> files = new ArrayList<>();
		addFile(files, signingKeys, registrationId, "private-key", properties.getPrivateKey());
		addFile(files, signingKeys, registrationId, "key-store", properties.getKeyStore());
		addFile(files, signingKeys, registrationId, "credentials-file", properties.getCredentialsFile());
		addFile(files, signingKeys, registrationId, "certificate", properties.getCertificate());
		String sslBundle = StringUtils.hasText(properties.getSslBundle()) ? properties.getSslBundle() : null;
		if (files.isEmpty() && sslBundle == null) {
			throw new InvalidJwtBearerRegistrationException(registrationId, "reload-on-update",
					"reload-on-update is set but the signing key is read from no file and no SSL bundle",
					"Set private-key, key-store or credentials-file to a file location such as "
							+ "file:/run/secrets/key.pem, or use an ssl-bundle; or remove reload-on-update",
					null);
		}
		SignatureAlgorithm algorithm = properties.getAlgorithm();
		return watch(registrationId, initial, () -> {
			JwtSigningKey key = signingKeys.signingKey(registrationId, properties,
					signingKeys.serviceAccount(registrationId, properties));
			JwtBearerRegistrationChecks.checkCertificateValidity(registrationId, key,
					StringUtils.hasText(properties.getCertificate()), this.clock);
			if (!key.getAlgorithms().contains(algorithm)) {
				throw new SigningKeyException("the new key does not sign with " + algorithm.getName()
						+ ", the algorithm of the registration: it signs with "
						+ key.getAlgorithms().stream().map(SignatureAlgorithm::getName).sorted().toList());
			}
			return key;
		}, files, sslBundles, sslBundle);
	}

	// a location that is a file is watched; PEM text and class path resources in a jar
	// do not change
	private static void addFile(List<Path> files, RegistrationSigningKeys signingKeys, String registrationId,
			String property, @Nullable String location) {
		if (!StringUtils.hasText(location) || location.contains("-----BEGIN")) {
			return;
		}
		Resource resource = signingKeys.resource(registrationId, property, location);
		if (resource.isFile()) {
			try {
				files.add(resource.getFile().toPath());
			}
			catch (IOException ex) {
				// not a file after all: nothing to watch
			}
		}
	}

	/**
	 * Return a signer that starts with the given key and loads it again when one of the
	 * files changes or the SSL bundle is updated.
	 * @param registrationId the registration
	 * @param initial the key loaded at startup
	 * @param loader loads and checks the key again
	 * @param files the files the key is read from
	 * @param sslBundles the SSL bundles, when the key comes from one
	 * @param sslBundle the name of that bundle, or {@code null}
	 * @return the signer
	 */
	ReloadingSigner watch(String registrationId, JwtSigner initial, Supplier<? extends JwtSigner> loader,
			List<Path> files, @Nullable SslBundles sslBundles, @Nullable String sslBundle) {
		ReloadingSigner signer = new ReloadingSigner(registrationId, initial, loader, this.clock);
		this.signers.put(registrationId, signer);
		if (sslBundles != null && sslBundle != null) {
			// Boot calls the handler once the bundle has reloaded, when the bundle has
			// reload-on-update set
			sslBundles.addBundleUpdateHandler(sslBundle, (bundle) -> signer.reload());
		}
		if (!files.isEmpty()) {
			this.watchedFiles.add(new WatchedFiles(signer, List.copyOf(files)));
			start();
		}
		return signer;
	}

	/**
	 * Return the signer of a registration with {@code reload-on-update}.
	 * @param registrationId the registration
	 * @return the signer, or {@code null} when the registration's key is not reloaded
	 */
	@Nullable ReloadingSigner get(String registrationId) {
		return this.signers.get(registrationId);
	}

	/**
	 * Return when the key of a registration last changed.
	 * @param registrationId the registration
	 * @return when its current key was loaded, or {@code null} when the registration's
	 * key is not reloaded
	 */
	@Nullable Instant changedAt(String registrationId) {
		ReloadingSigner signer = this.signers.get(registrationId);
		return (signer != null) ? signer.getChangedAt() : null;
	}

	Collection<ReloadingSigner> signers() {
		return this.signers.values();
	}

	private synchronized void start() {
		if (this.executor != null || this.closed) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "jwt-bearer-key-watcher");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.pollInterval.toMillis();
		executor.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void poll() {
		for (WatchedFiles files : this.watchedFiles) {
			try {
				files.poll();
			}
			catch (RuntimeException ex) {
				logger.error("Watching the key files of JWT bearer registration '" + files.signer.getRegistrationId()
						+ "' failed (" + ex.getClass().getName() + "); the current key keeps signing");
			}
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	/**
	 * The files of one registration's key, with what they held when last read and when
	 * last applied.
	 */
	private static final class WatchedFiles {

		private final ReloadingSigner signer;

		private final List<Path> files;

		private String seen;

		private String read;

		WatchedFiles(ReloadingSigner signer, List<Path> files) {
			this.signer = signer;
			this.files = files;
			this.seen = digest(files);
			this.read = this.seen;
		}

		void poll() {
			String current = digest(this.files);
			if (!current.equals(this.seen)) {
				// changed since the last poll: wait until the files stay the same for one
				// interval, a half-written key is not read
				this.seen = current;
				return;
			}
			if (current.equals(this.read)) {
				return;
			}
			// each content is tried once: a refused key is logged once, not at every poll
			this.read = current;
			this.signer.reload();
		}

		// SHA-256 over the content of every file; a missing or unreadable file counts
		// as a state of its own
		private static String digest(List<Path> files) {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				List<String> states = new ArrayList<>();
				for (Path file : files) {
					try {
						states.add(HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file))));
					}
					catch (IOException ex) {
						states.add("unreadable:" + ex.getClass().getSimpleName());
					}
				}
				return String.join(",", states);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("SHA-256 is not available", ex);
			}
		}

	}

}
