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
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidParameterException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;

import javax.security.auth.login.FailedLoginException;

import io.github.jwtbearer.assertion.Pkcs11JwtSigner;
import io.github.jwtbearer.assertion.SigningKeyException;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Pkcs11;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Opens the PKCS#11 token of a registration ({@code pkcs11.*}) through the JDK's
 * SunPKCS11 provider and finds its signing key. Each failure names the property at fault;
 * the PIN is never shown.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Pkcs11Signers {

	private static final String LIBRARY = "pkcs11.library";

	private static final String SLOT_LIST_INDEX = "pkcs11.slot-list-index";

	private static final String PIN = "pkcs11.pin";

	private static final String KEY_LABEL = "pkcs11.key-label";

	private Pkcs11Signers() {
	}

	/**
	 * Whether any {@code pkcs11.*} property of a registration is set.
	 * @param pkcs11 the properties
	 * @return whether the registration means to sign with a PKCS#11 token
	 */
	static boolean isConfigured(Pkcs11 pkcs11) {
		return StringUtils.hasText(pkcs11.getLibrary()) || StringUtils.hasText(pkcs11.getPin())
				|| StringUtils.hasText(pkcs11.getKeyLabel());
	}

	/**
	 * Open the token and return the signer of its key.
	 * @param id the registration id
	 * @param pkcs11 the properties
	 * @param certificate the configured certificate, or {@code null} for the token's
	 * @param keyId the {@code kid} header, or {@code null}
	 * @return the signer
	 * @throws InvalidJwtBearerRegistrationException naming the property at fault
	 */
	static Pkcs11JwtSigner signer(String id, Pkcs11 pkcs11, @Nullable X509Certificate certificate,
			@Nullable String keyId) {
		String library = require(id, LIBRARY, pkcs11.getLibrary(),
				"Set pkcs11.library to the path of the token's PKCS#11 module, for SoftHSM2 "
						+ "/usr/lib/softhsm/libsofthsm2.so");
		String pin = require(id, PIN, pkcs11.getPin(),
				"Set pkcs11.pin to the token's user PIN, for example pkcs11.pin: ${HSM_PIN} from the environment");
		String keyLabel = require(id, KEY_LABEL, pkcs11.getKeyLabel(),
				"Set pkcs11.key-label to the label of the signing key (and of its certificate) in the token");
		if (pkcs11.getSlotListIndex() < 0) {
			throw new InvalidJwtBearerRegistrationException(id, SLOT_LIST_INDEX,
					"pkcs11.slot-list-index is " + pkcs11.getSlotListIndex() + ", an index cannot be negative",
					"Set pkcs11.slot-list-index to 0 for the first slot that holds a token", null);
		}
		checkLibrary(id, library);
		KeyStore token = login(id, provider(id, library, pkcs11.getSlotListIndex()), pin);
		Pkcs11JwtSigner signer;
		try {
			signer = Pkcs11JwtSigner.of(token, keyLabel, null, keyId);
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, KEY_LABEL, ex.getMessage(),
					"Set pkcs11.key-label to the label of a private key that has its certificate in the token "
							+ "('pkcs11-tool --module <library> --login --list-objects' lists them)",
					ex);
		}
		if (certificate == null) {
			return signer;
		}
		try {
			return Pkcs11JwtSigner.of(token, keyLabel, certificate, keyId);
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "certificate", ex.getMessage(),
					"Set certificate to the certificate of the key in the token, or remove it to use the token's own",
					ex);
		}
	}

	private static String require(String id, String property, @Nullable String value, String action) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJwtBearerRegistrationException(id, property,
					property + " is not set, and the other pkcs11.* properties are", action, null);
		}
		return value;
	}

	private static void checkLibrary(String id, String library) {
		boolean file;
		try {
			file = Files.isRegularFile(Path.of(library));
		}
		catch (InvalidPathException ex) {
			file = false;
		}
		if (!file) {
			throw new InvalidJwtBearerRegistrationException(id, LIBRARY,
					"pkcs11.library names " + library + ", which is not a file",
					"Install the token's PKCS#11 module and set pkcs11.library to its absolute path, for SoftHSM2 "
							+ "(Debian's softhsm2 package) /usr/lib/softhsm/libsofthsm2.so",
					null);
		}
	}

	private static Provider provider(String id, String library, int slotListIndex) {
		// SunPKCS11's configuration, inline: a name of letters, digits and dashes, the
		// library quoted so that its path may hold spaces
		String name = "JwtBearer-" + id.replaceAll("[^A-Za-z0-9-]", "-");
		String configuration = "--name = " + name + "\nlibrary = \"" + library + "\"\nslotListIndex = " + slotListIndex
				+ "\n";
		Provider sunPkcs11 = Security.getProvider("SunPKCS11");
		if (sunPkcs11 == null) {
			throw new InvalidJwtBearerRegistrationException(id, LIBRARY, "the JDK has no SunPKCS11 provider",
					"Run the application on a JDK with the jdk.crypto.cryptoki module", null);
		}
		try {
			return sunPkcs11.configure(configuration);
		}
		catch (ProviderException | InvalidParameterException ex) {
			String reason = String.valueOf(ex.getMessage()) + " " + String.valueOf(ex.getCause());
			if (reason.contains("slotListIndex")) {
				throw new InvalidJwtBearerRegistrationException(id, SLOT_LIST_INDEX,
						"the PKCS#11 module has no token at slot list index " + slotListIndex,
						"Set pkcs11.slot-list-index to the index of the token's slot among the slots that hold a "
								+ "token, 0 for the first ('pkcs11-tool --module <library> --list-slots' lists them)",
						ex);
			}
			throw new InvalidJwtBearerRegistrationException(id, LIBRARY,
					"cannot load " + library + " as a PKCS#11 module (" + ex.getClass().getSimpleName() + ": "
							+ ex.getMessage() + ")",
					"Set pkcs11.library to the token's PKCS#11 module, the library its vendor ships (for SoftHSM2 "
							+ "/usr/lib/softhsm/libsofthsm2.so)",
					ex);
		}
	}

	private static KeyStore login(String id, Provider provider, String pin) {
		char[] password = pin.toCharArray();
		try {
			KeyStore token = KeyStore.getInstance("PKCS11", provider);
			token.load(null, password);
			return token;
		}
		catch (IOException ex) {
			if (hasCause(ex, FailedLoginException.class)) {
				throw new InvalidJwtBearerRegistrationException(id, PIN, "the PKCS#11 token refused the PIN",
						"Set pkcs11.pin to the token's user PIN (not the security officer's PIN); each wrong PIN "
								+ "counts towards locking the token",
						null);
			}
			if (causes(ex).contains("CKR_PIN_LOCKED")) {
				throw new InvalidJwtBearerRegistrationException(id, PIN, "the PKCS#11 token's user PIN is locked",
						"Have the token's security officer unblock the user PIN, then set pkcs11.pin", null);
			}
			throw new InvalidJwtBearerRegistrationException(id, LIBRARY,
					"cannot log in to the PKCS#11 token (" + ex.getClass().getSimpleName() + ")",
					"Check pkcs11.library and pkcs11.slot-list-index: the token must be present in that slot", null);
		}
		catch (GeneralSecurityException ex) {
			throw new InvalidJwtBearerRegistrationException(id, LIBRARY,
					"cannot open the PKCS#11 token as a key store (" + ex.getClass().getSimpleName() + ")",
					"Check pkcs11.library and pkcs11.slot-list-index: the token must be present in that slot", ex);
		}
		finally {
			Arrays.fill(password, '\0');
		}
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	// the class names and messages of the causes: PKCS#11 return codes such as
	// CKR_PIN_LOCKED, never the PIN
	private static String causes(Throwable ex) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			text.append(cause.getClass().getName()).append(' ').append(cause.getMessage()).append('\n');
		}
		return text.toString().toUpperCase(Locale.ROOT);
	}

}
