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
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.Assert;

/**
 * A {@link JwtSigner} whose private key stays inside a PKCS#11 token (a hardware security
 * module, a smart card, SoftHSM): the token signs, and the key is never read. The token
 * is opened through the JDK's SunPKCS11 provider, as a {@link KeyStore} of type
 * {@code PKCS11}; the key is found by its label, the key store alias.
 * <p>
 * The public key comes from the key's certificate in the token, or from the certificate
 * given to {@link #of}, which must belong to the key.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class Pkcs11JwtSigner implements JwtSigner {

	private final Provider provider;

	private final String keyLabel;

	private final PrivateKey privateKey;

	private final X509Certificate certificate;

	private final @Nullable String keyId;

	private final Set<SignatureAlgorithm> algorithms;

	private Pkcs11JwtSigner(Provider provider, String keyLabel, PrivateKey privateKey, X509Certificate certificate,
			@Nullable String keyId) {
		this.provider = provider;
		this.keyLabel = keyLabel;
		this.privateKey = privateKey;
		this.certificate = certificate;
		this.keyId = keyId;
		PublicKey publicKey = certificate.getPublicKey();
		this.algorithms = NimbusSigners.algorithms(publicKey.getAlgorithm(), NimbusSigners.rsaBits(publicKey),
				NimbusSigners.ecParameters(publicKey));
	}

	/**
	 * Create a signer for a key of a PKCS#11 token.
	 * @param keyStore the token, a logged-in key store of type {@code PKCS11}, as
	 * {@code KeyStore.getInstance("PKCS11", provider)} and {@code load(null, pin)} open
	 * it
	 * @param keyLabel the label (alias) of the private key
	 * @param certificate the certificate of the key, or {@code null} to use the one the
	 * token holds for it
	 * @param keyId the key id sent as the {@code kid} header, or {@code null}
	 * @return the signer
	 * @throws SigningKeyException if the token has no private key with that label, the
	 * key is neither RSA nor EC, or the certificate belongs to another key
	 */
	public static Pkcs11JwtSigner of(KeyStore keyStore, String keyLabel, @Nullable X509Certificate certificate,
			@Nullable String keyId) {
		Assert.notNull(keyStore, "keyStore cannot be null");
		Assert.hasText(keyLabel, "keyLabel cannot be empty");
		try {
			if (!keyStore.containsAlias(keyLabel) || !keyStore.isKeyEntry(keyLabel)) {
				throw new SigningKeyException(
						"The PKCS#11 token has no private key labelled '" + keyLabel + "'; its keys with a certificate "
								+ "are labelled " + keyLabels(keyStore) + " (a key without a certificate is not seen)");
			}
			Key key = keyStore.getKey(keyLabel, null);
			if (!(key instanceof PrivateKey privateKey)) {
				throw new SigningKeyException("The key labelled '" + keyLabel + "' in the PKCS#11 token is a "
						+ ((key != null) ? key.getAlgorithm() + " secret key" : "missing key") + ", not a private key");
			}
			if (!"RSA".equals(privateKey.getAlgorithm()) && !"EC".equals(privateKey.getAlgorithm())) {
				throw new SigningKeyException("The key labelled '" + keyLabel + "' in the PKCS#11 token is a "
						+ privateKey.getAlgorithm() + " key: use an RSA key (RS256, RS384, RS512, PS256, PS384, PS512) "
						+ "or an EC key (ES256, ES384, ES512)");
			}
			X509Certificate chosen = (certificate != null) ? certificate
					: (keyStore.getCertificate(keyLabel) instanceof X509Certificate x509) ? x509 : null;
			if (chosen == null) {
				throw new SigningKeyException("The PKCS#11 token holds no X.509 certificate for the key labelled '"
						+ keyLabel + "': configure the certificate of the key");
			}
			Provider provider = keyStore.getProvider();
			checkCertificateMatches(keyLabel, privateKey, provider, chosen);
			return new Pkcs11JwtSigner(provider, keyLabel, privateKey, chosen,
					(keyId != null && !keyId.isBlank()) ? keyId : null);
		}
		catch (GeneralSecurityException ex) {
			throw new SigningKeyException("Cannot read the key labelled '" + keyLabel + "' from the PKCS#11 token ("
					+ ex.getClass().getSimpleName() + ")", ex);
		}
	}

	private static List<String> keyLabels(KeyStore keyStore) throws GeneralSecurityException {
		List<String> labels = new ArrayList<>();
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				labels.add(alias);
			}
		}
		Collections.sort(labels);
		return labels;
	}

	// the token signs a probe that the certificate's public key must verify: the two
	// halves belong together for RSA and EC alike, and the key is never read
	private static void checkCertificateMatches(String keyLabel, PrivateKey privateKey, Provider provider,
			X509Certificate certificate) {
		PublicKey publicKey = certificate.getPublicKey();
		boolean matches;
		if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
			matches = false;
		}
		else {
			String algorithm = "RSA".equals(privateKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
			try {
				matches = KeyPairProbe.verifies(algorithm, privateKey, provider, publicKey);
			}
			catch (GeneralSecurityException ex) {
				throw new SigningKeyException("The PKCS#11 token cannot sign with the key labelled '" + keyLabel + "' ("
						+ ex.getClass().getSimpleName() + "): check that the key may sign (CKA_SIGN)", ex);
			}
		}
		if (!matches) {
			throw new SigningKeyException("The certificate '" + certificate.getSubjectX500Principal().getName() + "' ("
					+ publicKey.getAlgorithm() + " public key) does not belong to the key labelled '" + keyLabel
					+ "' in the PKCS#11 token (" + privateKey.getAlgorithm() + "): configure the certificate that "
					+ "was issued for this key, the one uploaded to the provider");
		}
	}

	/**
	 * Return the algorithms the key signs with: RS256 to PS512 for an RSA key of at least
	 * 2048 bits, the ES algorithm of its curve for an EC key.
	 * @return the algorithms
	 */
	@Override
	public Set<SignatureAlgorithm> getAlgorithms() {
		return this.algorithms;
	}

	/**
	 * Have the token sign; ECDSA signatures are returned in their JWS form.
	 * @param algorithm the algorithm, one of {@link #getAlgorithms()}
	 * @param signingInput the bytes to sign
	 * @return the signature
	 */
	@Override
	public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
		Assert.isTrue(this.algorithms.contains(algorithm), () -> "This key does not sign with " + algorithm);
		return NimbusSigners.sign(this.privateKey, algorithm, this.provider, signingInput);
	}

	@Override
	public @Nullable String getKeyId() {
		return this.keyId;
	}

	@Override
	public X509Certificate getCertificate() {
		return this.certificate;
	}

	/**
	 * Return the label of the key in the token.
	 * @return the key label
	 */
	public String getKeyLabel() {
		return this.keyLabel;
	}

	@Override
	public String toString() {
		return "Pkcs11JwtSigner[keyLabel=" + this.keyLabel + ", algorithm=" + this.privateKey.getAlgorithm()
				+ ", keyId=" + this.keyId + ", certificate=" + this.certificate.getSubjectX500Principal().getName()
				+ "]";
	}

}
