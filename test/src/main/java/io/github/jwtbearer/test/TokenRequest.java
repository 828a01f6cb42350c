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

package io.github.jwtbearer.test;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request that reached the token endpoint of a {@link MockJwtBearerServer}, and how it
 * was answered. Its {@code toString} shows no assertion and no secret.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class TokenRequest {

	private final Map<String, String> parameters;

	private final Map<String, Object> assertionHeader;

	private final Map<String, Object> assertionClaims;

	private final @Nullable String clientSecret;

	private final int status;

	private final @Nullable String error;

	private final @Nullable String errorDescription;

	final @Nullable String accessToken;

	TokenRequest(Map<String, String> parameters, Map<String, Object> assertionHeader,
			Map<String, Object> assertionClaims, @Nullable String clientSecret, int status, @Nullable String error,
			@Nullable String errorDescription, @Nullable String accessToken) {
		this.parameters = Map.copyOf(parameters);
		this.assertionHeader = Map.copyOf(assertionHeader);
		this.assertionClaims = Map.copyOf(assertionClaims);
		this.clientSecret = clientSecret;
		this.status = status;
		this.error = error;
		this.errorDescription = errorDescription;
		this.accessToken = accessToken;
	}

	/**
	 * Return the form parameters of the request, such as {@code grant_type} and
	 * {@code assertion}.
	 * @return the parameters
	 */
	public Map<String, String> getParameters() {
		return this.parameters;
	}

	/**
	 * Return the JOSE header of the assertion ({@code alg}, {@code kid}, ...), empty when
	 * the assertion could not be parsed.
	 * @return the header
	 */
	public Map<String, Object> getAssertionHeader() {
		return this.assertionHeader;
	}

	/**
	 * Return the claims of the assertion as sent ({@code aud} stays a string when it was
	 * one), empty when the assertion could not be parsed.
	 * @return the claims
	 */
	public Map<String, Object> getAssertionClaims() {
		return this.assertionClaims;
	}

	/**
	 * Return the client secret the request carried (HTTP Basic or {@code client_secret}),
	 * if any.
	 * @return the secret or {@code null}
	 */
	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	/**
	 * Return the HTTP status the server answered.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return the OAuth error code the server answered, if it refused the request.
	 * @return the error code or {@code null}
	 */
	public @Nullable String getError() {
		return this.error;
	}

	/**
	 * Return the {@code error_description} the server answered, if it refused the
	 * request.
	 * @return the description or {@code null}
	 */
	public @Nullable String getErrorDescription() {
		return this.errorDescription;
	}

	@Override
	public String toString() {
		return "TokenRequest[status=" + this.status + ", error=" + this.error + ", errorDescription="
				+ this.errorDescription + ", iss=" + this.assertionClaims.get("iss") + ", sub="
				+ this.assertionClaims.get("sub") + "]";
	}

}
