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

import java.io.Serial;

/**
 * Thrown at startup when {@code jwt-bearer.token-store.*} asks for a store the
 * application cannot have.
 *
 * @author JWT Bearer for Spring contributors
 */
class InvalidTokenStoreException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String action;

	InvalidTokenStoreException(String reason, String action) {
		super(reason);
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}
