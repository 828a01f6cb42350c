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
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestJwts.DecodedJwt;
import io.github.jwtbearer.fixtures.TestKeys;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link JwtAssertionMinter} with a {@link JwtSigner} of the application's own.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtSignerTests {

	private static final KeyPair P256 = TestKeys.ec("P-256");

	private static final KeyPair RSA = TestKeys.rsa2048();

	@Test
	void mintWhenSignerReturnsDerEcdsaThenAssertionCarriesJoseFormAndVerifies() {
		Jwt assertion = minter(new JcaSigner(P256, "SHA256withECDSA", SignatureAlgorithm.ES256, "kid-der"))
			.algorithm(SignatureAlgorithm.ES256)
			.build()
			.mint("integration@acme.com");
		assertThat(signatureLength(assertion)).isEqualTo(64);
		DecodedJwt decoded = TestJwts.verify(assertion.getTokenValue(), P256.getPublic());
		assertThat(decoded.header()).containsEntry("alg", "ES256").containsEntry("kid", "kid-der");
	}

	@Test
	void mintWhenSignerReturnsJoseEcdsaThenAssertionVerifies() {
		Jwt assertion = minter(
				new JcaSigner(P256, "SHA256withECDSAinP1363Format", SignatureAlgorithm.ES256, "kid-p1363"))
			.algorithm(SignatureAlgorithm.ES256)
			.build()
			.mint("integration@acme.com");
		TestJwts.verify(assertion.getTokenValue(), P256.getPublic());
	}

	@Test
	void mintWhenSignerHasCertificateThenHeaderCarriesItsThumbprint() {
		X509Certificate certificate = TestKeys.selfSignedCertificate(RSA);
		JcaSigner signer = new JcaSigner(RSA, "SHA256withRSA", SignatureAlgorithm.RS256, null) {

			@Override
			public X509Certificate getCertificate() {
				return certificate;
			}

		};
		Jwt assertion = minter(signer).build().mint("integration@acme.com");
		DecodedJwt decoded = TestJwts.verify(assertion.getTokenValue(), RSA.getPublic());
		assertThat(decoded.header()).containsEntry("x5t#S256", TestJwts.sha256Thumbprint(certificate))
			.doesNotContainKey("kid");
		assertThat(signer.getPublicKeyFingerprint())
			.isEqualTo(JwtSigningKey.of(RSA.getPrivate(), null).getPublicKeyFingerprint());
	}

	@Test
	void buildWhenSignerDoesNotSignWithTheAlgorithmThenNamesTheOnesItDoes() {
		JcaSigner signer = new JcaSigner(P256, "SHA256withECDSA", SignatureAlgorithm.ES256, null);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> minter(signer).algorithm(SignatureAlgorithm.PS256).build())
			.withMessageStartingWith("Registration 'salesforce': algorithm PS256 does not fit the key of JcaSigner")
			.withMessageContaining("which signs with [ES256]");
	}

	@Test
	void mintWhenSignerFailsThenFailsNamingTheRegistration() {
		JcaSigner signer = new JcaSigner(RSA, "SHA256withRSA", SignatureAlgorithm.RS256, null) {

			@Override
			public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
				throw new IllegalStateException("KMS unavailable");
			}

		};
		JwtAssertionMinter minter = minter(signer).build();
		assertThatIllegalStateException().isThrownBy(() -> minter.mint("integration@acme.com"))
			.withMessage("Cannot sign the assertion of registration 'salesforce' with RS256: IllegalStateException")
			.havingCause()
			.withMessage("KMS unavailable");
	}

	@Test
	void mintWhenSupplierHandsOutAnotherSignerThenNextAssertionIsSignedAndNamedByIt() {
		KeyPair next = TestKeys.rsa2048();
		AtomicReference<JwtSigner> current = new AtomicReference<>(JwtSigningKey.of(RSA.getPrivate(), "kid-1"));
		JwtAssertionMinter minter = JwtAssertionMinter.withSigner("salesforce", current::get)
			.issuer("3MVG9A2kN3Bn17hsUZ5")
			.audience("https://login.salesforce.com")
			.build();
		Jwt first = minter.mint("integration@acme.com");
		current.set(JwtSigningKey.of(next.getPrivate(), "kid-2"));
		Jwt second = minter.mint("integration@acme.com");
		assertThat(TestJwts.verify(first.getTokenValue(), RSA.getPublic()).header()).containsEntry("kid", "kid-1");
		assertThat(TestJwts.verify(second.getTokenValue(), next.getPublic()).header()).containsEntry("kid", "kid-2");
		assertThat(minter.getSigner().getKeyId()).isEqualTo("kid-2");
	}

	@Test
	void mintWhenSuppliedSignerDoesNotFitTheAlgorithmThenFails() {
		AtomicReference<JwtSigner> current = new AtomicReference<>(JwtSigningKey.of(RSA.getPrivate(), "kid-1"));
		JwtAssertionMinter minter = JwtAssertionMinter.withSigner("salesforce", current::get)
			.issuer("3MVG9A2kN3Bn17hsUZ5")
			.audience("https://login.salesforce.com")
			.build();
		current.set(JwtSigningKey.of(P256.getPrivate(), "kid-ec"));
		assertThatIllegalStateException().isThrownBy(() -> minter.mint("integration@acme.com"))
			.withMessageContaining("algorithm RS256 needs an RSA key");
	}

	private static int signatureLength(Jwt assertion) {
		String signature = assertion.getTokenValue().substring(assertion.getTokenValue().lastIndexOf('.') + 1);
		return Base64.getUrlDecoder().decode(signature).length;
	}

	private static JwtAssertionMinter.Builder minter(JwtSigner signer) {
		return JwtAssertionMinter.withSigner("salesforce", signer)
			.issuer("3MVG9A2kN3Bn17hsUZ5")
			.audience("https://login.salesforce.com");
	}

	/**
	 * A signer of the application's own, signing through the JDK.
	 */
	static class JcaSigner implements JwtSigner {

		private final KeyPair keyPair;

		private final String jcaAlgorithm;

		private final SignatureAlgorithm algorithm;

		private final @Nullable String keyId;

		JcaSigner(KeyPair keyPair, String jcaAlgorithm, SignatureAlgorithm algorithm, @Nullable String keyId) {
			this.keyPair = keyPair;
			this.jcaAlgorithm = jcaAlgorithm;
			this.algorithm = algorithm;
			this.keyId = keyId;
		}

		@Override
		public Set<SignatureAlgorithm> getAlgorithms() {
			return Set.of(this.algorithm);
		}

		@Override
		public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
			try {
				Signature signature = Signature.getInstance(this.jcaAlgorithm);
				signature.initSign(this.keyPair.getPrivate());
				signature.update(signingInput);
				return signature.sign();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public @Nullable String getKeyId() {
			return this.keyId;
		}

		@Override
		public @Nullable X509Certificate getCertificate() {
			return null;
		}

		@Override
		public PublicKey getPublicKey() {
			return this.keyPair.getPublic();
		}

		@Override
		public String toString() {
			return "JcaSigner[" + this.algorithm + "]";
		}

	}

}
