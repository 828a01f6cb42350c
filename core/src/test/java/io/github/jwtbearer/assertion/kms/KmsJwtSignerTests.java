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

package io.github.jwtbearer.assertion.kms;

import java.security.KeyPair;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.kms.FakeAwsKms.KmsClient;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestJwts.DecodedJwt;
import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the AWS KMS signer that docs/keys.md shows, against a fake KMS.
 *
 * @author JWT Bearer for Spring contributors
 */
class KmsJwtSignerTests {

	@Test
	void mintWithEcKeyInKmsThenDerSignatureIsSentAsJoseAndVerifies() {
		KeyPair keyPair = TestKeys.ec("P-256");
		assertVerifies(keyPair, SignatureAlgorithm.ES256);
	}

	@Test
	void mintWithRsaKeyInKmsThenSignatureVerifies() {
		KeyPair keyPair = TestKeys.rsa2048();
		assertVerifies(keyPair, SignatureAlgorithm.RS256);
	}

	private static void assertVerifies(KeyPair keyPair, SignatureAlgorithm algorithm) {
		String keyId = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd";
		KmsJwtSigner signer = new KmsJwtSigner(KmsClient.holding(keyId, keyPair.getPrivate()), keyId,
				TestKeys.selfSignedCertificate(keyPair));
		Jwt assertion = JwtAssertionMinter.withSigner("salesforce", signer)
			.algorithm(algorithm)
			.issuer("3MVG9A2kN3Bn17hsUZ5")
			.audience("https://login.salesforce.com")
			.build()
			.mint("integration@acme.com");
		DecodedJwt decoded = TestJwts.verify(assertion.getTokenValue(), keyPair.getPublic());
		assertThat(decoded.header()).containsEntry("alg", algorithm.getName())
			.containsEntry("x5t#S256", TestJwts.sha256Thumbprint(signer.getCertificate()));
	}

}
