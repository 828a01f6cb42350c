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

package io.github.jwtbearer.assertion;

import java.net.URL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.JwaAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.StringUtils;

/**
 * Mints the signed JWT assertions of one registration (RFC 7523 section 2.1) with Nimbus
 * JOSE. The minter builds the header and the claims; a {@link JwtSigner} signs them: a
 * {@link JwtSigningKey} held in memory, a {@link Pkcs11JwtSigner} or one the application
 * supplies. Each call to {@link #mint(String)} signs a new assertion with a new
 * {@code jti}.
 * <p>
 * The header holds {@code alg}, {@code typ: JWT}, and {@code kid} and {@code x5t#S256}
 * where the signer has them; a {@link JwtBearerClaimsCustomizer} may add to the header
 * and the claims. The claims are {@code iss}, {@code sub}, {@code aud} (always a single
 * string), {@code iat}, {@code exp = iat + lifetime}, {@code jti}, the extra claims, and
 * {@code scope} when scopes are carried as a claim.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtAssertionMinter {

	/**
	 * Algorithms an assertion may be signed with.
	 */
	public static final Set<SignatureAlgorithm> SUPPORTED_ALGORITHMS = Collections
		.unmodifiableSet(EnumSet.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
				SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512, SignatureAlgorithm.ES256,
				SignatureAlgorithm.ES384, SignatureAlgorithm.ES512));

	private final String registrationId;

	private final Supplier<? extends JwtSigner> signers;

	private final SignatureAlgorithm algorithm;

	// the signer last used, with its Nimbus signer and header: built again only when
	// the supplier hands out another signer
	private volatile Signing signing;

	private final String issuer;

	private final String audience;

	private final Duration lifetime;

	private final Map<String, Object> claims;

	private final @Nullable String scope;

	private final JwtBearerClaimsCustomizer claimsCustomizer;

	private final Clock clock;

	private JwtAssertionMinter(Builder builder, String issuer, String audience) {
		this.registrationId = builder.registrationId;
		this.signers = builder.signers;
		this.algorithm = builder.algorithm;
		this.signing = signing(builder.registrationId, builder.algorithm, currentSigner(builder.signers));
		this.issuer = issuer;
		this.audience = audience;
		this.lifetime = builder.lifetime;
		this.claims = Map.copyOf(builder.claims);
		this.scope = CollectionUtils.isEmpty(builder.scopeClaim) ? null
				: StringUtils.collectionToDelimitedString(builder.scopeClaim, " ");
		this.claimsCustomizer = builder.claimsCustomizer;
		this.clock = builder.clock;
	}

	private static Signing signing(String registrationId, SignatureAlgorithm algorithm, JwtSigner signer) {
		JWSSigner jwsSigner = jwsSigner(registrationId, signer, algorithm, JWSAlgorithm.parse(algorithm.getName()));
		Map<String, Object> headers = headers(algorithm, signer).build().getHeaders();
		JWSHeader header = toNimbusHeader(headers);
		return new Signing(signer, jwsSigner, headers, header, Map.copyOf(header.toJSONObject()));
	}

	private static JwsHeader.Builder headers(SignatureAlgorithm algorithm, JwtSigner signer) {
		JwsHeader.Builder headers = JwsHeader.with(algorithm).type(JOSEObjectType.JWT.getType());
		if (signer.getKeyId() != null) {
			headers.keyId(signer.getKeyId());
		}
		X509Certificate certificate = signer.getCertificate();
		if (certificate != null) {
			// RFC 7515 section 4.1.8: base64url of the SHA-256 digest of the DER encoding
			headers.x509SHA256Thumbprint(X509CertUtils.computeSHA256Thumbprint(certificate).toString());
		}
		return headers;
	}

	private static JwtSigner currentSigner(Supplier<? extends JwtSigner> signers) {
		JwtSigner signer = signers.get();
		Assert.state(signer != null, "The signer supplier returned null");
		return signer;
	}

	/**
	 * Start building a minter that signs with the given key.
	 * @param registrationId the registration the assertions are for, named in errors
	 * @param signingKey the key that signs
	 * @return a builder
	 */
	public static Builder withSigningKey(String registrationId, JwtSigningKey signingKey) {
		return withSigner(registrationId, signingKey);
	}

	/**
	 * Start building a minter that signs with the given signer.
	 * @param registrationId the registration the assertions are for, named in errors
	 * @param signer the signer
	 * @return a builder
	 */
	public static Builder withSigner(String registrationId, JwtSigner signer) {
		Assert.notNull(signer, "signer cannot be null");
		return new Builder(registrationId, () -> signer);
	}

	/**
	 * Start building a minter that signs each assertion with the signer the supplier
	 * returns at that moment, as a key that is replaced while the application runs needs.
	 * The header ({@code kid}, {@code x5t#S256}) and the signature of an assertion come
	 * from the same signer. {@link Builder#build()} checks the signer supplied then; a
	 * later signer that does not fit the algorithm fails the assertion it was to sign.
	 * @param registrationId the registration the assertions are for, named in errors
	 * @param signers the supplier of the current signer
	 * @return a builder
	 */
	public static Builder withSigner(String registrationId, Supplier<? extends JwtSigner> signers) {
		Assert.notNull(signers, "signers cannot be null");
		return new Builder(registrationId, signers);
	}

	/**
	 * Mint and sign a new assertion.
	 * @param subject the {@code sub} claim: the user or account to act as, or
	 * {@code null} for none (as for a Google service account acting as itself)
	 * @return the signed assertion, as Spring Security's {@link Jwt}
	 * @throws IllegalStateException if signing fails
	 */
	public Jwt mint(@Nullable String subject) {
		return mint(subject, Duration.ZERO);
	}

	/**
	 * Mint and sign a new assertion dated by the minter's clock moved by the given
	 * offset: the token endpoint's time, when its clock is known to differ from this
	 * host's.
	 * @param subject the {@code sub} claim: the user or account to act as, or
	 * {@code null} for none
	 * @param clockOffset how far the token endpoint's clock is ahead of the minter's
	 * (negative when behind); {@link Duration#ZERO} for the minter's own time
	 * @return the signed assertion, as Spring Security's {@link Jwt}
	 * @throws IllegalStateException if signing fails
	 */
	public Jwt mint(@Nullable String subject, Duration clockOffset) {
		Assert.notNull(clockOffset, "clockOffset cannot be null");
		// RFC 7519 section 4.1.4: NumericDate has a resolution of seconds
		Instant issuedAt = this.clock.instant().plus(clockOffset).truncatedTo(ChronoUnit.SECONDS);
		// RFC 7523 section 3: the JWT MUST contain an "exp" claim
		Instant expiresAt = issuedAt.plus(this.lifetime);
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
		builder.claims((claims) -> claims.putAll(this.claims));
		if (this.scope != null) {
			builder.claim("scope", this.scope);
		}
		if (subject != null) {
			builder.subject(subject);
		}
		builder.issuer(this.issuer)
			// a single string, never an array: Salesforce rejects an array as "audience
			// is invalid"
			.claim(JwtClaimNames.AUD, this.audience)
			.issuedAt(issuedAt)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString());
		Signing signing = signing();
		JwsHeader.Builder headers = headers(this.algorithm, signing.signer());
		this.claimsCustomizer.customize(new JwtBearerAssertionContext(this.registrationId, subject, headers, builder));
		Map<String, Object> claims = builder.build().getClaims();
		JWSHeader header = header(signing, headers.build());
		String tokenValue = sign(signing.jwsSigner(), header, claims);
		return new Jwt(tokenValue, issuedAt, expiresAt,
				(header == signing.header()) ? signing.headerMap() : header.toJSONObject(), claims);
	}

	private Signing signing() {
		JwtSigner signer = currentSigner(this.signers);
		Signing signing = this.signing;
		if (signing.signer() == signer) {
			return signing;
		}
		try {
			signing = signing(this.registrationId, this.algorithm, signer);
		}
		catch (SigningKeyException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		this.signing = signing;
		return signing;
	}

	// the header built once serves as long as no customizer changed it
	private JWSHeader header(Signing signing, JwsHeader headers) {
		if (headers.getHeaders().equals(signing.headers())) {
			return signing.header();
		}
		// the key signs with the registration's algorithm, whatever the header says
		Assert.state(this.algorithm.equals(headers.getAlgorithm()),
				() -> "A JwtBearerClaimsCustomizer changed the algorithm of registration '" + this.registrationId
						+ "' to " + headers.getAlgorithm() + ": set the algorithm of the registration instead");
		try {
			return toNimbusHeader(headers.getHeaders());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("A JwtBearerClaimsCustomizer set a header of registration '"
					+ this.registrationId + "' that is not a valid JWS header: " + ex.getMessage(), ex);
		}
	}

	private String sign(JWSSigner signer, JWSHeader header, Map<String, Object> claims) {
		SignedJWT jwt = new SignedJWT(header, toNimbus(claims));
		try {
			jwt.sign(signer);
		}
		catch (JOSEException | RuntimeException ex) {
			// Nimbus wraps what an application's signer throws: name that, not the
			// wrapper
			Throwable failure = (ex instanceof JOSEException && ex.getCause() instanceof RuntimeException cause) ? cause
					: ex;
			throw new IllegalStateException("Cannot sign the assertion of registration '" + this.registrationId
					+ "' with " + this.algorithm + ": " + failure.getClass().getSimpleName(), failure);
		}
		return jwt.serialize();
	}

	private static JWSHeader toNimbusHeader(Map<String, Object> headers) {
		Map<String, Object> json = new LinkedHashMap<>();
		headers.forEach((name, value) -> json.put(name, toNimbusHeaderValue(value)));
		try {
			return JWSHeader.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	private static @Nullable Object toNimbusHeaderValue(@Nullable Object value) {
		if (value instanceof JwaAlgorithm algorithm) {
			return algorithm.getName();
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		if (value instanceof Collection<?> collection) {
			return List.copyOf(collection);
		}
		return value;
	}

	private static JWTClaimsSet toNimbus(Map<String, Object> claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.forEach((name, value) -> builder.claim(name, toNimbusValue(value)));
		return builder.build();
	}

	private static @Nullable Object toNimbusValue(@Nullable Object value) {
		if (value instanceof Instant instant) {
			return Date.from(instant);
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		if (value instanceof Collection<?> collection) {
			return collection.stream().map(JwtAssertionMinter::toNimbusValue).toList();
		}
		return value;
	}

	/**
	 * Return the algorithm assertions are signed with.
	 * @return the algorithm
	 */
	public SignatureAlgorithm getAlgorithm() {
		return this.algorithm;
	}

	/**
	 * Return the {@code iss} claim of the assertions.
	 * @return the issuer
	 */
	public String getIssuer() {
		return this.issuer;
	}

	/**
	 * Return the {@code aud} claim of the assertions.
	 * @return the audience
	 */
	public String getAudience() {
		return this.audience;
	}

	/**
	 * Return the signer of the next assertion; what is shown of it must stay public, as
	 * its key id, certificate and fingerprint.
	 * @return the signer
	 */
	public JwtSigner getSigner() {
		return currentSigner(this.signers);
	}

	private static JWSSigner jwsSigner(String registrationId, JwtSigner signer, SignatureAlgorithm algorithm,
			JWSAlgorithm jwsAlgorithm) {
		if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
			throw new SigningKeyException("Registration '" + registrationId + "': algorithm " + algorithm
					+ " is not supported; use one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512");
		}
		if (!(signer instanceof JwtSigningKey signingKey)) {
			if (!signer.getAlgorithms().contains(algorithm)) {
				throw new SigningKeyException("Registration '" + registrationId + "': algorithm " + algorithm
						+ " does not fit the key of " + signer + ", which signs with "
						+ (signer.getAlgorithms().isEmpty() ? "none of the supported algorithms"
								: signer.getAlgorithms().stream().map(SignatureAlgorithm::getName).sorted().toList())
						+ ": set algorithm to one of those, or configure a key that fits " + algorithm);
			}
			return NimbusSigners.forSigner(signer);
		}
		if (JWSAlgorithm.Family.RSA.contains(jwsAlgorithm)) {
			if (!(signingKey.getPrivateKey() instanceof RSAPrivateKey rsaKey)) {
				throw keyMismatch(registrationId, signingKey, algorithm, "an RSA key");
			}
			// RFC 7518 section 3.3: a key of size 2048 bits or larger MUST be used
			if (rsaKey.getModulus().bitLength() < 2048) {
				throw new SigningKeyException("Registration '" + registrationId + "': the RSA key has "
						+ rsaKey.getModulus().bitLength() + " bits, " + algorithm
						+ " needs at least 2048 (RFC 7518 section 3.3): generate a new key with "
						+ "'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048'");
			}
			return new RSASSASigner(rsaKey);
		}
		Curve curve = Curve.forJWSAlgorithm(jwsAlgorithm).iterator().next();
		if (!(signingKey.getPrivateKey() instanceof ECPrivateKey ecKey)
				|| !curve.equals(Curve.forECParameterSpec(ecKey.getParams()))) {
			throw keyMismatch(registrationId, signingKey, algorithm, "an EC key on curve " + curve.getName());
		}
		try {
			return new ECDSASigner(ecKey);
		}
		catch (JOSEException ex) {
			throw keyMismatch(registrationId, signingKey, algorithm, "an EC key on curve " + curve.getName());
		}
	}

	private static SigningKeyException keyMismatch(String registrationId, JwtSigningKey signingKey,
			SignatureAlgorithm algorithm, String needed) {
		String actual = (signingKey.getPrivateKey() instanceof ECPrivateKey ecKey)
				? "an EC key on curve " + curveName(ecKey) : "an " + signingKey.getPrivateKey().getAlgorithm() + " key";
		return new SigningKeyException("Registration '" + registrationId + "': algorithm " + algorithm + " needs "
				+ needed + " but the configured key is " + actual + ": set algorithm to "
				+ String.join(" or ", fittingAlgorithms(signingKey)) + ", or configure a key that fits " + algorithm);
	}

	private static String curveName(ECPrivateKey key) {
		Curve curve = Curve.forECParameterSpec(key.getParams());
		return (curve != null) ? curve.getName() : "unknown";
	}

	private static List<String> fittingAlgorithms(JwtSigningKey signingKey) {
		if (signingKey.getPrivateKey() instanceof ECPrivateKey ecKey) {
			Curve curve = Curve.forECParameterSpec(ecKey.getParams());
			return SUPPORTED_ALGORITHMS.stream()
				.map((algorithm) -> JWSAlgorithm.parse(algorithm.getName()))
				.filter((algorithm) -> JWSAlgorithm.Family.EC.contains(algorithm)
						&& Curve.forJWSAlgorithm(algorithm).contains(curve))
				.map(JWSAlgorithm::getName)
				.toList();
		}
		return List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
	}

	@Override
	public String toString() {
		return "JwtAssertionMinter[registrationId=" + this.registrationId + ", algorithm=" + getAlgorithm()
				+ ", issuer=" + this.issuer + ", audience=" + this.audience + ", lifetime=" + this.lifetime + "]";
	}

	/**
	 * Builder for {@link JwtAssertionMinter}.
	 */
	public static final class Builder {

		private final String registrationId;

		private final Supplier<? extends JwtSigner> signers;

		private SignatureAlgorithm algorithm = SignatureAlgorithm.RS256;

		private @Nullable String issuer;

		private @Nullable String audience;

		private Duration lifetime = Duration.ofMinutes(3);

		private Map<String, Object> claims = new LinkedHashMap<>();

		private @Nullable Collection<String> scopeClaim;

		private JwtBearerClaimsCustomizer claimsCustomizer = (context) -> {
		};

		private Clock clock = Clock.systemUTC();

		private Builder(String registrationId, Supplier<? extends JwtSigner> signers) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			this.registrationId = registrationId;
			this.signers = signers;
		}

		/**
		 * Set the signing algorithm; RS256 by default.
		 * @param algorithm the algorithm
		 * @return this builder
		 */
		public Builder algorithm(SignatureAlgorithm algorithm) {
			Assert.notNull(algorithm, "algorithm cannot be null");
			this.algorithm = algorithm;
			return this;
		}

		/**
		 * Set the {@code iss} claim.
		 * @param issuer the issuer, usually the OAuth client id
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			Assert.hasText(issuer, "issuer cannot be empty");
			this.issuer = issuer;
			return this;
		}

		/**
		 * Set the {@code aud} claim, sent as a single string.
		 * @param audience the audience, usually the authorization server
		 * @return this builder
		 */
		public Builder audience(String audience) {
			Assert.hasText(audience, "audience cannot be empty");
			this.audience = audience;
			return this;
		}

		/**
		 * Set {@code exp - iat}; 3 minutes by default.
		 * @param lifetime the lifetime of each assertion
		 * @return this builder
		 */
		public Builder lifetime(Duration lifetime) {
			Assert.notNull(lifetime, "lifetime cannot be null");
			Assert.isTrue(lifetime.getSeconds() > 0, "lifetime must be at least one second");
			this.lifetime = lifetime;
			return this;
		}

		/**
		 * Set extra claims added to every assertion.
		 * @param claims the claims
		 * @return this builder
		 */
		public Builder claims(Map<String, Object> claims) {
			Assert.notNull(claims, "claims cannot be null");
			this.claims = new LinkedHashMap<>(claims);
			return this;
		}

		/**
		 * Set scopes carried as a space-delimited {@code scope} claim, as Google expects.
		 * @param scopes the scopes, or {@code null} for none
		 * @return this builder
		 */
		public Builder scopeClaim(@Nullable Collection<String> scopes) {
			this.scopeClaim = scopes;
			return this;
		}

		/**
		 * Set the customizer applied to the header and the claims of every assertion.
		 * @param claimsCustomizer the customizer
		 * @return this builder
		 */
		public Builder claimsCustomizer(JwtBearerClaimsCustomizer claimsCustomizer) {
			Assert.notNull(claimsCustomizer, "claimsCustomizer cannot be null");
			this.claimsCustomizer = claimsCustomizer;
			return this;
		}

		/**
		 * Set the clock that dates assertions.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Build the minter, checking that the signer's key fits the algorithm.
		 * @return the minter
		 * @throws SigningKeyException if the key does not fit the algorithm
		 */
		public JwtAssertionMinter build() {
			Assert.state(this.issuer != null, "issuer must be set");
			Assert.state(this.audience != null, "audience must be set");
			return new JwtAssertionMinter(this, this.issuer, this.audience);
		}

	}

	private record Signing(JwtSigner signer, JWSSigner jwsSigner, Map<String, Object> headers, JWSHeader header,
			Map<String, Object> headerMap) {

	}

}
