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

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Client registrations of the JWT bearer grant for tests.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestRegistrations {

	/**
	 * The consumer key of the connected app, the assertion's {@code iss}.
	 */
	public static final String CONSUMER_KEY = "3MVG9A2kN3Bn17hsUZ5_consumer_key";

	private TestRegistrations() {
	}

	/**
	 * Start a Salesforce-like registration, {@code salesforce}, of the JWT bearer grant
	 * without client authentication.
	 * @param tokenUri the token endpoint
	 * @return the builder
	 */
	public static ClientRegistration.Builder salesforce(String tokenUri) {
		return jwtBearer("salesforce", tokenUri);
	}

	/**
	 * Start a registration of the JWT bearer grant without client authentication.
	 * @param registrationId the registration id
	 * @param tokenUri the token endpoint
	 * @return the builder
	 */
	public static ClientRegistration.Builder jwtBearer(String registrationId, String tokenUri) {
		return ClientRegistration.withRegistrationId(registrationId)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.clientId(CONSUMER_KEY)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.tokenUri(tokenUri);
	}

	/**
	 * Start a registration of the client credentials grant.
	 * @param registrationId the registration id
	 * @param tokenUri the token endpoint
	 * @return the builder
	 */
	public static ClientRegistration.Builder clientCredentials(String registrationId, String tokenUri) {
		return ClientRegistration.withRegistrationId(registrationId)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientId("client")
			.clientSecret("secret")
			.tokenUri(tokenUri);
	}

}
