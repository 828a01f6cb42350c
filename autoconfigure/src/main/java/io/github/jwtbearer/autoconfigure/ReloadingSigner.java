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

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.SigningKeyException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The signer of a registration with {@code reload-on-update}: the key loaded at startup
 * until its files or SSL bundle change, then the key loaded again, once it has been read
 * whole and checked. A key that cannot be read, whose certificate does not match it, or
 * that does not sign with the registration's algorithm is refused with an ERROR log that
 * names the cause, and the current key keeps signing. Tokens in hand keep serving: the
 * new key signs the next assertion.
 *
 * @author JWT Bearer for Spring contributors
 */
final class ReloadingSigner implements Supplier<JwtSigner> {

	private static final Log logger = LogFactory.getLog(ReloadingSigner.class);

	private final String registrationId;

	private final Supplier<? extends JwtSigner> loader;

	private final Clock clock;

	private volatile JwtSigner current;

	private volatile Instant changedAt;

	private final AtomicLong applied = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	/**
	 * Create a signer.
	 * @param registrationId the registration, named in logs
	 * @param initial the key loaded at startup
	 * @param loader loads the key again from its source, checking it; throws when the key
	 * cannot serve
	 * @param clock the clock that dates changes
	 */
	ReloadingSigner(String registrationId, JwtSigner initial, Supplier<? extends JwtSigner> loader, Clock clock) {
		this.registrationId = registrationId;
		this.loader = loader;
		this.clock = clock;
		this.current = initial;
		this.changedAt = clock.instant();
	}

	/**
	 * Return the key that signs the next assertion.
	 * @return the current signer
	 */
	@Override
	public JwtSigner get() {
		return this.current;
	}

	/**
	 * Load the key again and sign with it from now on, unless it is the current key or
	 * cannot serve.
	 */
	synchronized void reload() {
		JwtSigner previous = this.current;
		JwtSigner loaded;
		try {
			loaded = Objects.requireNonNull(this.loader.get());
		}
		catch (RuntimeException ex) {
			this.refused.incrementAndGet();
			logger.error("JWT bearer registration '" + this.registrationId + "' refused its new signing key and keeps "
					+ "signing with the key " + describe(previous) + ": " + reason(ex));
			return;
		}
		if (sameKey(previous, loaded)) {
			return;
		}
		this.current = loaded;
		this.changedAt = this.clock.instant();
		this.applied.incrementAndGet();
		logger.info("JWT bearer registration '" + this.registrationId + "' now signs with the key " + describe(loaded)
				+ ", in place of the key " + describe(previous));
	}

	/**
	 * Return when the current key was loaded: at startup, or by the reload that brought
	 * it.
	 * @return when the key last changed
	 */
	Instant getChangedAt() {
		return this.changedAt;
	}

	/**
	 * Return how many new keys replaced the current one.
	 * @return the keys applied
	 */
	long getApplied() {
		return this.applied.get();
	}

	/**
	 * Return how many new keys were refused.
	 * @return the keys refused
	 */
	long getRefused() {
		return this.refused.get();
	}

	String getRegistrationId() {
		return this.registrationId;
	}

	// files touched or written again with the same key change nothing
	private static boolean sameKey(JwtSigner previous, JwtSigner loaded) {
		return Objects.equals(previous.getPublicKeyFingerprint(), loaded.getPublicKeyFingerprint())
				&& previous.getPublicKeyFingerprint() != null && Objects.equals(previous.getKeyId(), loaded.getKeyId())
				&& Objects.equals(previous.getCertificate(), loaded.getCertificate());
	}

	// what identifies a key without revealing it
	private static String describe(JwtSigner signer) {
		String fingerprint = signer.getPublicKeyFingerprint();
		return ((fingerprint != null) ? "with public key fingerprint " + fingerprint : "of unknown public key")
				+ ((signer.getKeyId() != null) ? " and key id '" + signer.getKeyId() + "'" : "");
	}

	// the messages of these exceptions name the cause and never hold key material;
	// another exception is named by its type alone
	private static String reason(RuntimeException ex) {
		if (ex instanceof InvalidJwtBearerRegistrationException invalid) {
			String prefix = "JWT bearer registration '" + invalid.getRegistrationId() + "' is invalid: ";
			String message = String.valueOf(invalid.getMessage());
			return (message.startsWith(prefix) ? message.substring(prefix.length()) : message) + ". "
					+ invalid.getAction();
		}
		if (ex instanceof SigningKeyException) {
			return String.valueOf(ex.getMessage());
		}
		return "the key cannot be loaded (" + ex.getClass().getName() + ")";
	}

}
