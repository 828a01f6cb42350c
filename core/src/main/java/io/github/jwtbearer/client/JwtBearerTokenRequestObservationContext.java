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

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.micrometer.observation.Observation;

import org.springframework.util.Assert;

/**
 * The {@link Observation.Context} of a token request of a JWT bearer registration, from
 * the first assertion to the token or the last failure, retries included.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see JwtBearerTokenRequestObservationConvention
 */
public class JwtBearerTokenRequestObservationContext extends Observation.Context {

	private final JwtBearerRegistration registration;

	private boolean tokenReceived;

	/**
	 * Create a context for a token request of the given registration.
	 * @param registration the registration
	 */
	public JwtBearerTokenRequestObservationContext(JwtBearerRegistration registration) {
		Assert.notNull(registration, "registration cannot be null");
		this.registration = registration;
	}

	/**
	 * Return the registration whose token is requested.
	 * @return the registration
	 */
	public JwtBearerRegistration getRegistration() {
		return this.registration;
	}

	/**
	 * Return whether the token endpoint answered with a token.
	 * @return whether a token was received
	 */
	public boolean isTokenReceived() {
		return this.tokenReceived;
	}

	/**
	 * Set whether the token endpoint answered with a token.
	 * @param tokenReceived whether a token was received
	 */
	public void setTokenReceived(boolean tokenReceived) {
		this.tokenReceived = tokenReceived;
	}

}
