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

import java.io.Serial;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a signing key, key store or certificate cannot be loaded or does not fit
 * the way it is meant to be used. The message names the cause and the fix; it never
 * contains key material or passwords.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public class SigningKeyException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new {@link SigningKeyException}.
	 * @param message the message naming the cause and the fix
	 */
	public SigningKeyException(String message) {
		super(message);
	}

	/**
	 * Create a new {@link SigningKeyException}.
	 * @param message the message naming the cause and the fix
	 * @param cause the underlying failure
	 */
	public SigningKeyException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	@Override
	public String getMessage() {
		// every constructor takes a message
		return Objects.requireNonNull(super.getMessage());
	}

}
