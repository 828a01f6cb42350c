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

import org.jspecify.annotations.Nullable;

/**
 * Strategy that supplies the {@link JwtSigner} of a registration from the application,
 * for a key that no property can describe, such as one in a cloud KMS.
 * <p>
 * Declare one as a bean: at startup it is asked once for each JWT bearer registration. A
 * registration it answers for signs with that signer and configures no key of its own
 * ({@code private-key}, {@code key-store}, {@code ssl-bundle}, {@code credentials-file},
 * {@code pkcs11.*} or {@code certificate}); return {@code null} for a registration whose
 * key the properties describe.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface JwtBearerSignerResolver {

	/**
	 * Return the signer of a registration.
	 * @param registrationId the registration id
	 * @return the signer, or {@code null} when the registration's properties configure
	 * its key
	 */
	@Nullable JwtSigner resolveSigner(String registrationId);

}
