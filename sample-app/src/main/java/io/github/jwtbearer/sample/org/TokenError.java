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

package io.github.jwtbearer.sample.org;

/**
 * An error answer of Salesforce's token endpoint, with the codes and descriptions
 * Salesforce sends for the JWT bearer flow (all with status 400).
 *
 * @param error the OAuth error code
 * @param description the {@code error_description}
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public record TokenError(String error, String description) {

	/**
	 * The {@code sub} is not a user pre-authorized for the app.
	 */
	public static final TokenError USER_NOT_APPROVED = new TokenError("invalid_grant",
			"user hasn't approved this consumer");

	/**
	 * The {@code aud} is not one of the login URLs, or is not a single string.
	 */
	public static final TokenError AUDIENCE_INVALID = new TokenError("invalid_grant", "audience is invalid");

	/**
	 * The assertion cannot be parsed, is not signed with RS256, or its signature does not
	 * verify with the app's certificate.
	 */
	public static final TokenError INVALID_ASSERTION = new TokenError("invalid_grant", "invalid assertion");

	/**
	 * The {@code exp} is missing, past, or more than 3 minutes away.
	 */
	public static final TokenError EXPIRED = new TokenError("invalid_grant", "expired authorization code");

	/**
	 * The {@code iss} is not the consumer key of an app of the org.
	 */
	public static final TokenError INVALID_CLIENT_ID = new TokenError("invalid_client_id", "client identifier invalid");

	/**
	 * The {@code grant_type} is not the JWT bearer grant.
	 */
	public static final TokenError UNSUPPORTED_GRANT_TYPE = new TokenError("unsupported_grant_type",
			"grant type not supported");

}
