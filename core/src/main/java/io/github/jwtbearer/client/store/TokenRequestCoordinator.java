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

package io.github.jwtbearer.client.store;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * Decides which caller asks the token endpoint when a token is missing or due for
 * renewal. The JWT bearer managers call it around their token requests: in one
 * application their own single flight already lets one caller ask; a coordinator over a
 * {@link SharedTokenStore} lets one replica of the whole fleet ask, while the others read
 * its token from the store.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService
 */
public interface TokenRequestCoordinator {

	/**
	 * A coordinator for one application on its own: every token request is sent.
	 */
	TokenRequestCoordinator LOCAL = new TokenRequestCoordinator() {

		@Override
		public OAuth2AuthorizedClient obtain(String registrationId, String principalName,
				Supplier<@Nullable OAuth2AuthorizedClient> current, Supplier<OAuth2AuthorizedClient> tokenRequest) {
			return tokenRequest.get();
		}

		@Override
		public @Nullable OAuth2AuthorizedClient renew(String registrationId, String principalName,
				OAuth2AuthorizedClient current, Supplier<OAuth2AuthorizedClient> renewal) {
			return renewal.get();
		}

	};

	/**
	 * Obtain the token of a registration and principal that is missing or has expired:
	 * send the token request, or wait for the one another replica sent.
	 * @param registrationId the registration id
	 * @param principalName the name the token is stored under
	 * @param current reads the stored token, {@code null} while there is no valid one
	 * @param tokenRequest sends the token request and stores its token
	 * @return the token
	 */
	OAuth2AuthorizedClient obtain(String registrationId, String principalName,
			Supplier<@Nullable OAuth2AuthorizedClient> current, Supplier<OAuth2AuthorizedClient> tokenRequest);

	/**
	 * Renew a valid token ahead of its expiry, unless another replica does.
	 * @param registrationId the registration id
	 * @param principalName the name the token is stored under
	 * @param current the token to renew
	 * @param renewal sends the token request and stores its token
	 * @return the renewed token, a newer token another replica stored, or {@code null}
	 * when there is none to give (another replica's renewal has not stored one in time,
	 * say): the current token then serves until it expires
	 */
	@Nullable OAuth2AuthorizedClient renew(String registrationId, String principalName, OAuth2AuthorizedClient current,
			Supplier<OAuth2AuthorizedClient> renewal);

}
