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

/**
 * Callback that adds or changes the header or the claims of every assertion minted for a
 * registration, after the configured claims are set and before the assertion is signed.
 * <p>
 * Declare one as a bean to have it applied to every registration; check
 * {@link JwtBearerAssertionContext#getRegistrationId()} to apply it to some only.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface JwtBearerClaimsCustomizer {

	/**
	 * Customize the header and the claims of an assertion.
	 * @param context the assertion's header and claims, and the registration and subject
	 * it is minted for
	 */
	void customize(JwtBearerAssertionContext context);

}
