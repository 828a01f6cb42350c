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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.assertion.SigningKeyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Factory methods that load {@link JwtSigningKey signing keys} from PEM text, key stores
 * and Google service-account files. PEM is parsed by Spring Boot's {@link PemContent}
 * (PKCS#8, PKCS#1 RSA, SEC1 EC and encrypted PKCS#8), key stores by the JDK's
 * {@link KeyStore}.
 * <p>
 * Failures are reported as {@link SigningKeyException} whose message names the source and
 * the fix and never holds key material or passwords.
 *
 * @author JWT Bearer for Spring contributors
 */
final class SigningKeys {

	private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

	// the end of '-----BEGIN PRIVATE KEY-----' and of its RSA, EC and ENCRYPTED kin
	private static final String PRIVATE_KEY_BLOCK_END = "PRIVATE KEY-----";

	private static final String ESCAPED_NEWLINE = "\\n";

	private SigningKeys() {
	}

	/**
	 * Load a signing key from PEM text. Newlines that arrive escaped as {@code \n}, as
	 * often happens when a key is passed through an environment variable, are accepted.
	 * @param pem the PEM text of the private key; it may also hold the certificate
	 * @param password the password of an encrypted PKCS#8 key, or {@code null}
	 * @param certificatePem the PEM text of the key's certificate, or {@code null}
	 * @param keyId the {@code kid} header, or {@code null}
	 * @return the signing key
	 * @throws SigningKeyException if the text holds no readable private key, the password
	 * is wrong or the certificate belongs to another key
	 */
	static JwtSigningKey fromPem(String pem, @Nullable String password, @Nullable String certificatePem,
			@Nullable String keyId) {
		Assert.notNull(pem, "pem cannot be null");
		PemContent content = pemContent(pem, "private key");
		PrivateKey privateKey = privateKey(pem, content, password);
		X509Certificate certificate = (certificatePem != null)
				? firstCertificate(certificatePem, pemContent(certificatePem, "certificate"))
				: bundledCertificate(pem, content);
		return JwtSigningKey.of(privateKey, certificate, keyId);
	}

	/**
	 * Load a signing key from a PEM resource.
	 * @param pem the resource holding the PEM text of the private key
	 * @param password the password of an encrypted PKCS#8 key, or {@code null}
	 * @param certificate the resource holding the key's PEM certificate, or {@code null}
	 * @param keyId the {@code kid} header, or {@code null}
	 * @return the signing key
	 * @throws SigningKeyException if a resource cannot be read or holds no usable key
	 */
	static JwtSigningKey fromPem(Resource pem, @Nullable String password, @Nullable Resource certificate,
			@Nullable String keyId) {
		Assert.notNull(pem, "pem cannot be null");
		String certificatePem = (certificate != null) ? read(certificate, "certificate") : null;
		return fromPem(read(pem, "private key"), password, certificatePem, keyId);
	}

	/**
	 * Read the first certificate from PEM text.
	 * @param pem the PEM text
	 * @return the certificate
	 * @throws SigningKeyException if the text holds no certificate
	 */
	static X509Certificate certificateFromPem(String pem) {
		return firstCertificate(pem, pemContent(pem, "certificate"));
	}

	/**
	 * Load a signing key from a PKCS#12 or JKS key store.
	 * @param keyStore the key store resource
	 * @param type the key store type ({@code PKCS12} or {@code JKS}), or {@code null} to
	 * infer it from the file name ({@code .jks} is JKS, anything else PKCS#12)
	 * @param storePassword the key store password, or {@code null}
	 * @param alias the alias of the key entry, or {@code null} when the store holds
	 * exactly one
	 * @param keyPassword the key password, or {@code null} to use the store password
	 * @param keyId the {@code kid} header, or {@code null}
	 * @return the signing key, with the entry's certificate
	 * @throws SigningKeyException if the store cannot be opened, the alias is missing or
	 * ambiguous, or the entry holds no private key
	 */
	static JwtSigningKey fromKeyStore(Resource keyStore, @Nullable String type, @Nullable String storePassword,
			@Nullable String alias, @Nullable String keyPassword, @Nullable String keyId) {
		Assert.notNull(keyStore, "keyStore cannot be null");
		String storeType = StringUtils.hasText(type) ? type : inferKeyStoreType(keyStore);
		KeyStore store = openKeyStore(keyStore, storeType, storePassword);
		return fromKeyStore(store, "key store " + keyStore.getDescription(), alias,
				(keyPassword != null) ? keyPassword : storePassword, keyId);
	}

	/**
	 * Load a signing key from an open key store, such as the one of an SSL bundle.
	 * @param store the key store
	 * @param description what the store is, named in errors
	 * @param alias the alias of the key entry, or {@code null} when the store holds
	 * exactly one
	 * @param keyPassword the key password, or {@code null}
	 * @param keyId the {@code kid} header, or {@code null}
	 * @return the signing key, with the entry's certificate
	 * @throws SigningKeyException if the alias is missing or ambiguous, the password is
	 * wrong, or the entry holds no private key
	 */
	static JwtSigningKey fromKeyStore(KeyStore store, String description, @Nullable String alias,
			@Nullable String keyPassword, @Nullable String keyId) {
		String entry = (alias != null) ? alias : singleKeyAlias(store, description);
		try {
			if (!store.containsAlias(entry)) {
				throw new SigningKeyException(capitalize(description) + " has no entry with alias '" + entry
						+ "': set key-alias to one of " + aliases(store));
			}
			Key key = store.getKey(entry, toChars(keyPassword));
			if (!(key instanceof PrivateKey privateKey)) {
				throw new SigningKeyException("Entry '" + entry + "' of " + description
						+ " holds no private key: set key-alias to a private key entry, one of " + keyAliases(store));
			}
			Certificate certificate = store.getCertificate(entry);
			return JwtSigningKey.of(privateKey, (certificate instanceof X509Certificate x509) ? x509 : null, keyId);
		}
		catch (UnrecoverableKeyException ex) {
			throw new SigningKeyException("Cannot recover key '" + entry + "' from " + description
					+ ": the key password is wrong; set key-password (or key-store-password when both are the same)",
					ex);
		}
		catch (GeneralSecurityException ex) {
			throw new SigningKeyException("Cannot read key '" + entry + "' from " + description + " ("
					+ ex.getClass().getSimpleName() + "): check key-store-type, key-alias and key-password", ex);
		}
	}

	private static String capitalize(String text) {
		return StringUtils.capitalize(text);
	}

	/**
	 * Load a Google service-account JSON key file (the {@code client_email},
	 * {@code private_key}, {@code private_key_id} and {@code token_uri} fields).
	 * @param credentials the JSON key file
	 * @return the service account and its signing key
	 * @throws SigningKeyException if the file cannot be read or lacks a field
	 */
	static GoogleServiceAccount fromGoogleCredentials(Resource credentials) {
		Assert.notNull(credentials, "credentials cannot be null");
		String description = credentials.getDescription();
		Map<String, Object> json;
		try {
			json = JSONObjectUtils.parse(read(credentials, "credentials file"));
		}
		catch (java.text.ParseException ex) {
			throw new SigningKeyException("Credentials file " + description + " is not valid JSON: download the "
					+ "service account's JSON key again from the Google Cloud console");
		}
		Object type = json.get("type");
		if (type != null && !"service_account".equals(type)) {
			throw new SigningKeyException("Credentials file " + description + " is of type '" + type
					+ "', not 'service_account': use a service account's JSON key file");
		}
		String clientEmail = requiredField(json, "client_email", description);
		String privateKey = requiredField(json, "private_key", description);
		Object keyId = json.get("private_key_id");
		Object tokenUri = json.get("token_uri");
		JwtSigningKey signingKey = fromPem(privateKey, null, null, (keyId instanceof String id) ? id : null);
		return new GoogleServiceAccount(clientEmail, (tokenUri instanceof String uri) ? uri : null, signingKey);
	}

	private static String requiredField(Map<String, Object> json, String field, String description) {
		if (!(json.get(field) instanceof String value) || value.isBlank()) {
			throw new SigningKeyException("Credentials file " + description + " has no '" + field
					+ "': use a service account's JSON key file as downloaded from the Google Cloud console");
		}
		return value;
	}

	private static PemContent pemContent(String text, String what) {
		// base64 never holds a backslash: an escaped newline is always an accident of
		// transport
		String normalized = text.replace(ESCAPED_NEWLINE, "\n");
		PemContent content = PemContent.of(normalized.strip());
		if (content == null || !PemContent.isPresentInText(normalized)) {
			throw new SigningKeyException("The " + what + " is not PEM text: expected a '-----BEGIN ...-----' "
					+ "block, for example from 'openssl genpkey' or 'openssl req -x509'");
		}
		return content;
	}

	private static PrivateKey privateKey(String pem, PemContent content, @Nullable String password) {
		// Boot's parser fails alike on a damaged key and on no key at all: a certificate
		// alone should be named as such
		PrivateKey privateKey = null;
		if (pem.contains(PRIVATE_KEY_BLOCK_END)) {
			try {
				privateKey = content.getPrivateKey(password);
			}
			catch (RuntimeException ex) {
				throw new SigningKeyException(privateKeyFailure(ex, password), ex);
			}
		}
		if (privateKey == null) {
			throw new SigningKeyException("The PEM text holds no private key: configure the key "
					+ "('-----BEGIN PRIVATE KEY-----', 'RSA PRIVATE KEY', 'EC PRIVATE KEY' or "
					+ "'ENCRYPTED PRIVATE KEY'), not only its certificate or public key");
		}
		return privateKey;
	}

	private static String privateKeyFailure(RuntimeException ex, @Nullable String password) {
		String text = String.valueOf(ex.getMessage()) + " " + String.valueOf(ex.getCause());
		if (text.contains("decrypt") || text.contains("Password")) {
			return (password != null)
					? "Cannot decrypt the encrypted private key: the password is wrong; "
							+ "set private-key-password to the one used with 'openssl pkcs8 -topk8'"
					: "The private key is encrypted: set private-key-password";
		}
		return "Cannot read the private key: the PEM text is damaged or not a PKCS#8, PKCS#1 RSA, SEC1 EC or "
				+ "encrypted PKCS#8 key; check that the file was copied whole, begin and end lines included";
	}

	// a key file may carry its certificate too, as 'openssl req -x509 -nodes' output
	// concatenated often does
	private static @Nullable X509Certificate bundledCertificate(String pem, PemContent content) {
		return pem.contains(BEGIN_CERTIFICATE) ? firstCertificateOrNull(content) : null;
	}

	private static X509Certificate firstCertificate(String pem, PemContent content) {
		X509Certificate certificate = pem.contains(BEGIN_CERTIFICATE) ? firstCertificateOrNull(content) : null;
		if (certificate == null) {
			throw new SigningKeyException("The certificate PEM text holds no certificate: expected a "
					+ "'-----BEGIN CERTIFICATE-----' block");
		}
		return certificate;
	}

	private static @Nullable X509Certificate firstCertificateOrNull(PemContent content) {
		List<X509Certificate> certificates;
		try {
			certificates = content.getCertificates();
		}
		catch (RuntimeException ex) {
			throw new SigningKeyException("Cannot read the certificate: the PEM text is damaged or not an X.509 "
					+ "certificate; check that the file was copied whole", ex);
		}
		return certificates.isEmpty() ? null : certificates.get(0);
	}

	private static String inferKeyStoreType(Resource keyStore) {
		String filename = keyStore.getFilename();
		return (filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".jks")) ? "JKS" : "PKCS12";
	}

	private static KeyStore openKeyStore(Resource resource, String type, @Nullable String password) {
		InputStream in;
		try {
			in = resource.getInputStream();
		}
		catch (IOException ex) {
			throw new SigningKeyException("Cannot read key store " + resource.getDescription()
					+ ": check that the location exists and is readable (for a file use 'file:/path')", ex);
		}
		try (in) {
			KeyStore store = KeyStore.getInstance(type);
			store.load(in, toChars(password));
			return store;
		}
		catch (IOException ex) {
			// only the store's own failure is read here, never a path that could hold
			// "mac"
			if (ex.getCause() instanceof UnrecoverableKeyException || isPasswordFailure(ex)) {
				throw new SigningKeyException(
						"Cannot open key store " + resource.getDescription() + ": the key-store-password is wrong", ex);
			}
			throw new SigningKeyException("Cannot read key store " + resource.getDescription() + " as " + type
					+ ": check the location and key-store-type (PKCS12 or JKS)", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new SigningKeyException("Cannot open key store " + resource.getDescription() + " as " + type + " ("
					+ ex.getClass().getSimpleName() + "): check key-store-type (PKCS12 or JKS)", ex);
		}
	}

	private static boolean isPasswordFailure(IOException ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		return message.contains("password") || message.contains("mac");
	}

	private static String singleKeyAlias(KeyStore store, String description) {
		List<String> keyAliases = keyAliases(store);
		if (keyAliases.size() != 1) {
			throw new SigningKeyException(capitalize(description) + " holds " + (keyAliases.isEmpty()
					? "no private key entry: add the signing key to it"
					: keyAliases.size() + " private keys " + keyAliases + ": set key-alias to the one that signs"));
		}
		return keyAliases.get(0);
	}

	private static List<String> keyAliases(KeyStore store) {
		List<String> result = new ArrayList<>();
		try {
			for (String alias : Collections.list(store.aliases())) {
				if (store.isKeyEntry(alias)) {
					result.add(alias);
				}
			}
		}
		catch (GeneralSecurityException ex) {
			throw new SigningKeyException("Cannot list the entries of the key store", ex);
		}
		return result;
	}

	private static List<String> aliases(KeyStore store) {
		try {
			return Collections.list(store.aliases());
		}
		catch (GeneralSecurityException ex) {
			return List.of();
		}
	}

	private static String read(Resource resource, String what) {
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new SigningKeyException("Cannot read the " + what + " from " + resource.getDescription()
					+ ": check that the location exists and is readable (for a file use 'file:/path')", ex);
		}
	}

	private static char @Nullable [] toChars(@Nullable String password) {
		return (password != null) ? password.toCharArray() : null;
	}

}
