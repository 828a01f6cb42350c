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
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECParameterSpec;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * Nimbus {@link JWSSigner signers} for the keys of this package: the one door through
 * which {@link JwtSigner} implementations reach Nimbus.
 *
 * @author JWT Bearer for Spring contributors
 */
final class NimbusSigners {

	private static final Set<SignatureAlgorithm> RSA_ALGORITHMS = Collections
		.unmodifiableSet(EnumSet.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
				SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512));

	// RFC 7518 section 3.3: a key of size 2048 bits or larger MUST be used
	static final int MIN_RSA_BITS = 2048;

	private NimbusSigners() {
	}

	/**
	 * Return the algorithms a key of this kind can sign with.
	 * @param keyAlgorithm the JCA key algorithm, {@code RSA} or {@code EC}
	 * @param rsaBits the RSA modulus size, or {@code -1} when not known
	 * @param ecParameters the EC domain parameters, or {@code null}
	 * @return the algorithms, empty when none fits
	 */
	static Set<SignatureAlgorithm> algorithms(String keyAlgorithm, int rsaBits,
			@Nullable ECParameterSpec ecParameters) {
		if ("RSA".equalsIgnoreCase(keyAlgorithm)) {
			return (rsaBits < 0 || rsaBits >= MIN_RSA_BITS) ? RSA_ALGORITHMS : Set.of();
		}
		Curve curve = (ecParameters != null) ? Curve.forECParameterSpec(ecParameters) : null;
		if (!"EC".equalsIgnoreCase(keyAlgorithm) || curve == null) {
			return Set.of();
		}
		Set<SignatureAlgorithm> algorithms = EnumSet.noneOf(SignatureAlgorithm.class);
		for (SignatureAlgorithm algorithm : List.of(SignatureAlgorithm.ES256, SignatureAlgorithm.ES384,
				SignatureAlgorithm.ES512)) {
			if (Curve.forJWSAlgorithm(jws(algorithm)).contains(curve)) {
				algorithms.add(algorithm);
			}
		}
		return Collections.unmodifiableSet(algorithms);
	}

	/**
	 * Return the RSA modulus size of a key, or {@code -1} when the key does not show it.
	 * @param key the key
	 * @return the size in bits
	 */
	static int rsaBits(Key key) {
		return (key instanceof RSAKey rsaKey && rsaKey.getModulus() != null) ? rsaKey.getModulus().bitLength() : -1;
	}

	/**
	 * Return the EC parameters of a key, or {@code null} when the key does not show them.
	 * @param key the key
	 * @return the parameters
	 */
	static @Nullable ECParameterSpec ecParameters(Key key) {
		if (key instanceof ECPrivateKey ecKey) {
			return ecKey.getParams();
		}
		return (key instanceof ECPublicKey ecKey) ? ecKey.getParams() : null;
	}

	/**
	 * Create a signer for a private key that is known to fit the algorithm.
	 * @param privateKey the key
	 * @param algorithm the algorithm
	 * @param provider the provider that holds the key (a PKCS#11 token), or {@code null}
	 * for the JDK's default selection
	 * @return the signer
	 * @throws JOSEException if Nimbus refuses the key
	 */
	static JWSSigner forPrivateKey(PrivateKey privateKey, SignatureAlgorithm algorithm, @Nullable Provider provider)
			throws JOSEException {
		JWSSigner signer;
		if (RSA_ALGORITHMS.contains(algorithm)) {
			signer = (privateKey instanceof RSAPrivateKey rsaKey) ? new RSASSASigner(rsaKey)
					: new RSASSASigner(privateKey);
		}
		else if (privateKey instanceof ECPrivateKey ecKey && provider == null) {
			signer = new ECDSASigner(ecKey);
		}
		else {
			signer = new ECDSASigner(privateKey, Curve.forJWSAlgorithm(jws(algorithm)).iterator().next());
		}
		if (provider != null) {
			signer.getJCAContext().setProvider(provider);
		}
		return signer;
	}

	/**
	 * Sign with a private key, as {@link JwtSigner#sign} does.
	 * @param privateKey the key
	 * @param algorithm the algorithm
	 * @param provider the provider that holds the key, or {@code null}
	 * @param signingInput the bytes to sign
	 * @return the signature in its JWS form
	 */
	static byte[] sign(PrivateKey privateKey, SignatureAlgorithm algorithm, @Nullable Provider provider,
			byte[] signingInput) {
		try {
			return forPrivateKey(privateKey, algorithm, provider).sign(new JWSHeader(jws(algorithm)), signingInput)
				.decode();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign with " + algorithm + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Adapt a {@link JwtSigner} to Nimbus.
	 * @param signer the signer
	 * @return the Nimbus signer
	 */
	static JWSSigner forSigner(JwtSigner signer) {
		return new JwtSignerAdapter(signer);
	}

	static JWSAlgorithm jws(SignatureAlgorithm algorithm) {
		return JWSAlgorithm.parse(algorithm.getName());
	}

	/**
	 * A Nimbus {@link JWSSigner} that asks a {@link JwtSigner} for the signature.
	 */
	private static final class JwtSignerAdapter implements JWSSigner {

		private final JwtSigner signer;

		private final JCAContext jcaContext = new JCAContext();

		JwtSignerAdapter(JwtSigner signer) {
			this.signer = signer;
		}

		@Override
		public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(header.getAlgorithm().getName());
			if (algorithm == null || !this.signer.getAlgorithms().contains(algorithm)) {
				throw new JOSEException("The signer does not sign with " + header.getAlgorithm());
			}
			byte[] signature = this.signer.sign(algorithm, signingInput);
			if (signature == null || signature.length == 0) {
				throw new JOSEException("The signer returned no signature");
			}
			if (JWSAlgorithm.Family.EC.contains(header.getAlgorithm())) {
				// RFC 7518 section 3.4: R || S, each as long as the curve's order; the
				// JDK
				// and cloud KMS return ASN.1 DER instead
				int length = ECDSA.getSignatureByteArrayLength(header.getAlgorithm());
				if (signature.length != length) {
					signature = ECDSA.transcodeSignatureToConcat(signature, length);
				}
			}
			return Base64URL.encode(signature);
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
			this.signer.getAlgorithms().forEach((algorithm) -> algorithms.add(jws(algorithm)));
			return algorithms;
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jcaContext;
		}

	}

}
