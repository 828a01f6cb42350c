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

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestJwts.DecodedJwt;
import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link JwtAssertionMinter}. Signatures are checked with the JDK, not with
 * Nimbus, which the minter signs with.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtAssertionMinterTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private static final KeyPair P256 = TestKeys.ec("P-256");

	private static final KeyPair P384 = TestKeys.ec("P-384");

	private static final KeyPair P521 = TestKeys.ec("P-521");

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private static final String CONSUMER_KEY = "3MVG9A2kN3Bn17hsUZ5";

	private static final String AUDIENCE = "https://login.salesforce.com";

	private final TestClock clock = TestClock.at(NOW.plusMillis(789));

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" })
	void mintThenSignatureVerifiesWithThePublicKey(String algorithm) {
		KeyPair keyPair = keyPairFor(algorithm);
		JwtAssertionMinter minter = minter(JwtSigningKey.of(keyPair.getPrivate(), "kid-" + algorithm))
			.algorithm(SignatureAlgorithm.from(algorithm))
			.build();
		Jwt assertion = minter.mint("integration@acme.com");
		DecodedJwt decoded = TestJwts.verify(assertion.getTokenValue(), keyPair.getPublic());
		assertThat(decoded.header()).containsEntry("alg", algorithm)
			.containsEntry("typ", "JWT")
			.containsEntry("kid", "kid-" + algorithm)
			.doesNotContainKey("x5t#S256");
		assertThat(decoded.claims()).containsEntry("iss", CONSUMER_KEY)
			.containsEntry("sub", "integration@acme.com")
			.containsEntry("aud", AUDIENCE)
			.containsEntry("iat", (int) NOW.getEpochSecond())
			.containsEntry("exp", (int) NOW.plusSeconds(180).getEpochSecond())
			.containsKey("jti");
		assertThat(minter.getAlgorithm()).isEqualTo(SignatureAlgorithm.from(algorithm));
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" })
	void mintThenChangedClaimsNoLongerVerify(String algorithm) {
		KeyPair keyPair = keyPairFor(algorithm);
		JwtAssertionMinter minter = minter(JwtSigningKey.of(keyPair.getPrivate(), null))
			.algorithm(SignatureAlgorithm.from(algorithm))
			.build();
		String[] parts = minter.mint("integration@acme.com").getTokenValue().split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(claims.replace("integration@acme.com", "admin@acme.com").getBytes(StandardCharsets.UTF_8));
		// proves that the independent verifier does check the signature
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> TestJwts.verify(parts[0] + "." + forged + "." + parts[2], keyPair.getPublic()))
			.withMessageContaining("does not verify");
	}

	@Test
	void mintThenClaimsAreThoseConfigured() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null)).lifetime(Duration.ofMinutes(2))
			.build();
		DecodedJwt decoded = TestJwts.verify(minter.mint("integration@acme.com").getTokenValue(), RSA.getPublic());
		assertThat(decoded.header()).doesNotContainKey("kid").containsEntry("alg", "RS256");
		Map<String, Object> claims = decoded.claims();
		assertThat(claims).containsOnlyKeys("iss", "sub", "aud", "iat", "exp", "jti");
		assertThat(claims).containsEntry("iss", CONSUMER_KEY).containsEntry("sub", "integration@acme.com");
		// RFC 7523 allows an array, but Salesforce refuses one: always a single string
		assertThat(claims.get("aud")).isInstanceOf(String.class).isEqualTo(AUDIENCE);
		// NumericDate: whole seconds of the clock
		assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(NOW.getEpochSecond());
		assertThat(((Number) claims.get("exp")).longValue())
			.isEqualTo(NOW.plus(Duration.ofMinutes(2)).getEpochSecond());
		assertThat(claims.get("jti")).asString().isNotBlank();
		assertThat(minter.getIssuer()).isEqualTo(CONSUMER_KEY);
		assertThat(minter.getAudience()).isEqualTo(AUDIENCE);
		assertThat(minter.getSigner()).isInstanceOfSatisfying(JwtSigningKey.class,
				(key) -> assertThat(key.getPrivateKey()).isSameAs(RSA.getPrivate()));
	}

	@Test
	void mintWithoutLifetimeThenExpiresAfterThreeMinutes() {
		DecodedJwt decoded = mintAndVerify(minter(JwtSigningKey.of(RSA.getPrivate(), null)).build(), "user");
		assertThat(
				((Number) decoded.claims().get("exp")).longValue() - ((Number) decoded.claims().get("iat")).longValue())
			.isEqualTo(180);
	}

	@Test
	void mintThenReturnsJwtDescribingTheToken() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(P256.getPrivate(), "kid-1"))
			.algorithm(SignatureAlgorithm.ES256)
			.lifetime(Duration.ofSeconds(90))
			.build();
		Jwt assertion = minter.mint("integration@acme.com");
		DecodedJwt decoded = TestJwts.verify(assertion.getTokenValue(), P256.getPublic());
		assertThat(assertion.getIssuedAt()).isEqualTo(NOW);
		assertThat(assertion.getExpiresAt()).isEqualTo(NOW.plusSeconds(90));
		assertThat(assertion.getSubject()).isEqualTo("integration@acme.com");
		assertThat(assertion.getId()).isEqualTo(decoded.claims().get("jti"));
		assertThat(assertion.getHeaders()).containsEntry("alg", "ES256").containsEntry("kid", "kid-1");
		assertThat(assertion.getClaims().get("aud")).isEqualTo(AUDIENCE);
	}

	@Test
	void mintTwiceThenEachAssertionHasItsOwnJti() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(P256.getPrivate(), null))
			.algorithm(SignatureAlgorithm.ES256)
			.build();
		Object first = mintAndVerify(minter, "user", P256).claims().get("jti");
		Object second = mintAndVerify(minter, "user", P256).claims().get("jti");
		assertThat(first).isNotNull().isNotEqualTo(second);
	}

	@Test
	void mintWhenClockMovesThenDatesFollowIt() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(P256.getPrivate(), null))
			.algorithm(SignatureAlgorithm.ES256)
			.build();
		this.clock.advance(Duration.ofHours(1));
		Jwt assertion = minter.mint("user");
		assertThat(assertion.getIssuedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		assertThat(assertion.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(3)));
	}

	@Test
	void mintWhenSubjectNullThenNoSubClaim() {
		DecodedJwt decoded = mintAndVerify(minter(JwtSigningKey.of(RSA.getPrivate(), null)).build(), null);
		assertThat(decoded.claims()).doesNotContainKey("sub").containsKeys("iss", "aud", "iat", "exp", "jti");
	}

	@Test
	void mintWhenExtraClaimsThenAddsThem() {
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("tenant", "acme");
		extra.put("roles", List.of("reader", "writer"));
		extra.put("level", 3);
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null)).claims(extra).build();
		assertThat(mintAndVerify(minter, "user").claims()).containsEntry("tenant", "acme")
			.containsEntry("roles", List.of("reader", "writer"))
			.containsEntry("level", 3);
	}

	@Test
	void mintWhenExtraClaimsNameRegisteredOnesThenConfiguredValuesWin() {
		Map<String, Object> extra = Map.of("iss", "someone-else", "aud", List.of("a", "b"), "exp", 1);
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null)).claims(extra).build();
		Map<String, Object> claims = mintAndVerify(minter, "user").claims();
		assertThat(claims).containsEntry("iss", CONSUMER_KEY).containsEntry("aud", AUDIENCE);
		assertThat(((Number) claims.get("exp")).longValue())
			.isEqualTo(NOW.plus(Duration.ofMinutes(3)).getEpochSecond());
	}

	@Test
	void mintWhenScopeClaimThenSpaceDelimitedScope() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null))
			.scopeClaim(List.of("https://www.googleapis.com/auth/cloud-platform",
					"https://www.googleapis.com/auth/bigquery.readonly"))
			.build();
		assertThat(mintAndVerify(minter, null).claims()).containsEntry("scope",
				"https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/bigquery.readonly");
	}

	@Test
	void mintWhenScopeClaimEmptyThenNoScope() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null)).scopeClaim(List.of()).build();
		assertThat(mintAndVerify(minter, "user").claims()).doesNotContainKey("scope");
	}

	@Test
	void mintWhenCustomizerThenAppliesItAfterConfiguredClaims() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null)).claims(Map.of("tenant", "acme"))
			.claimsCustomizer((context) -> context.getClaims()
				.claim("registration", context.getRegistrationId())
				.claims((all) -> all.put("tenant", all.get("tenant") + "-" + context.getSubject())))
			.build();
		assertThat(mintAndVerify(minter, "user").claims()).containsEntry("registration", "salesforce")
			.containsEntry("tenant", "acme-user");
	}

	@Test
	void mintWhenCustomizerSetsHeadersThenAssertionCarriesThem() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), "kid-1"))
			.claimsCustomizer((context) -> context.getHeaders().keyId("kid-2").header("tenant", "acme"))
			.build();
		Jwt assertion = minter.mint("user");
		DecodedJwt decoded = mintAndVerify(minter, "user");
		assertThat(decoded.header()).containsEntry("kid", "kid-2")
			.containsEntry("tenant", "acme")
			.containsEntry("alg", "RS256")
			.containsEntry("typ", "JWT");
		assertThat(assertion.getHeaders()).containsEntry("kid", "kid-2").containsEntry("tenant", "acme");
	}

	@Test
	void mintWhenCustomizerChangesAlgorithmThenFailsNamingTheFix() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), null))
			.claimsCustomizer((context) -> context.getHeaders().algorithm(SignatureAlgorithm.PS256))
			.build();
		assertThatIllegalStateException().isThrownBy(() -> minter.mint("user"))
			.withMessageContaining("changed the algorithm of registration 'salesforce' to PS256")
			.withMessageContaining("set the algorithm of the registration instead");
	}

	@Test
	void mintWhenCertificateThenX5tS256HeaderIsItsThumbprint() {
		X509Certificate certificate = TestKeys.selfSignedCertificate(RSA);
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), certificate, "kid-1")).build();
		DecodedJwt decoded = mintAndVerify(minter, "user");
		assertThat(decoded.header()).containsEntry("x5t#S256", TestJwts.sha256Thumbprint(certificate))
			.containsEntry("kid", "kid-1")
			.doesNotContainKeys("x5c", "x5t");
	}

	@Test
	void buildWhenEcKeyAndRs256ThenFailsNamingTheFix() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(
					() -> minter(JwtSigningKey.of(P256.getPrivate(), null)).algorithm(SignatureAlgorithm.RS256).build())
			.withMessage("Registration 'salesforce': algorithm RS256 needs an RSA key but the configured key is an EC "
					+ "key on curve P-256: set algorithm to ES256, or configure a key that fits RS256")
			.satisfies((ex) -> assertNoSecretsIn(ex, TestKeys.pkcs8Pem(P256.getPrivate())));
	}

	@Test
	void buildWhenP256KeyAndEs384ThenFailsNamingTheFix() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(
					() -> minter(JwtSigningKey.of(P256.getPrivate(), null)).algorithm(SignatureAlgorithm.ES384).build())
			.withMessage("Registration 'salesforce': algorithm ES384 needs an EC key on curve P-384 but the "
					+ "configured key is an EC key on curve P-256: set algorithm to ES256, or configure a key that "
					+ "fits ES384");
	}

	@Test
	void buildWhenP521KeyAndEs256ThenFailsNamingEs512() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(
					() -> minter(JwtSigningKey.of(P521.getPrivate(), null)).algorithm(SignatureAlgorithm.ES256).build())
			.withMessageContaining("set algorithm to ES512");
	}

	@Test
	void buildWhenRsaKeyAndEs256ThenFailsNamingTheFix() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(
					() -> minter(JwtSigningKey.of(RSA.getPrivate(), null)).algorithm(SignatureAlgorithm.ES256).build())
			.withMessage("Registration 'salesforce': algorithm ES256 needs an EC key on curve P-256 but the "
					+ "configured key is an RSA key: set algorithm to RS256 or RS384 or RS512 or PS256 or PS384 or "
					+ "PS512, or configure a key that fits ES256")
			.satisfies((ex) -> assertNoSecretsIn(ex, TestKeys.pkcs8Pem(RSA.getPrivate())));
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "PS256" })
	void buildWhenRsaKeyHas1024BitsThenFailsNamingTheFix(String algorithm) {
		KeyPair weak = TestKeys.rsa(1024);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> minter(JwtSigningKey.of(weak.getPrivate(), null))
				.algorithm(SignatureAlgorithm.from(algorithm))
				.build())
			.withMessageContaining("the RSA key has 1024 bits, " + algorithm + " needs at least 2048")
			.withMessageContaining("rsa_keygen_bits:2048")
			.satisfies((ex) -> assertNoSecretsIn(ex, TestKeys.pkcs8Pem(weak.getPrivate())));
	}

	@Test
	void supportedAlgorithmsAreTheRsaAndEcSignatureAlgorithms() {
		assertThat(JwtAssertionMinter.SUPPORTED_ALGORITHMS).containsExactlyInAnyOrder(SignatureAlgorithm.RS256,
				SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
				SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);
	}

	@Test
	void buildWithoutIssuerThenFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> JwtAssertionMinter.withSigningKey("salesforce", JwtSigningKey.of(RSA.getPrivate(), null))
				.audience(AUDIENCE)
				.build())
			.withMessage("issuer must be set");
	}

	@Test
	void buildWithoutAudienceThenFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> JwtAssertionMinter.withSigningKey("salesforce", JwtSigningKey.of(RSA.getPrivate(), null))
				.issuer(CONSUMER_KEY)
				.build())
			.withMessage("audience must be set");
	}

	@Test
	void lifetimeWhenUnderOneSecondThenFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> minter(JwtSigningKey.of(RSA.getPrivate(), null)).lifetime(Duration.ofMillis(500)));
	}

	@Test
	void toStringShowsConfigurationButNoKeyMaterialNorAssertion() {
		JwtAssertionMinter minter = minter(JwtSigningKey.of(RSA.getPrivate(), TestKeys.selfSignedCertificate(RSA), "k"))
			.build();
		String assertion = minter.mint("user").getTokenValue();
		String text = minter.toString();
		assertThat(text).isEqualTo("JwtAssertionMinter[registrationId=salesforce, algorithm=RS256, issuer="
				+ CONSUMER_KEY + ", audience=" + AUDIENCE + ", lifetime=PT3M]");
		assertNoSecretsIn(text, TestKeys.pkcs8Pem(RSA.getPrivate()), assertion);
	}

	private JwtAssertionMinter.Builder minter(JwtSigningKey signingKey) {
		return JwtAssertionMinter.withSigningKey("salesforce", signingKey)
			.issuer(CONSUMER_KEY)
			.audience(AUDIENCE)
			.clock(this.clock);
	}

	private static DecodedJwt mintAndVerify(JwtAssertionMinter minter, String subject) {
		return mintAndVerify(minter, subject, RSA);
	}

	private static DecodedJwt mintAndVerify(JwtAssertionMinter minter, String subject, KeyPair keyPair) {
		return TestJwts.verify(minter.mint(subject).getTokenValue(), keyPair.getPublic());
	}

	private static KeyPair keyPairFor(String algorithm) {
		return switch (algorithm) {
			case "ES256" -> P256;
			case "ES384" -> P384;
			case "ES512" -> P521;
			default -> RSA;
		};
	}

}
