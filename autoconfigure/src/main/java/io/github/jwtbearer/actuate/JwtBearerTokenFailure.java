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

package io.github.jwtbearer.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The last failed token request of a registration, as operators see it: never a token or
 * an assertion.
 *
 * @param outcome the {@link io.github.jwtbearer.client.JwtBearerTokenRequestOutcome
 * outcome}, such as {@code oauth_error}
 * @param errorCode the OAuth error code, such as {@code invalid_grant}, or {@code null}
 * @param description the OAuth error description, or what kind of failure it was
 * @param at when the failure was heard of
 * @param renewal whether it was a renewal ahead of expiry, in the background
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public record JwtBearerTokenFailure(String outcome, @Nullable String errorCode, @Nullable String description,
		Instant at, boolean renewal) {

}
