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

package io.github.jwtbearer.client.registration;

import org.jspecify.annotations.Nullable;

/**
 * A repository of {@link JwtBearerRegistration}s, looked up by the id of the matching
 * {@code ClientRegistration}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface JwtBearerRegistrationRepository {

	/**
	 * Return the registration with the given id.
	 * @param registrationId the registration id
	 * @return the registration, or {@code null} when there is none
	 */
	@Nullable JwtBearerRegistration findByRegistrationId(String registrationId);

}
