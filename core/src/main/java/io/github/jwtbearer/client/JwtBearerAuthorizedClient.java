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

import java.io.Serial;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * An {@link OAuth2AuthorizedClient} obtained with the JWT bearer grant that keeps the
 * extra parameters of the token response, such as Salesforce's {@code instance_url} and
 * {@code id}.
 * <p>
 * Spring Security's {@code OAuth2AuthorizedClient} has no place for them; this subclass
 * lets them travel through any {@code OAuth2AuthorizedClientService} or repository that
 * returns the instance it was given. Spring Security's
 * {@code InMemoryOAuth2AuthorizedClientService} and
 * {@code InMemoryReactiveOAuth2AuthorizedClientService} do not: they return a plain
 * {@code OAuth2AuthorizedClient} copy, so through them the extra parameters reach only
 * the caller whose call obtained the token. The starter's
 * {@link BoundedInMemoryOAuth2AuthorizedClientService} keeps the instance.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public class JwtBearerAuthorizedClient extends OAuth2AuthorizedClient {

	/**
	 * The Salesforce token response parameter that names the base URL of the org's APIs.
	 */
	public static final String INSTANCE_URL = "instance_url";

	@Serial
	private static final long serialVersionUID = 1L;

	// Map.copyOf gives a serializable map, and the values are a token response's JSON
	// values
	// (strings, numbers, booleans, lists and maps of them)
	@SuppressWarnings("serial")
	private final Map<String, Object> additionalParameters;

	/**
	 * Create an authorized client.
	 * @param clientRegistration the client registration
	 * @param principalName the name of the principal the client is authorized for
	 * @param accessToken the access token
	 * @param additionalParameters the extra parameters of the token response
	 */
	public JwtBearerAuthorizedClient(ClientRegistration clientRegistration, String principalName,
			OAuth2AccessToken accessToken, Map<String, Object> additionalParameters) {
		super(clientRegistration, principalName, accessToken);
		this.additionalParameters = Map.copyOf(additionalParameters);
	}

	/**
	 * Return the parameters of the token response other than the standard ones
	 * ({@code access_token}, {@code token_type}, {@code expires_in}, {@code scope},
	 * {@code refresh_token}).
	 * @return the additional parameters, never {@code null}
	 */
	public Map<String, Object> getAdditionalParameters() {
		return this.additionalParameters;
	}

	/**
	 * Return Salesforce's {@code instance_url}: the base URL of the org's APIs.
	 * @return the instance URL, or {@code null} when the response had none
	 */
	public @Nullable String getInstanceUrl() {
		Object instanceUrl = this.additionalParameters.get(INSTANCE_URL);
		return (instanceUrl != null) ? instanceUrl.toString() : null;
	}

	@Override
	public String toString() {
		return "JwtBearerAuthorizedClient[registrationId=" + getClientRegistration().getRegistrationId()
				+ ", principalName=" + getPrincipalName() + ", expiresAt=" + getAccessToken().getExpiresAt()
				+ ", additionalParameters=" + this.additionalParameters.keySet() + "]";
	}

}
