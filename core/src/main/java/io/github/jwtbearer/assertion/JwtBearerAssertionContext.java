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

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.util.Assert;

/**
 * What a {@link JwtBearerClaimsCustomizer} is given for one assertion: the JOSE header
 * and the claims, both still open to change, and the registration and subject they are
 * minted for. It plays the part of Spring Security's {@code JwtEncodingContext}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerAssertionContext {

	private final String registrationId;

	private final @Nullable String subject;

	private final JwsHeader.Builder headers;

	private final JwtClaimsSet.Builder claims;

	JwtBearerAssertionContext(String registrationId, @Nullable String subject, JwsHeader.Builder headers,
			JwtClaimsSet.Builder claims) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(headers, "headers cannot be null");
		Assert.notNull(claims, "claims cannot be null");
		this.registrationId = registrationId;
		this.subject = subject;
		this.headers = headers;
		this.claims = claims;
	}

	/**
	 * Return the id of the registration the assertion is minted for.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the subject the assertion is minted for.
	 * @return the {@code sub} claim, or {@code null} when the assertion has none
	 */
	public @Nullable String getSubject() {
		return this.subject;
	}

	/**
	 * Return the JOSE header, with {@code alg}, {@code typ} and, where known, {@code kid}
	 * and {@code x5t#S256} already set. The algorithm cannot be changed: the key signs
	 * with the registration's.
	 * @return the header builder
	 */
	public JwsHeader.Builder getHeaders() {
		return this.headers;
	}

	/**
	 * Return the claims, with {@code iss}, {@code sub}, {@code aud}, {@code iat},
	 * {@code exp}, {@code jti} and the configured claims already set.
	 * @return the claims builder
	 */
	public JwtClaimsSet.Builder getClaims() {
		return this.claims;
	}

}
