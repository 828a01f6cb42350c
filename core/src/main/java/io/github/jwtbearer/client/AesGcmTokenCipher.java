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

package io.github.jwtbearer.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Encrypts the values of a shared store with AES-GCM: a fresh 96-bit IV per value, a
 * 128-bit tag, and the store key as associated data, so that a value copied under another
 * key (another subject's, say) does not decrypt.
 * <p>
 * A value is {@code version (1) | key id (1) | IV (12) | ciphertext and tag}. The key id
 * is the first byte of the SHA-256 of the key, so that after a key rotation the values
 * written with the old key are recognised and treated as missing.
 *
 * @author JWT Bearer for Spring contributors
 */
final class AesGcmTokenCipher {

	private static final byte VERSION = 1;

	private static final int IV_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	private final byte keyId;

	AesGcmTokenCipher(SecretKey key) {
		Assert.notNull(key, "key cannot be null");
		Assert.isTrue("AES".equalsIgnoreCase(key.getAlgorithm()), "key must be an AES key");
		byte[] encoded = key.getEncoded();
		Assert.isTrue(encoded != null && (encoded.length == 16 || encoded.length == 24 || encoded.length == 32),
				"key must be an AES key of 128, 192 or 256 bits");
		this.key = key;
		this.keyId = sha256(encoded)[0];
	}

	byte[] encrypt(byte[] plaintext, String associatedData) {
		byte[] iv = new byte[IV_LENGTH];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(2 + IV_LENGTH + ciphertext.length)
				.put(VERSION)
				.put(this.keyId)
				.put(iv)
				.put(ciphertext)
				.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encrypting a token for the shared store failed", ex);
		}
	}

	/**
	 * Decrypt a value.
	 * @param value the stored value
	 * @param associatedData the store key the value was written under
	 * @return the plaintext, or {@code null} when the value was written with another key,
	 * in another format, or was changed
	 */
	byte @Nullable [] decrypt(byte[] value, String associatedData) {
		if (value.length < 2 + IV_LENGTH + TAG_BITS / 8 || value[0] != VERSION || value[1] != this.keyId) {
			return null;
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, value, 2, IV_LENGTH));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(value, 2 + IV_LENGTH, value.length - 2 - IV_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			// the tag does not match: the value is not ours to trust
			return null;
		}
	}

	static byte[] sha256(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

}
