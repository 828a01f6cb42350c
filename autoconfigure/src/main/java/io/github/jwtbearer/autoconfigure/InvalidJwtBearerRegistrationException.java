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
 * Thrown at startup when a {@code jwt-bearer.registration.*} entry cannot work. It names
 * the registration, the property, the cause and the fix; it never holds key material,
 * passwords or secrets.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see InvalidJwtBearerRegistrationFailureAnalyzer
 */
public class InvalidJwtBearerRegistrationException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String registrationId;

	private final String property;

	private final String action;

	/**
	 * Create a new exception.
	 * @param registrationId the registration id
	 * @param property the property at fault, relative to the registration (such as
	 * {@code private-key})
	 * @param reason what is wrong
	 * @param action what to change
	 * @param cause the underlying failure, or {@code null}
	 */
	public InvalidJwtBearerRegistrationException(String registrationId, String property, String reason, String action,
			@Nullable Throwable cause) {
		super("JWT bearer registration '" + registrationId + "' is invalid: " + reason + " (property "
				+ propertyName(registrationId, property) + ")", cause);
		this.registrationId = registrationId;
		this.property = property;
		this.action = action;
	}

	/**
	 * Return the full name of a registration property.
	 * @param registrationId the registration id
	 * @param property the property, relative to the registration
	 * @return the full property name
	 */
	public static String propertyName(String registrationId, String property) {
		return "jwt-bearer.registration." + registrationId + "." + property;
	}

	/**
	 * Return the registration id.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the full name of the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return propertyName(this.registrationId, this.property);
	}

	/**
	 * Return what to change.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
