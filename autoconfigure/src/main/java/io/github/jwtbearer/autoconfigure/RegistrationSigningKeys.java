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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.jwtbearer.assertion.JwtBearerSignerResolver;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.assertion.SigningKeyException;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Registration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ResourceUtils;
import org.springframework.util.StringUtils;

/**
 * The key sources of a registration: a PEM {@code private-key}, a {@code key-store}, an
 * {@code ssl-bundle} or a Google {@code credentials-file}, exactly one of them, with the
 * optional {@code certificate}. Failures name the property and the fix.
 *
 * @author JWT Bearer for Spring contributors
 */
final class RegistrationSigningKeys {

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private final @Nullable JwtBearerSignerResolver signerResolver;

	RegistrationSigningKeys(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this(resourceLoader, sslBundles, null);
	}

	RegistrationSigningKeys(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles,
			@Nullable JwtBearerSignerResolver signerResolver) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
		this.signerResolver = signerResolver;
	}

	/**
	 * Return the signer of a registration: the application's, from its
	 * {@link JwtBearerSignerResolver}, a PKCS#11 token's ({@code pkcs11.*}), or the key
	 * its other key properties describe.
	 * @param id the registration id
	 * @param properties the registration's properties
	 * @param serviceAccount the Google service account, or {@code null}
	 * @return the signer
	 * @throws InvalidJwtBearerRegistrationException naming the property at fault
	 */
	JwtSigner signer(String id, Registration properties, @Nullable GoogleServiceAccount serviceAccount) {
		JwtSigner applicationSigner = (this.signerResolver != null) ? this.signerResolver.resolveSigner(id) : null;
		boolean pkcs11 = Pkcs11Signers.isConfigured(properties.getPkcs11());
		if (applicationSigner == null && !pkcs11) {
			return signingKey(id, properties, serviceAccount);
		}
		List<String> others = localSources(properties, serviceAccount);
		if (applicationSigner != null) {
			if (pkcs11) {
				others.add(0, "pkcs11.library");
			}
			if (StringUtils.hasText(properties.getCertificate())) {
				others.add("certificate");
			}
			if (!others.isEmpty()) {
				throw new InvalidJwtBearerRegistrationException(id, others.get(0),
						"a JwtBearerSignerResolver bean supplies the signer, and " + String.join(", ", others)
								+ " is configured too",
						"Remove " + String.join(" and ", others) + ", or have the JwtBearerSignerResolver return null "
								+ "for '" + id + "'",
						null);
			}
			return applicationSigner;
		}
		if (!others.isEmpty()) {
			throw new InvalidJwtBearerRegistrationException(id, others.get(0),
					"more than one signing key is configured: pkcs11.*, " + String.join(", ", others),
					"Keep exactly one of private-key, key-store, ssl-bundle, credentials-file and pkcs11.*", null);
		}
		X509Certificate certificate = null;
		if (StringUtils.hasText(properties.getCertificate())) {
			try {
				certificate = SigningKeys.certificateFromPem(pemText(id, "certificate", properties.getCertificate()));
			}
			catch (SigningKeyException ex) {
				throw new InvalidJwtBearerRegistrationException(id, "certificate", ex.getMessage(),
						"Set certificate to the certificate of the signing key, the one uploaded to the provider", ex);
			}
		}
		return Pkcs11Signers.signer(id, properties.getPkcs11(), certificate, properties.getKeyId());
	}

	private static List<String> localSources(Registration properties, @Nullable GoogleServiceAccount serviceAccount) {
		List<String> sources = new ArrayList<>();
		if (StringUtils.hasText(properties.getPrivateKey())) {
			sources.add("private-key");
		}
		if (StringUtils.hasText(properties.getKeyStore())) {
			sources.add("key-store");
		}
		if (StringUtils.hasText(properties.getSslBundle())) {
			sources.add("ssl-bundle");
		}
		if (serviceAccount != null) {
			sources.add("credentials-file");
		}
		return sources;
	}

	@Nullable GoogleServiceAccount serviceAccount(String id, Registration properties) {
		String credentialsFile = properties.getCredentialsFile();
		if (!StringUtils.hasText(credentialsFile)) {
			return null;
		}
		try {
			return SigningKeys.fromGoogleCredentials(resource(id, "credentials-file", credentialsFile));
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "credentials-file", ex.getMessage(),
					"Set credentials-file to the service account's JSON key file, for example "
							+ "file:/run/secrets/service-account.json",
					ex);
		}
	}

	JwtSigningKey signingKey(String id, Registration properties, @Nullable GoogleServiceAccount serviceAccount) {
		String source = source(id, properties, serviceAccount);
		try {
			JwtSigningKey key = switch (source) {
				case "private-key" ->
					SigningKeys.fromPem(pemText(id, "private-key", Objects.requireNonNull(properties.getPrivateKey())),
							properties.getPrivateKeyPassword(), null, properties.getKeyId());
				case "key-store" -> SigningKeys.fromKeyStore(
						resource(id, "key-store", Objects.requireNonNull(properties.getKeyStore())),
						properties.getKeyStoreType(), properties.getKeyStorePassword(), properties.getKeyAlias(),
						properties.getKeyPassword(), properties.getKeyId());
				case "ssl-bundle" -> sslBundleKey(id, properties);
				default -> Objects.requireNonNull(serviceAccount).signingKey();
			};
			return withCertificate(id, properties, key);
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, source, ex.getMessage(),
					"Fix " + InvalidJwtBearerRegistrationException.propertyName(id, source)
							+ " as the message says; the key must be the one whose certificate the provider holds",
					ex);
		}
	}

	private static String source(String id, Registration properties, @Nullable GoogleServiceAccount serviceAccount) {
		List<String> sources = localSources(properties, serviceAccount);
		if (sources.isEmpty()) {
			throw new InvalidJwtBearerRegistrationException(id, "private-key", "no signing key is configured",
					"Set private-key to the PEM key whose certificate the provider holds (for example "
							+ "file:/run/secrets/key.pem), or set key-store, ssl-bundle, credentials-file or "
							+ "pkcs11.*, or declare a JwtBearerSignerResolver bean",
					null);
		}
		if (sources.size() > 1) {
			throw new InvalidJwtBearerRegistrationException(id, sources.get(1),
					"more than one signing key is configured: " + String.join(", ", sources),
					"Keep exactly one of private-key, key-store, ssl-bundle and credentials-file", null);
		}
		return sources.get(0);
	}

	private JwtSigningKey withCertificate(String id, Registration properties, JwtSigningKey key) {
		if (!StringUtils.hasText(properties.getCertificate())) {
			return key;
		}
		try {
			return JwtSigningKey.of(key.getPrivateKey(),
					SigningKeys.certificateFromPem(pemText(id, "certificate", properties.getCertificate())),
					key.getKeyId());
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "certificate", ex.getMessage(),
					"Set certificate to the certificate of the signing key, the one uploaded to the provider", ex);
		}
	}

	private JwtSigningKey sslBundleKey(String id, Registration properties) {
		String name = Objects.requireNonNull(properties.getSslBundle());
		SslBundle bundle = sslBundle(this.sslBundles, id, "ssl-bundle", name);
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			throw new InvalidJwtBearerRegistrationException(id, "ssl-bundle",
					"SSL bundle '" + name + "' has no key store", "Give the bundle a keystore with the signing key",
					null);
		}
		String password = StringUtils.hasText(bundle.getKey().getPassword()) ? bundle.getKey().getPassword()
				: bundle.getStores().getKeyStorePassword();
		String alias = StringUtils.hasText(properties.getKeyAlias()) ? properties.getKeyAlias()
				: bundle.getKey().getAlias();
		return SigningKeys.fromKeyStore(keyStore, "the key store of SSL bundle '" + name + "'", alias, password,
				properties.getKeyId());
	}

	/**
	 * Return the SSL bundle a registration property names.
	 * @param sslBundles the application's SSL bundles, or {@code null}
	 * @param id the registration id
	 * @param property the property that names the bundle
	 * @param name the bundle name
	 * @return the bundle
	 * @throws InvalidJwtBearerRegistrationException if there is no such bundle
	 */
	static SslBundle sslBundle(@Nullable SslBundles sslBundles, String id, String property, String name) {
		if (sslBundles == null) {
			throw new InvalidJwtBearerRegistrationException(id, property,
					property + " '" + name + "' is set but the application has no SSL bundles",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name,
					null);
		}
		try {
			return sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidJwtBearerRegistrationException(id, property, "there is no SSL bundle '" + name + "'",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or correct the name",
					ex);
		}
	}

	/**
	 * Return the resource a location names, as the application's resource loader reads
	 * it, except for a bare path (no {@code file:}, {@code classpath:} or URL prefix),
	 * which that loader reads from the class path or, in a web application, from the
	 * servlet context: an absolute one that names an existing file is that file.
	 * @param id the registration id
	 * @param property the property that holds the location
	 * @param location the location
	 * @return the resource
	 * @throws InvalidJwtBearerRegistrationException if a bare path names neither a file
	 * nor a resource of the application
	 */
	Resource resource(String id, String property, String location) {
		String value = location.strip();
		Resource resource = this.resourceLoader.getResource(value);
		if (ResourceUtils.isUrl(value)) {
			return resource;
		}
		Path file = absolutePath(value);
		if (file != null && Files.isRegularFile(file)) {
			return new FileSystemResource(file);
		}
		if (!resource.exists()) {
			refuseKeyMaterial(id, property, value);
			throw new InvalidJwtBearerRegistrationException(id, property,
					property + " names " + value + ", which is neither an existing file nor a resource of the "
							+ "application",
					"Write file: before a file path, as in file:/run/secrets/key.pem (without a prefix the location is "
							+ "read from the class path, or from the web application), or correct the path",
					null);
		}
		return resource;
	}

	private static @Nullable Path absolutePath(String value) {
		try {
			Path path = Path.of(value);
			return path.isAbsolute() ? path : null;
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	// a value that names no resource and looks like key material is refused without
	// being echoed: it may be the key itself, pasted where a location belongs or with
	// its armour damaged
	private static void refuseKeyMaterial(String id, String property, String value) {
		KeyMaterialShape shape = KeyMaterialShape.of(value);
		if (shape != null) {
			throw new InvalidJwtBearerRegistrationException(id, property,
					shape.reason(property) + " (the value is not shown: it may be a secret)", shape.action(property),
					null);
		}
	}

	// PEM text as it is, or the text of the resource the value names
	private String pemText(String id, String property, String value) {
		if (value.contains("-----BEGIN")) {
			return value;
		}
		Resource resource = resource(id, property, value);
		if (!resource.exists()) {
			throw new InvalidJwtBearerRegistrationException(id, property,
					property + " names " + resource.getDescription() + ", which does not exist",
					"Set " + property + " to a readable location such as file:/run/secrets/key.pem, or to PEM text",
					null);
		}
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new InvalidJwtBearerRegistrationException(id, property,
					"cannot read " + resource.getDescription() + " (" + ex.getClass().getSimpleName() + ")",
					"Make the file readable by the application, or set " + property + " to PEM text", ex);
		}
	}

}
