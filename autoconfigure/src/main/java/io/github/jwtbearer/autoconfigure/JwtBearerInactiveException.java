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

import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Thrown at startup when {@code jwt-bearer.*} properties are set but no
 * {@code jwt-bearer.registration.<id>} is, so the starter would stay inactive.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerInactiveException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String action;

	JwtBearerInactiveException(ConfigurationProperty property, @Nullable String nearest) {
		super("JWT bearer for Spring is inactive: no registration is configured under jwt-bearer.registration.<id>, "
				+ "yet '" + property.getName() + "' is set"
				+ ((property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : ""));
		this.action = ((nearest != null) ? "Did you mean '" + nearest + "'? " : "")
				+ "Configure each registration under jwt-bearer.registration.<id> (singular 'registration'), "
				+ "such as jwt-bearer.registration.salesforce.client-id, or remove the jwt-bearer.* properties. "
				+ "Do not define an OAuth2AuthorizedClientManager of your own for this: the starter provides it "
				+ "once a registration is configured.";
	}

	String getAction() {
		return this.action;
	}

}
