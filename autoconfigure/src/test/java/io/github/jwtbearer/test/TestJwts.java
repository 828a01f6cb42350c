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

package io.github.jwtbearer.test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks signed JWTs without Nimbus, the library under test: the signature with the JDK's
 * {@link Signature}, the header and claims with Jackson.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestJwts {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private TestJwts() {
	}

	/**
	 * Verify the signature of a compact JWS with the public key, for the algorithm its
	 * header names, and decode its header and claims.
	 * @param token the compact JWS
	 * @param publicKey the key that should verify the signature
	 * @return the decoded header and claims
	 * @throws AssertionError if the signature does not verify
	 */
	public static DecodedJwt verify(String token, PublicKey publicKey) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			throw new AssertionError("Not a compact JWS: " + parts.length + " parts");
		}
		DecodedJwt jwt = new DecodedJwt(decodeJson(parts[0]), decodeJson(parts[1]));
		String algorithm = (String) jwt.header().get("alg");
		byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
		byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
		if (!verifies(algorithm, publicKey, signingInput, signature)) {
			throw new AssertionError("The " + algorithm + " signature does not verify with the public key");
		}
		return jwt;
	}

	/**
	 * Return {@code base64url(SHA-256(DER))} of the certificate: its {@code x5t#S256}
	 * (RFC 7515 section 4.1.8).
	 * @param certificate the certificate
	 * @return the thumbprint
	 */
	public static String sha256Thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> decodeJson(String part) {
		return json.readValue(Base64.getUrlDecoder().decode(part), MAP);
	}

	private static boolean verifies(String algorithm, PublicKey publicKey, byte[] signingInput, byte[] signature) {
		try {
			Signature verifier = verifier(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(signingInput);
			return verifier.verify(algorithm.startsWith("ES") ? toDer(algorithm, signature) : signature);
		}
		catch (GeneralSecurityException ex) {
			throw new AssertionError("Cannot verify " + algorithm + ": " + ex, ex);
		}
	}

	// RFC 7518 sections 3.3 to 3.5
	private static Signature verifier(String algorithm) throws GeneralSecurityException {
		String bits = algorithm.substring(2);
		return switch (algorithm.substring(0, 2)) {
			case "RS" -> Signature.getInstance("SHA" + bits + "withRSA");
			case "ES" -> Signature.getInstance("SHA" + bits + "withECDSA");
			case "PS" -> {
				String hash = "SHA-" + bits;
				Signature signature = Signature.getInstance("RSASSA-PSS");
				signature.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
						Integer.parseInt(bits) / 8, PSSParameterSpec.TRAILER_FIELD_BC));
				yield signature;
			}
			default -> throw new AssertionError("Unexpected alg " + algorithm);
		};
	}

	// RFC 7518 section 3.4: JOSE sends R || S, each as long as the curve's order; the JDK
	// wants an ASN.1 SEQUENCE of two INTEGERs
	private static byte[] toDer(String algorithm, byte[] signature) {
		int expectedLength = switch (algorithm) {
			case "ES256" -> 64;
			case "ES384" -> 96;
			case "ES512" -> 132;
			default -> throw new AssertionError("Unexpected alg " + algorithm);
		};
		if (signature.length != expectedLength) {
			throw new AssertionError(
					"An " + algorithm + " signature has " + expectedLength + " bytes, not " + signature.length);
		}
		int half = signature.length / 2;
		BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
		BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
		try {
			return new DERSequence(new ASN1Encodable[] { new ASN1Integer(r), new ASN1Integer(s) }).getEncoded();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The header and claims of a JWT, as decoded JSON.
	 *
	 * @param header the header
	 * @param claims the claims
	 */
	public record DecodedJwt(Map<String, Object> header, Map<String, Object> claims) {

	}

}
