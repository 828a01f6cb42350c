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
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Set;

import com.nimbusds.jose.util.X509CertUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.Assert;

/**
 * A private key that signs JWT assertions, with the certificate the provider holds for it
 * and the key id, where known. Instances are created once, usually through {@link #of}
 * (the auto-configuration loads them from PEM files, key stores and SSL bundles), and
 * reused for every assertion.
 * <p>
 * {@link #toString()} shows the key algorithm, key id and certificate subject, never the
 * key.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtSigningKey implements JwtSigner {

	private final PrivateKey privateKey;

	private final @Nullable X509Certificate certificate;

	private final @Nullable String keyId;

	private JwtSigningKey(PrivateKey privateKey, @Nullable X509Certificate certificate, @Nullable String keyId) {
		this.privateKey = privateKey;
		this.certificate = certificate;
		this.keyId = keyId;
	}

	/**
	 * Create a signing key without a certificate.
	 * @param privateKey the RSA or EC private key
	 * @param keyId the key id sent as the {@code kid} header, or {@code null}
	 * @return the signing key
	 */
	public static JwtSigningKey of(PrivateKey privateKey, @Nullable String keyId) {
		return of(privateKey, null, keyId);
	}

	/**
	 * Create a signing key, checking that the certificate, when given, holds the public
	 * half of the private key.
	 * @param privateKey the RSA or EC private key
	 * @param certificate the certificate of the key, or {@code null}
	 * @param keyId the key id sent as the {@code kid} header, or {@code null}
	 * @return the signing key
	 * @throws SigningKeyException if the key is neither RSA nor EC, or the certificate
	 * belongs to another key
	 */
	public static JwtSigningKey of(PrivateKey privateKey, @Nullable X509Certificate certificate,
			@Nullable String keyId) {
		Assert.notNull(privateKey, "privateKey cannot be null");
		if (!(privateKey instanceof RSAPrivateKey) && !(privateKey instanceof ECPrivateKey)) {
			throw new SigningKeyException("Unsupported private key algorithm '" + privateKey.getAlgorithm()
					+ "': use an RSA key (RS256, RS384, RS512, PS256, PS384, PS512) or an EC key (ES256, ES384, ES512)");
		}
		if (certificate != null) {
			checkCertificateMatches(privateKey, certificate);
		}
		return new JwtSigningKey(privateKey, certificate, (keyId != null && !keyId.isBlank()) ? keyId : null);
	}

	private static void checkCertificateMatches(PrivateKey privateKey, X509Certificate certificate) {
		PublicKey publicKey = certificate.getPublicKey();
		if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm()) || !signatureVerifies(privateKey, publicKey)) {
			throw new SigningKeyException("The certificate '" + certificate.getSubjectX500Principal().getName() + "' ("
					+ publicKey.getAlgorithm() + " public key) does not belong to the private key ("
					+ privateKey.getAlgorithm() + "): configure the certificate that was issued for this key, "
					+ "the one uploaded to the provider");
		}
	}

	// A round trip proves that the two halves belong together for RSA and EC alike,
	// without comparing key internals
	private static boolean signatureVerifies(PrivateKey privateKey, PublicKey publicKey) {
		String algorithm = (privateKey instanceof RSAPrivateKey) ? "SHA256withRSA" : "SHA256withECDSA";
		try {
			return KeyPairProbe.verifies(algorithm, privateKey, null, publicKey);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * Return the private key.
	 * @return the private key
	 */
	public PrivateKey getPrivateKey() {
		return this.privateKey;
	}

	/**
	 * Return the certificate of the key.
	 * @return the certificate, or {@code null} when none was configured
	 */
	@Override
	public @Nullable X509Certificate getCertificate() {
		return this.certificate;
	}

	/**
	 * Return the key id sent as the {@code kid} header.
	 * @return the key id, or {@code null}
	 */
	@Override
	public @Nullable String getKeyId() {
		return this.keyId;
	}

	/**
	 * Return the SHA-256 thumbprint of the certificate, sent as the {@code x5t#S256}
	 * header (RFC 7515 section 4.1.8), base64url-encoded without padding.
	 * @return the thumbprint, or {@code null} without a certificate
	 */
	public @Nullable String getCertificateThumbprint() {
		return (this.certificate != null) ? X509CertUtils.computeSHA256Thumbprint(this.certificate).toString() : null;
	}

	/**
	 * Return the algorithms this key signs with: RS256 to PS512 for an RSA key of at
	 * least 2048 bits, the ES algorithm of its curve for an EC key.
	 * @return the algorithms
	 */
	@Override
	public Set<SignatureAlgorithm> getAlgorithms() {
		return NimbusSigners.algorithms(this.privateKey.getAlgorithm(), NimbusSigners.rsaBits(this.privateKey),
				NimbusSigners.ecParameters(this.privateKey));
	}

	/**
	 * Sign with the private key, through Nimbus JOSE.
	 * @param algorithm the algorithm, one of {@link #getAlgorithms()}
	 * @param signingInput the bytes to sign
	 * @return the signature in its JWS form
	 */
	@Override
	public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
		Assert.isTrue(getAlgorithms().contains(algorithm), () -> "This key does not sign with " + algorithm);
		return NimbusSigners.sign(this.privateKey, algorithm, null, signingInput);
	}

	/**
	 * Return the public key: the certificate's or, without a certificate, the one derived
	 * from an RSA private key that holds its CRT parameters, as keys read from PEM or
	 * PKCS#12 do.
	 * @return the public key, or {@code null} when it is not known (an EC key without
	 * certificate)
	 */
	@Override
	public @Nullable PublicKey getPublicKey() {
		if (this.certificate != null) {
			return this.certificate.getPublicKey();
		}
		// the modulus and public exponent are part of an RSA CRT key (RFC 8017 section
		// 3.2); an EC private key does not carry its public point
		if (this.privateKey instanceof RSAPrivateCrtKey crtKey && crtKey.getPublicExponent() != null) {
			try {
				return KeyFactory.getInstance("RSA")
					.generatePublic(new RSAPublicKeySpec(crtKey.getModulus(), crtKey.getPublicExponent()));
			}
			catch (GeneralSecurityException ex) {
				return null;
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "JwtSigningKey[algorithm=" + this.privateKey.getAlgorithm() + ", keyId=" + this.keyId + ", certificate="
				+ ((this.certificate != null) ? this.certificate.getSubjectX500Principal().getName() : null) + "]";
	}

}
