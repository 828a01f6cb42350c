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

package io.github.jwtbearer.client;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;

/**
 * Strategy that picks the subject ({@code sub}) of the assertion for each call, such as
 * the Salesforce username of the current user. Tokens are cached per registration and
 * subject.
 * <p>
 * Declare one as a bean to have it used for every JWT bearer registration; return
 * {@code null} to fall back to the registration's configured {@code subject}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface JwtBearerSubjectResolver {

	/**
	 * Resolve the subject of a call.
	 * @param authorizeRequest the request for an authorized client, with the registration
	 * id, the principal ({@code anonymousUser} outside an authenticated request) and the
	 * request attributes
	 * @return the subject, or {@code null} for the registration's configured subject
	 */
	@Nullable String resolveSubject(OAuth2AuthorizeRequest authorizeRequest);

}
