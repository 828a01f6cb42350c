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
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtBearerClaimsCustomizer;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.assertion.SigningKeyException;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.ClientAuthentication;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Registration;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.log.LogMessage;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.StringUtils;

/**
 * Maps {@link JwtBearerProperties} to {@link JwtBearerRegistration}s: applies the
 * provider presets, loads the signing keys and checks every registration, failing with an
 * {@link InvalidJwtBearerRegistrationException} that names the property and the fix.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerRegistrationMapper {

	private static final Log logger = LogFactory.getLog(JwtBearerRegistrationMapper.class);

	private static final Duration DEFAULT_ASSERTION_LIFETIME = Duration.ofMinutes(2);

	private static final int CERTIFICATE_EXPIRY_WARNING_DAYS = 30;

	private final JwtBearerProperties properties;

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	private final JwtBearerClaimsCustomizer claimsCustomizer;

	private final Clock clock;

	private final boolean subjectResolved;

	/**
	 * Create a mapper.
	 * @param properties the properties to map
	 * @param resourceLoader the loader of key, certificate and credentials locations
	 * @param sslBundles the SSL bundles, for registrations that name one, or {@code null}
	 * @param claimsCustomizer the customizer applied to the claims of every assertion
	 * @param clock the clock that dates assertions
	 * @param subjectResolved whether a {@code JwtBearerSubjectResolver} picks the subject
	 * per call, making the configured {@code subject} optional
	 */
	public JwtBearerRegistrationMapper(JwtBearerProperties properties, ResourceLoader resourceLoader,
			@Nullable SslBundles sslBundles, JwtBearerClaimsCustomizer claimsCustomizer, Clock clock,
			boolean subjectResolved) {
		this.properties = properties;
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
		this.claimsCustomizer = claimsCustomizer;
		this.clock = clock;
		this.subjectResolved = subjectResolved;
	}

	/**
	 * Map every registration.
	 * @return the registrations, in the order they are configured
	 * @throws InvalidJwtBearerRegistrationException if a registration cannot work
	 */
	public List<JwtBearerRegistration> asRegistrations() {
		List<JwtBearerRegistration> registrations = new ArrayList<>();
		this.properties.getRegistration().forEach((id, registration) -> registrations.add(map(id, registration)));
		return registrations;
	}

	private JwtBearerRegistration map(String id, Registration properties) {
		JwtBearerProvider provider = properties.getProvider();
		GoogleServiceAccount serviceAccount = (properties.getCredentialsFile() != null)
				? googleServiceAccount(id, properties.getCredentialsFile()) : null;
		String clientId = firstText(properties.getClientId(),
				(serviceAccount != null) ? serviceAccount.clientEmail() : null);
		require(id, "client-id", clientId, "set client-id to the OAuth client id"
				+ (provider.isSalesforce() ? " (the consumer key of the Salesforce app)" : ""));
		if (!StringUtils.hasText(properties.getSubject()) && provider != JwtBearerProvider.GOOGLE
				&& !this.subjectResolved) {
			throw new InvalidJwtBearerRegistrationException(id, "subject", "no subject is configured",
					"Set subject to the user the application acts as"
							+ (provider.isSalesforce() ? " (a Salesforce username pre-authorized for the app)" : "")
							+ ", or declare a JwtBearerSubjectResolver bean that picks it per call",
					null);
		}
		String tokenUri = firstText(properties.getTokenUri(),
				(serviceAccount != null) ? serviceAccount.tokenUri() : null, provider.getTokenUri());
		require(id, "token-uri", tokenUri, "set token-uri to the token endpoint of the authorization server, "
				+ "or choose a provider preset (salesforce, salesforce-sandbox, google)");
		checkTokenUri(id, tokenUri, properties.isAllowInsecureTokenUri());
		SignatureAlgorithm algorithm = properties.getAlgorithm();
		if (provider.isRs256Only() && algorithm != SignatureAlgorithm.RS256) {
			throw new InvalidJwtBearerRegistrationException(id, "algorithm",
					"provider " + providerName(provider) + " accepts RS256 only, not " + algorithm.getName(),
					"Remove algorithm, or set it to RS256, and use an RSA key of at least 2048 bits", null);
		}
		Duration assertionLifetime = assertionLifetime(id, properties, provider);
		JwtSigningKey signingKey = signingKey(id, properties, serviceAccount);
		checkCertificateValidity(id, properties, signingKey);
		String audience = firstText(properties.getAudience(), provider.getAudience(), tokenUri);
		ClientRegistration clientRegistration = clientRegistration(id, properties, provider, clientId, tokenUri);
		JwtAssertionMinter minter = minter(id, properties, provider, signingKey, algorithm, clientId, audience,
				assertionLifetime);
		return JwtBearerRegistration.withClientRegistration(clientRegistration, minter)
			.subject(StringUtils.hasText(properties.getSubject()) ? properties.getSubject() : null)
			.providerName(providerName(provider))
			.tokenLifetime((properties.getTokenLifetime() != null) ? properties.getTokenLifetime()
					: provider.getTokenLifetime())
			.clockSkew(properties.getClockSkew())
			.refreshBeforeExpiry(properties.getRefreshBeforeExpiry())
			.connectTimeout(properties.getConnectTimeout())
			.readTimeout(properties.getReadTimeout())
			.instanceUrlBaseUrl(provider.isSalesforce())
			.build();
	}

	private ClientRegistration clientRegistration(String id, Registration properties, JwtBearerProvider provider,
			String clientId, String tokenUri) {
		ClientAuthentication authentication = properties.getClientAuthenticationMethod();
		if (authentication != ClientAuthentication.NONE && !StringUtils.hasText(properties.getClientSecret())) {
			throw new InvalidJwtBearerRegistrationException(id, "client-secret",
					"client-authentication-method " + authentication.name().toLowerCase(Locale.ROOT)
							+ " needs a client secret",
					"Set client-secret, or set client-authentication-method to none", null);
		}
		ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(id)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.clientId(clientId)
			.clientAuthenticationMethod(new ClientAuthenticationMethod(authentication.name().toLowerCase(Locale.ROOT)))
			.tokenUri(tokenUri)
			.clientName(id);
		if (StringUtils.hasText(properties.getClientSecret())) {
			builder.clientSecret(properties.getClientSecret());
		}
		if (!provider.isScopeAsClaim() && !properties.getScope().isEmpty()) {
			builder.scope(properties.getScope());
		}
		return builder.build();
	}

	private JwtAssertionMinter minter(String id, Registration properties, JwtBearerProvider provider,
			JwtSigningKey signingKey, SignatureAlgorithm algorithm, String clientId, String audience,
			Duration assertionLifetime) {
		Map<String, Object> claims = new LinkedHashMap<>(properties.getClaims());
		try {
			return JwtAssertionMinter.withSigningKey(id, signingKey)
				.algorithm(algorithm)
				.issuer(firstText(properties.getIssuer(), clientId))
				.audience(audience)
				.lifetime(assertionLifetime)
				.claims(claims)
				.scopeClaim(provider.isScopeAsClaim() ? properties.getScope() : null)
				.claimsCustomizer(this.claimsCustomizer)
				.clock(this.clock)
				.build();
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "algorithm", ex.getMessage(),
					"Set algorithm to one that fits the key, or configure a key that fits " + algorithm.getName(), ex);
		}
	}

	private Duration assertionLifetime(String id, Registration properties, JwtBearerProvider provider) {
		Duration max = provider.getMaxAssertionLifetime();
		Duration lifetime = properties.getAssertionLifetime();
		if (lifetime == null) {
			return (max != null && max.compareTo(DEFAULT_ASSERTION_LIFETIME) < 0) ? max : DEFAULT_ASSERTION_LIFETIME;
		}
		if (lifetime.isNegative() || lifetime.getSeconds() < 1) {
			throw new InvalidJwtBearerRegistrationException(id, "assertion-lifetime",
					"assertion-lifetime must be at least one second, not " + lifetime,
					"Remove assertion-lifetime to use the default of " + DEFAULT_ASSERTION_LIFETIME.toMinutes()
							+ " minutes",
					null);
		}
		if (max != null && lifetime.compareTo(max) > 0) {
			throw new InvalidJwtBearerRegistrationException(id, "assertion-lifetime",
					"assertion-lifetime " + lifetime.toSeconds() + "s exceeds the " + max.toSeconds()
							+ "s that provider " + providerName(provider) + " accepts",
					"Set assertion-lifetime to at most " + max.toSeconds() + "s, or remove it", null);
		}
		return lifetime;
	}

	private JwtSigningKey signingKey(String id, Registration properties,
			@Nullable GoogleServiceAccount serviceAccount) {
		List<String> sources = new ArrayList<>();
		if (StringUtils.hasText(properties.getPrivateKey())) {
			sources.add("private-key");
		}
		if (properties.getKeyStore() != null) {
			sources.add("key-store");
		}
		if (StringUtils.hasText(properties.getSslBundle())) {
			sources.add("ssl-bundle");
		}
		if (serviceAccount != null) {
			sources.add("credentials-file");
		}
		if (sources.isEmpty()) {
			throw new InvalidJwtBearerRegistrationException(id, "private-key", "no signing key is configured",
					"Set private-key to the PEM key whose certificate the provider holds (for example "
							+ "file:/run/secrets/key.pem), or set key-store, ssl-bundle or credentials-file",
					null);
		}
		if (sources.size() > 1) {
			throw new InvalidJwtBearerRegistrationException(id, sources.get(1),
					"more than one signing key is configured: " + String.join(", ", sources),
					"Keep exactly one of private-key, key-store, ssl-bundle and credentials-file", null);
		}
		String source = sources.get(0);
		try {
			JwtSigningKey key = switch (source) {
				case "private-key" -> SigningKeys.fromPem(pemText(id, "private-key", properties.getPrivateKey()),
						properties.getPrivateKeyPassword(), null, properties.getKeyId());
				case "key-store" -> SigningKeys.fromKeyStore(properties.getKeyStore(), properties.getKeyStoreType(),
						properties.getKeyStorePassword(), properties.getKeyAlias(), properties.getKeyPassword(),
						properties.getKeyId());
				case "ssl-bundle" -> sslBundleKey(id, properties);
				default -> serviceAccount.signingKey();
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

	// A provider refuses assertions once the certificate it holds has expired
	// (Salesforce: "invalid assertion"): the configured certificate is that one, a key
	// store's may not be
	private void checkCertificateValidity(String id, Registration properties, JwtSigningKey key) {
		X509Certificate certificate = key.getCertificate();
		if (certificate == null) {
			return;
		}
		Instant now = this.clock.instant();
		Instant notAfter = certificate.getNotAfter().toInstant();
		String subject = certificate.getSubjectX500Principal().getName();
		if (!now.isBefore(notAfter)) {
			if (StringUtils.hasText(properties.getCertificate())) {
				throw new InvalidJwtBearerRegistrationException(id, "certificate",
						"certificate " + subject + " expired on " + notAfter
								+ ", so the provider refuses assertions signed for it",
						"Create a new certificate for the signing key (or a new key pair), upload it to the provider, "
								+ "and set certificate (and private-key) to it",
						null);
			}
			logger.warn(LogMessage.format(
					"The certificate %s of the signing key of JWT bearer registration '%s' expired on %s: if the "
							+ "provider holds this certificate, it refuses every assertion; upload a new one",
					subject, id, notAfter));
			return;
		}
		long daysLeft = Duration.between(now, notAfter).toDays();
		if (daysLeft < CERTIFICATE_EXPIRY_WARNING_DAYS) {
			logger.warn(LogMessage
				.format("The certificate %s of JWT bearer registration '%s' expires in %d day%s, on %s: upload a new "
						+ "certificate to the provider and configure it (with its key) before then, or token "
						+ "requests fail", subject, id, daysLeft, (daysLeft != 1) ? "s" : "", notAfter));
		}
	}

	private JwtSigningKey sslBundleKey(String id, Registration properties) {
		String name = properties.getSslBundle();
		if (this.sslBundles == null) {
			throw new InvalidJwtBearerRegistrationException(id, "ssl-bundle",
					"ssl-bundle '" + name + "' is set but the application has no SSL bundles",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name,
					null);
		}
		SslBundle bundle;
		try {
			bundle = this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "ssl-bundle", "there is no SSL bundle '" + name + "'",
					"Configure the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or correct the name",
					ex);
		}
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			throw new InvalidJwtBearerRegistrationException(id, "ssl-bundle",
					"SSL bundle '" + name + "' has no key store", "Give the bundle a keystore with the signing key",
					null);
		}
		String password = firstText(bundle.getKey().getPassword(), bundle.getStores().getKeyStorePassword());
		return SigningKeys.fromKeyStore(keyStore, "the key store of SSL bundle '" + name + "'",
				firstText(properties.getKeyAlias(), bundle.getKey().getAlias()), password, properties.getKeyId());
	}

	private GoogleServiceAccount googleServiceAccount(String id, Resource credentialsFile) {
		try {
			return SigningKeys.fromGoogleCredentials(credentialsFile);
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "credentials-file", ex.getMessage(),
					"Set credentials-file to the service account's JSON key file, for example "
							+ "file:/run/secrets/service-account.json",
					ex);
		}
	}

	// PEM text as it is, or the text of the resource the value names
	private String pemText(String id, String property, String value) {
		if (value.contains("-----BEGIN")) {
			return value;
		}
		Resource resource = this.resourceLoader.getResource(value.strip());
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

	// RFC 6749 section 3.2: the token endpoint MUST use TLS; loopback is allowed for
	// local development and tests, plain http elsewhere only when the user says so with
	// a property that names the risk
	private static void checkTokenUri(String id, String tokenUri, boolean allowInsecure) {
		URI uri;
		try {
			uri = new URI(tokenUri);
		}
		catch (URISyntaxException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "token-uri", "token-uri is not a valid URI",
					"Set token-uri to an absolute https URL such as https://login.salesforce.com/services/oauth2/token",
					ex);
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			throw new InvalidJwtBearerRegistrationException(id, "token-uri", "token-uri is not an absolute URL",
					"Set token-uri to an absolute https URL such as https://login.salesforce.com/services/oauth2/token",
					null);
		}
		if ("https".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
			return;
		}
		if (allowInsecure && "http".equalsIgnoreCase(uri.getScheme())) {
			logger.warn(LogMessage.format(
					"JWT bearer registration '%s' sends its signed assertions to %s and receives its tokens in clear "
							+ "text, as %s allows",
					id, tokenUri, InvalidJwtBearerRegistrationException.propertyName(id, "allow-insecure-token-uri")));
			return;
		}
		throw new InvalidJwtBearerRegistrationException(id, "token-uri",
				"token-uri uses " + uri.getScheme() + ", which would send the signed assertion and the token "
						+ "in clear text",
				"Use an https token endpoint (plain http is accepted for loopback addresses only, and elsewhere "
						+ "with " + InvalidJwtBearerRegistrationException.propertyName(id, "allow-insecure-token-uri")
						+ "=true, for a test network that nobody else can listen to)",
				null);
	}

	private static boolean isLoopback(String host) {
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		// only IP literals are judged: a name is never resolved here
		if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
			return false;
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static void require(String id, String property, @Nullable String value, String action) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJwtBearerRegistrationException(id, property, "no " + property + " is configured",
					StringUtils.capitalize(action), null);
		}
	}

	private static String providerName(JwtBearerProvider provider) {
		return provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static @Nullable String firstText(@Nullable String... values) {
		for (String value : values) {
			if (StringUtils.hasText(value)) {
				return value;
			}
		}
		return null;
	}

}
