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

package io.github.jwtbearer.http;

import java.util.HashMap;
import java.util.Map;

import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The attributes our 401 retry gives an
 * {@link org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler
 * OAuth2AuthorizationFailureHandler} or its reactive twin, beside those Spring Security's
 * own interceptor and filter give.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see JwtBearerUnauthorizedRetryInterceptor
 * @see JwtBearerUnauthorizedRetryFilterFunction
 */
final class JwtBearerRetryAttributes {

	private static final String REJECTED_ACCESS_TOKEN_ATTRIBUTE = JwtBearerOAuth2AuthorizedClientManager.REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME;

	private static final String BEARER_PREFIX = "Bearer ";

	private JwtBearerRetryAttributes() {
	}

	/**
	 * Return the access token the API refused with a 401. A failure handler can compare
	 * it with the token it holds and keep a newer one in place: when concurrent requests
	 * are refused with the same token, only the first eviction then leads to a token
	 * request.
	 * @param attributes the attributes given to the failure handler
	 * @return the refused access token, or {@code null} when the request carried none
	 */
	static @Nullable OAuth2AccessToken rejectedAccessToken(Map<String, Object> attributes) {
		Assert.notNull(attributes, "attributes cannot be null");
		return (OAuth2AccessToken) attributes.get(REJECTED_ACCESS_TOKEN_ATTRIBUTE);
	}

	// RFC 6750 section 3.1: invalid_token, "The access token provided is expired,
	// revoked, malformed, or invalid for other reasons"; the status alone decides, as
	// in Spring Security's interceptor and filter
	static ClientAuthorizationException invalidToken(String clientRegistrationId) {
		OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The resource server answered 401 Unauthorized", "https://tools.ietf.org/html/rfc6750#section-3.1");
		return new ClientAuthorizationException(error, clientRegistrationId);
	}

	// the attributes Spring Security gives, with the refused token when the request
	// carried one; the token is an OAuth2AccessToken, whose toString hides the value
	static Map<String, Object> withRejectedAccessToken(Map<String, Object> attributes, HttpHeaders requestHeaders) {
		Map<String, Object> result = new HashMap<>(attributes);
		String authorization = requestHeaders.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			String tokenValue = authorization.substring(BEARER_PREFIX.length()).trim();
			if (StringUtils.hasText(tokenValue)) {
				result.put(REJECTED_ACCESS_TOKEN_ATTRIBUTE,
						new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, null, null));
			}
		}
		return result;
	}

}
