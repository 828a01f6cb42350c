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

import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;

import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestJwts.DecodedJwt;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestSoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Pkcs11JwtSigner} against a SoftHSM2 token whose keys were generated
 * inside it and cannot leave it. Signatures are checked by the JDK with the public key
 * alone.
 *
 * @author JWT Bearer for Spring contributors
 */
class Pkcs11JwtSignerTests {

	private static KeyStore token;

	@BeforeAll
	static void openToken() throws Exception {
		TestSoftHsm.get();
		// opened as an application opens it: the JDK's SunPKCS11, configured, logged in
		Provider provider = Security.getProvider("SunPKCS11").configure("--" + TestSoftHsm.providerConfiguration());
		token = KeyStore.getInstance("PKCS11", provider);
		token.load(null, TestSoftHsm.PIN.toCharArray());
	}

	@ParameterizedTest
	@CsvSource({ "RS256, rsa-signing", "PS256, rsa-signing", "ES256, ec-signing" })
	void mintThenSignatureVerifiesWithThePublicKeyAlone(String algorithm, String label) {
		Pkcs11JwtSigner signer = Pkcs11JwtSigner.of(token, label, null, "hsm-" + algorithm);
		Jwt assertion = JwtAssertionMinter.withSigner("salesforce", signer)
			.algorithm(SignatureAlgorithm.from(algorithm))
			.issuer("3MVG9A2kN3Bn17hsUZ5")
			.audience("https://login.salesforce.com")
			.build()
			.mint("integration@acme.com");
		DecodedJwt decoded = TestJwts.verify(assertion.getTokenValue(), signer.getCertificate().getPublicKey());
		assertThat(decoded.header()).containsEntry("alg", algorithm)
			.containsEntry("kid", "hsm-" + algorithm)
			.containsEntry("x5t#S256", TestJwts.sha256Thumbprint(signer.getCertificate()));
		assertThat(decoded.claims()).containsEntry("sub", "integration@acme.com");
	}

	@Test
	void privateKeyCannotBeExtractedFromTheToken() throws Exception {
		for (String label : new String[] { TestSoftHsm.RSA_LABEL, TestSoftHsm.EC_LABEL }) {
			Key key = token.getKey(label, null);
			assertThat(key).isInstanceOf(PrivateKey.class);
			assertThat(key.getEncoded()).isNull();
		}
	}

	@Test
	void getAlgorithmsFitTheKeyInTheToken() {
		assertThat(Pkcs11JwtSigner.of(token, TestSoftHsm.RSA_LABEL, null, null).getAlgorithms()).containsOnly(
				SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256,
				SignatureAlgorithm.PS384, SignatureAlgorithm.PS512);
		assertThat(Pkcs11JwtSigner.of(token, TestSoftHsm.EC_LABEL, null, null).getAlgorithms())
			.containsOnly(SignatureAlgorithm.ES256);
	}

	@Test
	void getPublicKeyFingerprintIsSha256OfTheCertificatesPublicKey() throws Exception {
		Pkcs11JwtSigner signer = Pkcs11JwtSigner.of(token, TestSoftHsm.RSA_LABEL, null, null);
		byte[] digest = MessageDigest.getInstance("SHA-256")
			.digest(TestSoftHsm.get().certificate(TestSoftHsm.RSA_LABEL).getPublicKey().getEncoded());
		assertThat(signer.getPublicKeyFingerprint()).isEqualTo(HexFormat.of().formatHex(digest));
	}

	@Test
	void ofWhenNoKeyHasTheLabelThenNamesTheLabelsThereAre() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> Pkcs11JwtSigner.of(token, "rsa-signin", null, null))
			.withMessageContaining("no private key labelled 'rsa-signin'")
			.withMessageContaining("[ec-signing, rsa-signing]");
	}

	@Test
	void ofWhenCertificateBelongsToAnotherKeyThenFails() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> Pkcs11JwtSigner.of(token, TestSoftHsm.RSA_LABEL,
					TestKeys.selfSignedCertificate(TestKeys.rsa2048()), null))
			.withMessageContaining("does not belong to the key labelled 'rsa-signing'");
	}

	@Test
	void buildWhenAlgorithmDoesNotFitTheKeyThenNamesTheAlgorithmsThatDo() {
		Pkcs11JwtSigner signer = Pkcs11JwtSigner.of(token, TestSoftHsm.EC_LABEL, null, null);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> JwtAssertionMinter.withSigner("salesforce", signer)
				.algorithm(SignatureAlgorithm.RS256)
				.issuer("client")
				.audience("https://login.salesforce.com")
				.build())
			.withMessageContaining("algorithm RS256 does not fit the key of Pkcs11JwtSigner[keyLabel=ec-signing")
			.withMessageContaining("[ES256]");
	}

	@Test
	void toStringShowsTheLabelNeverThePin() {
		assertThat(Pkcs11JwtSigner.of(token, TestSoftHsm.RSA_LABEL, null, "kid-1"))
			.hasToString(
					"Pkcs11JwtSigner[keyLabel=rsa-signing, algorithm=RSA, keyId=kid-1, certificate=CN=rsa-signing]")
			.asString()
			.doesNotContain(TestSoftHsm.PIN);
	}

}
