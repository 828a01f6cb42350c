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
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * Signs JWT assertions: the {@link JwtAssertionMinter} builds the header and the claims
 * and encodes them, a signer signs the bytes (the JWS signing input, RFC 7515 section
 * 5.1). The key may be held in memory ({@link JwtSigningKey}), inside a PKCS#11 token
 * ({@link Pkcs11JwtSigner}) or by a remote service such as a cloud KMS, where an
 * application implements this interface and calls the service from {@link #sign}.
 * <p>
 * A signer describes one key: its algorithms, key id, certificate and public key do not
 * change. A key that is replaced while the application runs is a new signer, handed to
 * the minter through the {@code Supplier} of
 * {@link JwtAssertionMinter#withSigner(String, java.util.function.Supplier)}; each
 * assertion is signed by the one signer whose key id and certificate its header names.
 * <p>
 * Implementations must be thread-safe, and must never show the key, a PIN or a credential
 * in {@code toString()} or in an exception message.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see JwtAssertionMinter#withSigner(String, JwtSigner)
 */
public interface JwtSigner {

	/**
	 * Return the algorithms this signer can sign with; a registration whose
	 * {@code algorithm} is not among them is refused at startup.
	 * @return the algorithms, never empty
	 */
	Set<SignatureAlgorithm> getAlgorithms();

	/**
	 * Sign the JWS signing input of one assertion, the ASCII bytes of
	 * {@code BASE64URL(header) '.' BASE64URL(payload)}.
	 * <p>
	 * RSA signatures (RS*, PS*) are the bytes the JDK's {@code Signature} returns. ECDSA
	 * signatures (ES*) may be returned either in the ASN.1 DER form that the JDK, AWS KMS
	 * and Google Cloud KMS produce, or already in the JWS form {@code R || S} (RFC 7518
	 * section 3.4); the minter sends the JWS form.
	 * @param algorithm the algorithm to sign with, one of {@link #getAlgorithms()}
	 * @param signingInput the bytes to sign
	 * @return the signature
	 * @throws RuntimeException when the signature cannot be made; the token request that
	 * needed the assertion fails with it
	 */
	byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput);

	/**
	 * Return the key id sent as the {@code kid} header.
	 * @return the key id, or {@code null} for none
	 */
	default @Nullable String getKeyId() {
		return null;
	}

	/**
	 * Return the certificate of the key, whose SHA-256 thumbprint is sent as the
	 * {@code x5t#S256} header (RFC 7515 section 4.1.8).
	 * @return the certificate, or {@code null} for none
	 */
	default @Nullable X509Certificate getCertificate() {
		return null;
	}

	/**
	 * Return the public key that verifies the signatures: by default the one of the
	 * {@link #getCertificate() certificate}.
	 * @return the public key, or {@code null} when it is not known
	 */
	default @Nullable PublicKey getPublicKey() {
		X509Certificate certificate = getCertificate();
		return (certificate != null) ? certificate.getPublicKey() : null;
	}

	/**
	 * Return the SHA-256 fingerprint of the {@link #getPublicKey() public key} (of its
	 * DER {@code SubjectPublicKeyInfo} encoding), as lowercase hex: a value that
	 * identifies the key without revealing it.
	 * @return the fingerprint, or {@code null} when the public key is not known
	 */
	default @Nullable String getPublicKeyFingerprint() {
		PublicKey publicKey = getPublicKey();
		if (publicKey == null || publicKey.getEncoded() == null) {
			return null;
		}
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
