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

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A {@link ClientAuthorizationException} of a token request the
 * {@link JwtBearerTokenRequestGuard} did not send: the login budget is used up, or the
 * last request failed a moment ago. It is not a failure of the token endpoint, so the
 * guard does not count it as one.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenRequestRefusedException extends ClientAuthorizationException {

	private static final long serialVersionUID = 1L;

	TokenRequestRefusedException(OAuth2Error error, String clientRegistrationId, String message) {
		super(error, clientRegistrationId, message);
	}

	TokenRequestRefusedException(OAuth2Error error, String clientRegistrationId, String message, Throwable cause) {
		super(error, clientRegistrationId, message, cause);
	}

}
