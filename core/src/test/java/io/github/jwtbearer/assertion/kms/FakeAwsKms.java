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

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.function.Consumer;

/**
 * Stand-ins for the few types of the AWS SDK for Java 2.x that {@link KmsJwtSigner} uses
 * ({@code software.amazon.awssdk.services.kms.*}, {@code SdkBytes}), with the same names
 * and methods, so that the code docs/keys.md shows compiles without the SDK. The fake KMS
 * signs as AWS KMS does: over the raw message, ECDSA signatures in DER.
 *
 * @author JWT Bearer for Spring contributors
 */
final class FakeAwsKms {

	private FakeAwsKms() {
	}

	/**
	 * {@code software.amazon.awssdk.services.kms.KmsClient}, as far as signing goes.
	 */
	interface KmsClient {

		SignResponse sign(SignRequest signRequest);

		default SignResponse sign(Consumer<SignRequest.Builder> signRequest) {
			SignRequest.Builder builder = new SignRequest.Builder();
			signRequest.accept(builder);
			return sign(builder.build());
		}

		/**
		 * A client whose only key is the given private key.
		 * @param keyId the key id it answers to
		 * @param privateKey the key
		 * @return the client
		 */
		static KmsClient holding(String keyId, PrivateKey privateKey) {
			return (request) -> {
				if (!keyId.equals(request.keyId) || request.messageType != MessageType.RAW) {
					throw new IllegalArgumentException("NotFoundException: no key " + request.keyId);
				}
				try {
					Signature signature = Signature.getInstance(request.signingAlgorithm.jca);
					signature.initSign(privateKey);
					signature.update(request.message.asByteArray());
					return new SignResponse(SdkBytes.fromByteArray(signature.sign()));
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("KMSInvalidStateException", ex);
				}
			};
		}

	}

	static final class SignRequest {

		private final String keyId;

		private final SdkBytes message;

		private final MessageType messageType;

		private final SigningAlgorithmSpec signingAlgorithm;

		private SignRequest(Builder builder) {
			this.keyId = builder.keyId;
			this.message = builder.message;
			this.messageType = builder.messageType;
			this.signingAlgorithm = builder.signingAlgorithm;
		}

		static final class Builder {

			private String keyId;

			private SdkBytes message;

			private MessageType messageType;

			private SigningAlgorithmSpec signingAlgorithm;

			Builder keyId(String keyId) {
				this.keyId = keyId;
				return this;
			}

			Builder message(SdkBytes message) {
				this.message = message;
				return this;
			}

			Builder messageType(MessageType messageType) {
				this.messageType = messageType;
				return this;
			}

			Builder signingAlgorithm(SigningAlgorithmSpec signingAlgorithm) {
				this.signingAlgorithm = signingAlgorithm;
				return this;
			}

			SignRequest build() {
				return new SignRequest(this);
			}

		}

	}

	record SignResponse(SdkBytes signature) {

	}

	static final class SdkBytes {

		private final byte[] bytes;

		private SdkBytes(byte[] bytes) {
			this.bytes = bytes.clone();
		}

		static SdkBytes fromByteArray(byte[] bytes) {
			return new SdkBytes(bytes);
		}

		byte[] asByteArray() {
			return this.bytes.clone();
		}

	}

	enum MessageType {

		RAW, DIGEST

	}

	enum SigningAlgorithmSpec {

		RSASSA_PKCS1_V1_5_SHA_256("SHA256withRSA"), ECDSA_SHA_256("SHA256withECDSA");

		private final String jca;

		SigningAlgorithmSpec(String jca) {
			this.jca = jca;
		}

	}

}
