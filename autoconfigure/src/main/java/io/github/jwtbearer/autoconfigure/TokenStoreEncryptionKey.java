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

package io.github.jwtbearer.autoconfigure;

import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Reads {@code jwt-bearer.token-store.encryption-key}: a base64 AES key of 128, 192 or
 * 256 bits. A failure names the property and how to make a key, never the value.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenStoreEncryptionKey {

	static final String PROPERTY = "encryption-key";

	static final String HOW_TO_MAKE_ONE = "Set " + InvalidJwtBearerTokenStoreException.propertyName(PROPERTY)
			+ " to the same base64 AES key on every replica, from a secret store (an environment variable such as"
			+ " JWT_BEARER_TOKEN_STORE_ENCRYPTIONKEY, say). Make one with: openssl rand -base64 32";

	private TokenStoreEncryptionKey() {
	}

	static SecretKey decode(@Nullable String value, String storeType) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJwtBearerTokenStoreException(PROPERTY,
					"a shared token store (" + storeType + ") keeps tokens encrypted, and no encryption key is set",
					HOW_TO_MAKE_ONE, null);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(value.strip());
		}
		catch (IllegalArgumentException ex) {
			// the decoder's message may quote the offending character: not shown
			throw new InvalidJwtBearerTokenStoreException(PROPERTY, "the encryption key is not valid base64",
					HOW_TO_MAKE_ONE, null);
		}
		if (key.length != 16 && key.length != 24 && key.length != 32) {
			throw new InvalidJwtBearerTokenStoreException(PROPERTY,
					"the encryption key decodes to " + key.length
							+ " bytes, and an AES key has 16, 24 or 32 bytes (128, 192 or 256 bits)",
					HOW_TO_MAKE_ONE, null);
		}
		return new SecretKeySpec(key, "AES");
	}

}
