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

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.HexFormat;

import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.Test;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtSigningKey}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtSigningKeyTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private static final KeyPair EC = TestKeys.ec("P-256");

	private static final X509Certificate RSA_CERTIFICATE = TestKeys.selfSignedCertificate(RSA, "acme-integration");

	@Test
	void ofWhenCertificateMatchesThenKeepsIt() {
		JwtSigningKey signingKey = JwtSigningKey.of(RSA.getPrivate(), RSA_CERTIFICATE, "kid-1");
		assertThat(signingKey.getPrivateKey()).isSameAs(RSA.getPrivate());
		assertThat(signingKey.getCertificate()).isSameAs(RSA_CERTIFICATE);
		assertThat(signingKey.getKeyId()).isEqualTo("kid-1");
	}

	@Test
	void getCertificateThumbprintIsBase64UrlOfSha256OfDer() {
		JwtSigningKey signingKey = JwtSigningKey.of(RSA.getPrivate(), RSA_CERTIFICATE, null);
		assertThat(signingKey.getCertificateThumbprint()).hasToString(TestJwts.sha256Thumbprint(RSA_CERTIFICATE));
	}

	@Test
	void getPublicKeyFingerprintIsHexOfSha256OfPublicKey() throws GeneralSecurityException {
		JwtSigningKey signingKey = JwtSigningKey.of(RSA.getPrivate(), RSA_CERTIFICATE, null);
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(RSA.getPublic().getEncoded());
		assertThat(signingKey.getPublicKeyFingerprint()).isEqualTo(HexFormat.of().formatHex(digest));
	}

	@Test
	void getPublicKeyFingerprintWithoutCertificateIsDerivedFromRsaPrivateKey() throws GeneralSecurityException {
		JwtSigningKey signingKey = JwtSigningKey.of(RSA.getPrivate(), null);
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(RSA.getPublic().getEncoded());
		assertThat(signingKey.getCertificateThumbprint()).isNull();
		assertThat(signingKey.getPublicKeyFingerprint()).isEqualTo(HexFormat.of().formatHex(digest));
	}

	@Test
	void ofEcKeyWithoutCertificateThenNoThumbprintNorFingerprint() {
		JwtSigningKey signingKey = JwtSigningKey.of(EC.getPrivate(), null);
		assertThat(signingKey.getCertificate()).isNull();
		assertThat(signingKey.getCertificateThumbprint()).isNull();
		assertThat(signingKey.getPublicKeyFingerprint()).isNull();
	}

	@Test
	void ofWhenKeyIdBlankThenNoKeyId() {
		assertThat(JwtSigningKey.of(EC.getPrivate(), " ").getKeyId()).isNull();
	}

	@Test
	void ofWhenEcCertificateMatchesThenKeepsIt() {
		X509Certificate certificate = TestKeys.selfSignedCertificate(EC);
		assertThat(JwtSigningKey.of(EC.getPrivate(), certificate, null).getCertificate()).isSameAs(certificate);
	}

	@Test
	void ofWhenCertificateOfAnotherKeyThenFailsNamingTheFix() {
		X509Certificate other = TestKeys.selfSignedCertificate(TestKeys.ec("P-256"), "someone-else");
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> JwtSigningKey.of(EC.getPrivate(), other, null))
			.withMessageContaining("'CN=someone-else' (EC public key) does not belong to the private key (EC)")
			.withMessageContaining("the one uploaded to the provider")
			.satisfies((ex) -> assertNoSecretsIn(ex, TestKeys.pkcs8Pem(EC.getPrivate())));
	}

	@Test
	void ofWhenCertificateOfAnotherKeyTypeThenFails() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> JwtSigningKey.of(EC.getPrivate(), RSA_CERTIFICATE, null))
			.withMessageContaining("(RSA public key) does not belong to the private key (EC)");
	}

	@Test
	void ofWhenKeyNeitherRsaNorEcThenFailsNamingTheAlgorithms() throws GeneralSecurityException {
		KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> JwtSigningKey.of(ed25519.getPrivate(), null))
			.withMessageContaining("Unsupported private key algorithm 'EdDSA'")
			.withMessageContaining("use an RSA key (RS256, RS384, RS512, PS256, PS384, PS512) or an EC key");
	}

	@Test
	void toStringShowsAlgorithmKeyIdAndCertificateButNoKeyMaterial() {
		JwtSigningKey signingKey = JwtSigningKey.of(RSA.getPrivate(), RSA_CERTIFICATE, "kid-1");
		String text = signingKey.toString();
		assertThat(text).isEqualTo("JwtSigningKey[algorithm=RSA, keyId=kid-1, certificate=CN=acme-integration]");
		RSAPrivateCrtKey key = (RSAPrivateCrtKey) RSA.getPrivate();
		assertNoSecretsIn(text, TestKeys.pkcs8Pem(key), Base64.getEncoder().encodeToString(key.getEncoded()),
				key.getPrivateExponent().toString(), key.getPrivateExponent().toString(16),
				key.getPrimeP().toString(16));
	}

}
