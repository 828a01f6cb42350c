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

import java.security.cert.X509Certificate;
import java.util.Set;

import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.kms.FakeAwsKms.KmsClient;
import io.github.jwtbearer.assertion.kms.FakeAwsKms.MessageType;
import io.github.jwtbearer.assertion.kms.FakeAwsKms.SdkBytes;
import io.github.jwtbearer.assertion.kms.FakeAwsKms.SignResponse;
import io.github.jwtbearer.assertion.kms.FakeAwsKms.SigningAlgorithmSpec;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * The AWS KMS signer of docs/keys.md, word for word below the imports (which name the AWS
 * SDK there and {@link FakeAwsKms} here).
 *
 * @author JWT Bearer for Spring contributors
 */
public class KmsJwtSigner implements JwtSigner {

	private final KmsClient kms;

	private final String keyId;

	private final X509Certificate certificate;

	public KmsJwtSigner(KmsClient kms, String keyId, X509Certificate certificate) {
		this.kms = kms;
		this.keyId = keyId;
		this.certificate = certificate;
	}

	@Override
	public Set<SignatureAlgorithm> getAlgorithms() {
		return isEc() ? Set.of(SignatureAlgorithm.ES256) : Set.of(SignatureAlgorithm.RS256);
	}

	@Override
	public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
		SignResponse response = this.kms.sign((request) -> request.keyId(this.keyId)
			.message(SdkBytes.fromByteArray(signingInput))
			.messageType(MessageType.RAW)
			.signingAlgorithm(
					isEc() ? SigningAlgorithmSpec.ECDSA_SHA_256 : SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256));
		// KMS returns ECDSA signatures in DER: the starter turns them into JOSE's R || S
		return response.signature().asByteArray();
	}

	@Override
	public X509Certificate getCertificate() {
		return this.certificate;
	}

	private boolean isEc() {
		return "EC".equals(this.certificate.getPublicKey().getAlgorithm());
	}

}
