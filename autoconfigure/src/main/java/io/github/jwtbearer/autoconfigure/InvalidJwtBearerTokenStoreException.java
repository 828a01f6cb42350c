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

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the {@code jwt-bearer.token-store.*} properties do not describe
 * a usable token store. Its message never holds a property's value.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public class InvalidJwtBearerTokenStoreException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String property;

	private final String action;

	/**
	 * Create a new exception.
	 * @param property the property at fault, relative to {@code jwt-bearer.token-store}
	 * (such as {@code encryption-key})
	 * @param reason what is wrong
	 * @param action what to change
	 * @param cause the underlying failure, or {@code null}
	 */
	public InvalidJwtBearerTokenStoreException(String property, String reason, String action,
			@Nullable Throwable cause) {
		super("The JWT bearer token store is misconfigured: " + reason + " (property " + propertyName(property) + ")",
				cause);
		this.property = property;
		this.action = action;
	}

	/**
	 * Return the full name of a token store property.
	 * @param property the property, relative to {@code jwt-bearer.token-store}
	 * @return the full property name
	 */
	public static String propertyName(String property) {
		return "jwt-bearer.token-store." + property;
	}

	/**
	 * Return the full name of the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return propertyName(this.property);
	}

	/**
	 * Return what to change.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
