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

package io.github.jwtbearer.client.endpoint;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link Converter} of token response parameters to an
 * {@link OAuth2AccessTokenResponse} that gives a token without {@code expires_in} an
 * assumed lifetime instead of Spring Security's one second.
 * <p>
 * RFC 6749 section 5.1 makes {@code expires_in} only RECOMMENDED, and Salesforce never
 * sends it; its tokens live as long as the session timeout of the connected app. The
 * conversion itself is left to Spring Security's
 * {@link DefaultMapOAuth2AccessTokenResponseConverter}, so every other parameter,
 * {@code instance_url} among them, stays in
 * {@link OAuth2AccessTokenResponse#getAdditionalParameters()}.
 * <p>
 * A response without {@code access_token}, or whose {@code token_type} is not
 * {@code Bearer}, is refused with an {@link IllegalArgumentException} whose message never
 * holds the token. An {@code expires_in} that is a string or a decimal number is read
 * too; one that is not a positive number counts as absent.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerAccessTokenResponseConverter
		implements Converter<Map<String, Object>, OAuth2AccessTokenResponse> {

	private final Converter<Map<String, Object>, OAuth2AccessTokenResponse> delegate = new DefaultMapOAuth2AccessTokenResponseConverter();

	// about 68 years: longer lifetimes are read as this one
	private static final long MAX_LIFETIME_SECONDS = Integer.MAX_VALUE;

	private final long assumedLifetimeSeconds;

	/**
	 * Create a converter.
	 * @param assumedLifetime the lifetime of a token whose response has no
	 * {@code expires_in}
	 */
	public JwtBearerAccessTokenResponseConverter(Duration assumedLifetime) {
		Assert.notNull(assumedLifetime, "assumedLifetime cannot be null");
		Assert.isTrue(assumedLifetime.getSeconds() > 0, "assumedLifetime must be at least one second");
		this.assumedLifetimeSeconds = assumedLifetime.getSeconds();
	}

	@Override
	public OAuth2AccessTokenResponse convert(Map<String, Object> source) {
		Object accessToken = source.get(OAuth2ParameterNames.ACCESS_TOKEN);
		if (!(accessToken instanceof String value) || !StringUtils.hasText(value)) {
			throw new IllegalArgumentException("The token response has no access_token");
		}
		Object tokenType = source.get(OAuth2ParameterNames.TOKEN_TYPE);
		if (tokenType == null) {
			throw new IllegalArgumentException("The token response has no token_type");
		}
		// RFC 6750: the clients send "Authorization: Bearer"; a DPoP-bound or MAC token
		// would need a proof they do not make
		if (!"bearer".equalsIgnoreCase(tokenType.toString())) {
			throw new IllegalArgumentException("The token response has token_type '" + abbreviate(tokenType)
					+ "'; only Bearer tokens are supported");
		}
		// Spring Security reads an expires_in it cannot parse (3600.5, "1e3") as 0,
		// which makes a token expire after one second
		long lifetime = lifetimeSeconds(source.get(OAuth2ParameterNames.EXPIRES_IN));
		Map<String, Object> parameters = new LinkedHashMap<>(source);
		parameters.put(OAuth2ParameterNames.EXPIRES_IN, (lifetime > 0) ? lifetime : this.assumedLifetimeSeconds);
		return this.delegate.convert(parameters);
	}

	// RFC 6749 section 5.1: the lifetime in seconds; 0 when absent or not a positive
	// number, capped so that no date computed from it overflows
	private static long lifetimeSeconds(@Nullable Object expiresIn) {
		BigDecimal seconds;
		try {
			if (expiresIn instanceof Number number) {
				seconds = new BigDecimal(number.toString());
			}
			else if (expiresIn instanceof String text && text.length() <= 32) {
				seconds = new BigDecimal(text.trim());
			}
			else {
				return 0;
			}
		}
		catch (NumberFormatException ex) {
			return 0;
		}
		if (seconds.signum() <= 0) {
			return 0;
		}
		return (seconds.compareTo(BigDecimal.valueOf(MAX_LIFETIME_SECONDS)) >= 0) ? MAX_LIFETIME_SECONDS
				: Math.max(seconds.longValue(), 1);
	}

	private static String abbreviate(Object value) {
		String text = value.toString();
		return (text.length() > 20) ? text.substring(0, 20) + "..." : text;
	}

}
