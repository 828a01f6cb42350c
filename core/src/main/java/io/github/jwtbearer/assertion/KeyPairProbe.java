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
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

import org.jspecify.annotations.Nullable;

/**
 * A round trip that proves that a private key and a public key belong together, for RSA
 * and EC alike, without comparing key internals (a key inside a token cannot be read):
 * the private key signs a probe, the public key must verify it.
 *
 * @author JWT Bearer for Spring contributors
 */
final class KeyPairProbe {

	private static final byte[] PROBE = "jwt-bearer certificate check".getBytes(StandardCharsets.US_ASCII);

	private KeyPairProbe() {
	}

	static boolean verifies(String algorithm, PrivateKey privateKey, @Nullable Provider provider, PublicKey publicKey)
			throws GeneralSecurityException {
		Signature signer = (provider != null) ? Signature.getInstance(algorithm, provider)
				: Signature.getInstance(algorithm);
		signer.initSign(privateKey);
		signer.update(PROBE);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(publicKey);
		verifier.update(PROBE);
		return verifier.verify(signature);
	}

}
