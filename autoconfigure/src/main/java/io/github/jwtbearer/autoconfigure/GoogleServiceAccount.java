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

import io.github.jwtbearer.assertion.JwtSigningKey;
import org.jspecify.annotations.Nullable;

/**
 * What a Google service-account JSON key file holds for the JWT bearer grant.
 *
 * @param clientEmail the service account's email, the assertion's {@code iss}
 * @param tokenUri the token endpoint named in the file, or {@code null}
 * @param signingKey the service account's private key, with its {@code kid}
 * @author JWT Bearer for Spring contributors
 */
record GoogleServiceAccount(String clientEmail, @Nullable String tokenUri, JwtSigningKey signingKey) {

}
