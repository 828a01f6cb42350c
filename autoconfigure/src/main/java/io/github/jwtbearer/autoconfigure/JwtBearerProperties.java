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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.jwtbearer.client.TokenRequestRetry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * Configuration properties for the JWT bearer grant.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "jwt-bearer", ignoreUnknownFields = false)
public class JwtBearerProperties {

	/**
	 * JWT bearer registrations, by registration id (the id used with
	 * {@code @ClientRegistrationId}).
	 */
	private final Map<String, Registration> registration = new LinkedHashMap<>();

	private final TokenStore tokenStore = new TokenStore();

	private final Retry retry = new Retry();

	/**
	 * Longest time the revocation of tokens on shutdown may take, all registrations
	 * together: what is left unrevoked then is given up, so that shutdown never hangs.
	 */
	private Duration revocationTimeout = Duration.ofSeconds(5);

	public Map<String, Registration> getRegistration() {
		return this.registration;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public TokenStore getTokenStore() {
		return this.tokenStore;
	}

	public Duration getRevocationTimeout() {
		return this.revocationTimeout;
	}

	public void setRevocationTimeout(Duration revocationTimeout) {
		this.revocationTimeout = revocationTimeout;
	}

	/**
	 * Retries of token requests that fail with a server error (5xx), 408, 429 or an I/O
	 * error. OAuth errors are never retried.
	 */
	public static class Retry {

		/**
		 * Number of attempts of a token request, the first included; 1 disables retries.
		 */
		private int maxAttempts = 3;

		/**
		 * Delay before the first retry.
		 */
		private Duration initialDelay = Duration.ofMillis(500);

		/**
		 * Factor applied to the delay after each retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay computed by the backoff.
		 */
		private Duration maxDelay = Duration.ofSeconds(5);

		/**
		 * Random variation added to each delay.
		 */
		private Duration jitter = Duration.ofMillis(100);

		/**
		 * Longest 'Retry-After' honoured; a longer one ends the retries.
		 */
		private Duration maxRetryAfter = Duration.ofSeconds(10);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		TokenRequestRetry toTokenRequestRetry() {
			return new TokenRequestRetry(this.maxAttempts, this.initialDelay, this.multiplier, this.maxDelay,
					this.jitter, this.maxRetryAfter);
		}

	}

	/**
	 * The in-memory store of access tokens, one per registration and subject.
	 */
	public static class TokenStore {

		/**
		 * Maximum number of tokens kept; past it, those least likely to be used again are
		 * dropped.
		 */
		private int maxSize = 10_000;

		/**
		 * Where tokens are kept: 'memory' (each replica its own), or shared by the
		 * replicas of the application in 'redis' (Boot's spring.data.redis.*) or 'jdbc'
		 * (Boot's DataSource). A shared store needs an encryption-key.
		 */
		private Type type = Type.MEMORY;

		/**
		 * Database schema initialization mode of the JDBC token store (type jdbc), as
		 * Boot's own JDBC stores have it: embedded, always or never.
		 */
		private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

		/**
		 * Base64 AES key (128, 192 or 256 bits) that encrypts tokens at rest in a shared
		 * store; the same on every replica. Make one with 'openssl rand -base64 32'.
		 */
		private @Nullable String encryptionKey;

		/**
		 * How long one replica may hold the fleet's token request before another replica
		 * takes over; a few seconds above the token request's connect and read timeouts.
		 */
		private Duration leaseTimeout = Duration.ofSeconds(25);

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public SchemaInitialization getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(SchemaInitialization initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public Duration getLeaseTimeout() {
			return this.leaseTimeout;
		}

		public void setLeaseTimeout(Duration leaseTimeout) {
			this.leaseTimeout = leaseTimeout;
		}

		/**
		 * Where tokens are kept.
		 */
		public enum Type {

			/**
			 * In the memory of each replica.
			 */
			MEMORY,

			/**
			 * In Redis, shared by the replicas.
			 */
			REDIS,

			/**
			 * In a SQL database, shared by the replicas.
			 */
			JDBC

		}

		/**
		 * When the JDBC token store creates its tables: the values of Spring Boot's
		 * {@code DatabaseInitializationMode}, which this class cannot name because Spring
		 * Boot's SQL support is optional.
		 */
		public enum SchemaInitialization {

			/**
			 * Only for an embedded database.
			 */
			EMBEDDED,

			/**
			 * Always.
			 */
			ALWAYS,

			/**
			 * Never.
			 */
			NEVER

		}

	}

	/**
	 * A JWT bearer registration.
	 */
	public static class Registration {

		/**
		 * Provider preset that fills in the token URI, audience and limits.
		 */
		private JwtBearerProvider provider = JwtBearerProvider.GENERIC;

		/**
		 * OAuth client id (Salesforce: the consumer key); also the assertion's issuer
		 * unless 'issuer' is set.
		 */
		private @Nullable String clientId;

		/**
		 * Issuer ('iss' claim) of the assertion. Defaults to the client id.
		 */
		private @Nullable String issuer;

		/**
		 * Subject ('sub' claim) of the assertion: the user or account to act as.
		 */
		private @Nullable String subject;

		/**
		 * Audience ('aud' claim) of the assertion, sent as a single string. Defaults to
		 * the provider's login URL for Salesforce, and to the token URI otherwise.
		 */
		private @Nullable String audience;

		/**
		 * Token endpoint. Defaults to the provider's token endpoint; required with the
		 * generic provider.
		 */
		private @Nullable String tokenUri;

		/**
		 * Whether to accept a plain-http token URI on a host other than a loopback
		 * address. Insecure: the signed assertion and the access token travel in clear
		 * text, for anyone on the network to read and replay. Only for a test network
		 * that nobody else can listen to.
		 */
		private boolean allowInsecureTokenUri;

		/**
		 * Domains, besides those of the provider preset, whose hosts the token response's
		 * instance_url may name; a domain admits itself and its subdomains. With the
		 * salesforce presets, instance_url must be under salesforce.com, force.com, or
		 * cloudforce.com unless listed here; with the other presets, any host is accepted
		 * until one is listed. A token whose instance_url names another host, is not
		 * https (loopback aside) or carries user information is refused.
		 */
		private List<String> instanceUrlHosts = new ArrayList<>();

		/**
		 * Scopes to request: a request parameter, or with the google provider the 'scope'
		 * claim of the assertion.
		 */
		private List<String> scope = new ArrayList<>();

		/**
		 * Extra claims added to every assertion.
		 */
		private Map<String, String> claims = new LinkedHashMap<>();

		/**
		 * Algorithm that signs the assertion.
		 */
		private SignatureAlgorithm algorithm = SignatureAlgorithm.RS256;

		/**
		 * Key id sent as the 'kid' header of the assertion.
		 */
		private @Nullable String keyId;

		/**
		 * Private key that signs the assertion: a resource location (such as
		 * 'file:/run/secrets/key.pem' or 'classpath:key.pem'; a bare absolute path naming
		 * an existing file is that file) or PEM text. PKCS#8, PKCS#1 RSA, SEC1 EC and
		 * encrypted PKCS#8 are supported.
		 */
		private @Nullable String privateKey;

		/**
		 * Password of an encrypted PKCS#8 private key.
		 */
		private @Nullable String privateKeyPassword;

		/**
		 * Key store holding the signing key: a resource location of a PKCS#12 or JKS file
		 * (such as 'file:/run/secrets/key.p12'; a bare absolute path naming an existing
		 * file is that file).
		 */
		private @Nullable String keyStore;

		/**
		 * Type of the key store, 'PKCS12' or 'JKS'. Inferred from the file name when not
		 * set.
		 */
		private @Nullable String keyStoreType;

		/**
		 * Password of the key store.
		 */
		private @Nullable String keyStorePassword;

		/**
		 * Alias of the signing key in the key store. Optional when the store holds a
		 * single key.
		 */
		private @Nullable String keyAlias;

		/**
		 * Password of the signing key in the key store. Defaults to the key store
		 * password.
		 */
		private @Nullable String keyPassword;

		/**
		 * Name of an SSL bundle ('spring.ssl.bundle.*') whose key signs the assertion.
		 */
		private @Nullable String sslBundle;

		/**
		 * Certificate of the signing key, as a resource location or PEM text: checked
		 * against the key, and sent as the 'x5t#S256' header.
		 */
		private @Nullable String certificate;

		/**
		 * Google service-account JSON key file; gives the client id, key, key id and
		 * token URI.
		 */
		private @Nullable String credentialsFile;

		/**
		 * Whether to watch the key file, key store, certificate, credentials file or SSL
		 * bundle, and sign with the new key once it changes. A new key that cannot be
		 * read, or whose certificate does not match it, is refused and the current key
		 * keeps signing.
		 */
		private boolean reloadOnUpdate;

		/**
		 * Signing key inside a PKCS#11 token (a hardware security module), which signs
		 * without the key ever leaving it.
		 */
		private final Pkcs11 pkcs11 = new Pkcs11();

		/**
		 * Lifetime of each assertion ('exp' - 'iat').
		 */
		private @Nullable Duration assertionLifetime;

		/**
		 * How the client authenticates at the token endpoint besides the assertion:
		 * 'none', 'client_secret_basic', 'client_secret_post', or 'private_key_jwt' (a
		 * client assertion signed with the registration's key).
		 */
		private ClientAuthentication clientAuthenticationMethod = ClientAuthentication.NONE;

		/**
		 * Client secret, for the 'client_secret_basic' and 'client_secret_post'
		 * authentication methods.
		 */
		private @Nullable String clientSecret;

		/**
		 * Lifetime assumed for an access token whose response has no 'expires_in'.
		 * Defaults to 15 minutes.
		 */
		private @Nullable Duration tokenLifetime;

		/**
		 * How long before expiry an access token is renewed.
		 */
		private Duration refreshBeforeExpiry = Duration.ofSeconds(60);

		/**
		 * Tolerance for clock differences when judging whether an access token has
		 * expired.
		 */
		private Duration clockSkew = Duration.ofSeconds(60);

		/**
		 * Connect timeout of token requests.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Read timeout of token requests.
		 */
		private Duration readTimeout = Duration.ofSeconds(15);

		/**
		 * Name of an SSL bundle ('spring.ssl.bundle.*') for the connection to the token
		 * endpoint: its trust material verifies the endpoint's certificate, and its key,
		 * if it has one, authenticates the client with mutual TLS.
		 */
		private @Nullable String tokenEndpointSslBundle;

		/**
		 * Most token requests one subject may send in any hour, retries included; past
		 * it, token requests fail at once instead of reaching the token endpoint. 1000
		 * for the Salesforce presets (Salesforce locks a user out after about 3,600
		 * logins an hour), none for the others; 0 for none.
		 */
		private @Nullable Integer maxTokenRequestsPerHour;

		/**
		 * How long callers get a permanent OAuth error (such as 'invalid_grant') again
		 * without a new token request; 0 for none.
		 */
		private Duration errorCooldown = Duration.ofSeconds(30);

		/**
		 * Whether to revoke the live tokens of this registration when the application
		 * stops.
		 */
		private boolean revokeOnShutdown;

		/**
		 * Revocation endpoint (RFC 7009). Salesforce presets default to
		 * '/services/oauth2/revoke' on the token-uri's host, 'google' to Google's;
		 * generic providers need it for revoke-on-shutdown.
		 */
		private @Nullable String revocationUri;

		/**
		 * Whether to obtain the token in the background once the application has started,
		 * so that the first call finds it ready.
		 */
		private boolean prefetchOnStartup;

		public JwtBearerProvider getProvider() {
			return this.provider;
		}

		public void setProvider(JwtBearerProvider provider) {
			this.provider = provider;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public @Nullable String getSubject() {
			return this.subject;
		}

		public void setSubject(@Nullable String subject) {
			this.subject = subject;
		}

		public @Nullable String getAudience() {
			return this.audience;
		}

		public void setAudience(@Nullable String audience) {
			this.audience = audience;
		}

		public @Nullable String getTokenUri() {
			return this.tokenUri;
		}

		public void setTokenUri(@Nullable String tokenUri) {
			this.tokenUri = tokenUri;
		}

		public boolean isAllowInsecureTokenUri() {
			return this.allowInsecureTokenUri;
		}

		public void setAllowInsecureTokenUri(boolean allowInsecureTokenUri) {
			this.allowInsecureTokenUri = allowInsecureTokenUri;
		}

		public List<String> getInstanceUrlHosts() {
			return this.instanceUrlHosts;
		}

		public void setInstanceUrlHosts(List<String> instanceUrlHosts) {
			this.instanceUrlHosts = instanceUrlHosts;
		}

		public List<String> getScope() {
			return this.scope;
		}

		public void setScope(List<String> scope) {
			this.scope = scope;
		}

		public Map<String, String> getClaims() {
			return this.claims;
		}

		public void setClaims(Map<String, String> claims) {
			this.claims = claims;
		}

		public SignatureAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(SignatureAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(@Nullable String keyId) {
			this.keyId = keyId;
		}

		public @Nullable String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable String privateKey) {
			this.privateKey = privateKey;
		}

		public @Nullable String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public @Nullable String getKeyStore() {
			return this.keyStore;
		}

		public void setKeyStore(@Nullable String keyStore) {
			this.keyStore = keyStore;
		}

		public @Nullable String getKeyStoreType() {
			return this.keyStoreType;
		}

		public void setKeyStoreType(@Nullable String keyStoreType) {
			this.keyStoreType = keyStoreType;
		}

		public @Nullable String getKeyStorePassword() {
			return this.keyStorePassword;
		}

		public void setKeyStorePassword(@Nullable String keyStorePassword) {
			this.keyStorePassword = keyStorePassword;
		}

		public @Nullable String getKeyAlias() {
			return this.keyAlias;
		}

		public void setKeyAlias(@Nullable String keyAlias) {
			this.keyAlias = keyAlias;
		}

		public @Nullable String getKeyPassword() {
			return this.keyPassword;
		}

		public void setKeyPassword(@Nullable String keyPassword) {
			this.keyPassword = keyPassword;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public boolean isRevokeOnShutdown() {
			return this.revokeOnShutdown;
		}

		public void setRevokeOnShutdown(boolean revokeOnShutdown) {
			this.revokeOnShutdown = revokeOnShutdown;
		}

		public @Nullable String getRevocationUri() {
			return this.revocationUri;
		}

		public void setRevocationUri(@Nullable String revocationUri) {
			this.revocationUri = revocationUri;
		}

		public boolean isPrefetchOnStartup() {
			return this.prefetchOnStartup;
		}

		public void setPrefetchOnStartup(boolean prefetchOnStartup) {
			this.prefetchOnStartup = prefetchOnStartup;
		}

		public @Nullable String getTokenEndpointSslBundle() {
			return this.tokenEndpointSslBundle;
		}

		public void setTokenEndpointSslBundle(@Nullable String tokenEndpointSslBundle) {
			this.tokenEndpointSslBundle = tokenEndpointSslBundle;
		}

		public @Nullable Integer getMaxTokenRequestsPerHour() {
			return this.maxTokenRequestsPerHour;
		}

		public void setMaxTokenRequestsPerHour(@Nullable Integer maxTokenRequestsPerHour) {
			this.maxTokenRequestsPerHour = maxTokenRequestsPerHour;
		}

		public Duration getErrorCooldown() {
			return this.errorCooldown;
		}

		public void setErrorCooldown(Duration errorCooldown) {
			this.errorCooldown = errorCooldown;
		}

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getCredentialsFile() {
			return this.credentialsFile;
		}

		public void setCredentialsFile(@Nullable String credentialsFile) {
			this.credentialsFile = credentialsFile;
		}

		public boolean isReloadOnUpdate() {
			return this.reloadOnUpdate;
		}

		public void setReloadOnUpdate(boolean reloadOnUpdate) {
			this.reloadOnUpdate = reloadOnUpdate;
		}

		public Pkcs11 getPkcs11() {
			return this.pkcs11;
		}

		public @Nullable Duration getAssertionLifetime() {
			return this.assertionLifetime;
		}

		public void setAssertionLifetime(@Nullable Duration assertionLifetime) {
			this.assertionLifetime = assertionLifetime;
		}

		public ClientAuthentication getClientAuthenticationMethod() {
			return this.clientAuthenticationMethod;
		}

		public void setClientAuthenticationMethod(ClientAuthentication clientAuthenticationMethod) {
			this.clientAuthenticationMethod = clientAuthenticationMethod;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable Duration getTokenLifetime() {
			return this.tokenLifetime;
		}

		public void setTokenLifetime(@Nullable Duration tokenLifetime) {
			this.tokenLifetime = tokenLifetime;
		}

		public Duration getRefreshBeforeExpiry() {
			return this.refreshBeforeExpiry;
		}

		public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		// Secrets never reach a log line: only what identifies the registration is shown
		@Override
		public String toString() {
			return "Registration[provider=" + this.provider + ", clientId=" + this.clientId + ", subject="
					+ this.subject + ", tokenUri=" + this.tokenUri + ", algorithm=" + this.algorithm + "]";
		}

	}

	/**
	 * A signing key inside a PKCS#11 token, opened through the JDK's SunPKCS11 provider.
	 */
	public static class Pkcs11 {

		/**
		 * Path of the token's PKCS#11 module (a shared library), such as
		 * '/usr/lib/softhsm/libsofthsm2.so'.
		 */
		private @Nullable String library;

		/**
		 * Index of the token's slot among the slots of the module that hold a token.
		 */
		private int slotListIndex;

		/**
		 * User PIN of the token.
		 */
		private @Nullable String pin;

		/**
		 * Label of the private key in the token: its alias in the JDK's PKCS#11 key
		 * store, the label of the key's certificate.
		 */
		private @Nullable String keyLabel;

		public @Nullable String getLibrary() {
			return this.library;
		}

		public void setLibrary(@Nullable String library) {
			this.library = library;
		}

		public int getSlotListIndex() {
			return this.slotListIndex;
		}

		public void setSlotListIndex(int slotListIndex) {
			this.slotListIndex = slotListIndex;
		}

		public @Nullable String getPin() {
			return this.pin;
		}

		public void setPin(@Nullable String pin) {
			this.pin = pin;
		}

		public @Nullable String getKeyLabel() {
			return this.keyLabel;
		}

		public void setKeyLabel(@Nullable String keyLabel) {
			this.keyLabel = keyLabel;
		}

		// the PIN never reaches a log line
		@Override
		public String toString() {
			return "Pkcs11[library=" + this.library + ", slotListIndex=" + this.slotListIndex + ", keyLabel="
					+ this.keyLabel + "]";
		}

	}

	/**
	 * Client authentication methods at the token endpoint.
	 */
	public enum ClientAuthentication {

		/**
		 * The assertion alone authenticates the client (RFC 7523 section 2.1).
		 */
		NONE,

		/**
		 * HTTP Basic authentication with the client id and secret.
		 */
		CLIENT_SECRET_BASIC,

		/**
		 * The client id and secret as form parameters.
		 */
		CLIENT_SECRET_POST,

		/**
		 * A client assertion signed with the registration's key (RFC 7523 section 2.2).
		 */
		PRIVATE_KEY_JWT

	}

}
