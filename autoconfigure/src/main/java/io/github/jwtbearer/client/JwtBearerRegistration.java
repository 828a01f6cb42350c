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

import java.time.Duration;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What the JWT bearer providers need for one registration beyond Spring Security's
 * {@link org.springframework.security.oauth2.client.registration.ClientRegistration}: the
 * assertion minter, the subject to act as, the lifetime assumed for tokens without
 * {@code expires_in}, and the token endpoint timeouts.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerRegistration {

	private final String registrationId;

	private final JwtAssertionMinter assertionMinter;

	private final @Nullable String subject;

	private final Duration tokenLifetime;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private JwtBearerRegistration(Builder builder) {
		this.registrationId = builder.registrationId;
		this.assertionMinter = builder.assertionMinter;
		this.subject = builder.subject;
		this.tokenLifetime = builder.tokenLifetime;
		this.connectTimeout = builder.connectTimeout;
		this.readTimeout = builder.readTimeout;
	}

	/**
	 * Start building a registration.
	 * @param registrationId the id, the same as the {@code ClientRegistration}'s
	 * @param assertionMinter the minter of the registration's assertions
	 * @return a builder
	 */
	public static Builder withRegistrationId(String registrationId, JwtAssertionMinter assertionMinter) {
		return new Builder(registrationId, assertionMinter);
	}

	/**
	 * Return the registration id.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the minter of the registration's assertions.
	 * @return the assertion minter
	 */
	public JwtAssertionMinter getAssertionMinter() {
		return this.assertionMinter;
	}

	/**
	 * Return the fixed subject ({@code sub}) assertions are minted for.
	 * @return the subject, or {@code null} when the subject is the principal's name
	 */
	public @Nullable String getSubject() {
		return this.subject;
	}

	/**
	 * Return the lifetime assumed for a token whose response has no {@code expires_in}.
	 * @return the assumed token lifetime
	 */
	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	/**
	 * Return the connect timeout of token requests.
	 * @return the connect timeout
	 */
	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Return the read timeout of token requests.
	 * @return the read timeout
	 */
	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	@Override
	public String toString() {
		return "JwtBearerRegistration[registrationId=" + this.registrationId + ", subject=" + this.subject
				+ ", tokenLifetime=" + this.tokenLifetime + ", " + this.assertionMinter + "]";
	}

	/**
	 * Builder for {@link JwtBearerRegistration}.
	 */
	public static final class Builder {

		private final String registrationId;

		private final JwtAssertionMinter assertionMinter;

		private @Nullable String subject;

		private Duration tokenLifetime = Duration.ofMinutes(15);

		private Duration connectTimeout = Duration.ofSeconds(5);

		private Duration readTimeout = Duration.ofSeconds(15);

		private Builder(String registrationId, JwtAssertionMinter assertionMinter) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			Assert.notNull(assertionMinter, "assertionMinter cannot be null");
			this.registrationId = registrationId;
			this.assertionMinter = assertionMinter;
		}

		/**
		 * Set the fixed subject; without one, the principal's name is the subject.
		 * @param subject the subject, or {@code null}
		 * @return this builder
		 */
		public Builder subject(@Nullable String subject) {
			this.subject = subject;
			return this;
		}

		/**
		 * Set the lifetime assumed for a token whose response has no {@code expires_in};
		 * 15 minutes by default.
		 * @param tokenLifetime the assumed lifetime
		 * @return this builder
		 */
		public Builder tokenLifetime(Duration tokenLifetime) {
			Assert.notNull(tokenLifetime, "tokenLifetime cannot be null");
			Assert.isTrue(tokenLifetime.getSeconds() > 0, "tokenLifetime must be at least one second");
			this.tokenLifetime = tokenLifetime;
			return this;
		}

		/**
		 * Set the connect timeout of token requests; 5 seconds by default.
		 * @param connectTimeout the connect timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			Assert.notNull(connectTimeout, "connectTimeout cannot be null");
			Assert.isTrue(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be > 0");
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Set the read timeout of token requests; 15 seconds by default.
		 * @param readTimeout the read timeout
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			Assert.notNull(readTimeout, "readTimeout cannot be null");
			Assert.isTrue(!readTimeout.isNegative() && !readTimeout.isZero(), "readTimeout must be > 0");
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Build the registration.
		 * @return the registration
		 */
		public JwtBearerRegistration build() {
			return new JwtBearerRegistration(this);
		}

	}

}
