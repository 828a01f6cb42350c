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

package io.github.jwtbearer.client.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.util.Assert;

/**
 * A {@link ClientRegistration} of the JWT bearer grant with what the providers need
 * beyond it: the assertion minter, the subject to act as, the lifetime assumed for tokens
 * without {@code expires_in}, and the token endpoint timeouts.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerRegistration {

	private final ClientRegistration clientRegistration;

	private final JwtAssertionMinter assertionMinter;

	private final @Nullable String subject;

	private final String providerName;

	private final Duration tokenLifetime;

	private final Duration clockSkew;

	private final Duration refreshBeforeExpiry;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final boolean instanceUrlBaseUrl;

	private final Set<String> instanceUrlHosts;

	private final int maxTokenRequestsPerHour;

	private final Duration errorCooldown;

	private JwtBearerRegistration(Builder builder) {
		this.clientRegistration = builder.clientRegistration;
		this.assertionMinter = builder.assertionMinter;
		this.subject = builder.subject;
		this.providerName = builder.providerName;
		this.tokenLifetime = builder.tokenLifetime;
		this.clockSkew = builder.clockSkew;
		this.refreshBeforeExpiry = builder.refreshBeforeExpiry;
		this.connectTimeout = builder.connectTimeout;
		this.readTimeout = builder.readTimeout;
		this.instanceUrlBaseUrl = builder.instanceUrlBaseUrl;
		this.instanceUrlHosts = Collections.unmodifiableSet(new LinkedHashSet<>(builder.instanceUrlHosts));
		this.maxTokenRequestsPerHour = builder.maxTokenRequestsPerHour;
		this.errorCooldown = builder.errorCooldown;
	}

	/**
	 * Start building a registration.
	 * @param clientRegistration the client registration, of grant type
	 * {@code urn:ietf:params:oauth:grant-type:jwt-bearer}
	 * @param assertionMinter the minter of the registration's assertions
	 * @return a builder
	 */
	public static Builder withClientRegistration(ClientRegistration clientRegistration,
			JwtAssertionMinter assertionMinter) {
		return new Builder(clientRegistration, assertionMinter);
	}

	/**
	 * Return the registration id.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.clientRegistration.getRegistrationId();
	}

	/**
	 * Return the client registration.
	 * @return the client registration
	 */
	public ClientRegistration getClientRegistration() {
		return this.clientRegistration;
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
	 * @return the subject, or {@code null} for assertions without {@code sub}
	 */
	public @Nullable String getSubject() {
		return this.subject;
	}

	/**
	 * Return the name of the provider the registration talks to, such as
	 * {@code salesforce} or {@code google}: a tag of metrics and traces.
	 * @return the provider name; {@code generic} unless set
	 */
	public String getProviderName() {
		return this.providerName;
	}

	/**
	 * Return the lifetime assumed for a token whose response has no {@code expires_in}.
	 * @return the assumed token lifetime
	 */
	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	/**
	 * Return the tolerance for clock differences when judging whether a token has
	 * expired.
	 * @return the clock skew
	 */
	public Duration getClockSkew() {
		return this.clockSkew;
	}

	/**
	 * Return how long before expiry (less the clock skew) a token is renewed.
	 * @return the renewal margin
	 */
	public Duration getRefreshBeforeExpiry() {
		return this.refreshBeforeExpiry;
	}

	/**
	 * Return the instant from which a token is renewed rather than used.
	 * @param expiresAt when the token expires
	 * @return {@code expiresAt} less the clock skew and the refresh-before-expiry margin
	 */
	public Instant renewalStart(Instant expiresAt) {
		return expiresAt.minus(this.clockSkew).minus(this.refreshBeforeExpiry);
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

	/**
	 * Return whether a request with a relative URI is sent to the token's
	 * {@code instance_url}, as for Salesforce, whose token response names the base URL of
	 * the org's APIs.
	 * @return whether {@code instance_url} is the base URL of relative requests
	 */
	public boolean isInstanceUrlBaseUrl() {
		return this.instanceUrlBaseUrl;
	}

	/**
	 * Return the domains whose hosts a token response's {@code instance_url} may name: a
	 * domain admits itself and its subdomains ({@code salesforce.com} admits
	 * {@code acme.my.salesforce.com}). Empty admits any host. Whatever this holds, an
	 * {@code instance_url} must use https (plain http is accepted on loopback addresses)
	 * and carry no user information, or the token is refused.
	 * @return the allowed domains, lower case; empty for any host
	 */
	public Set<String> getInstanceUrlHosts() {
		return this.instanceUrlHosts;
	}

	/**
	 * Return the login budget: how many token requests one subject of the registration
	 * may send in any hour, retries included. Past it, token requests fail at once
	 * instead of reaching the token endpoint, so that the provider's own login limit
	 * (about 3,600 an hour for a Salesforce user) never locks the user out.
	 * @return the budget, or {@code 0} for none
	 */
	public int getMaxTokenRequestsPerHour() {
		return this.maxTokenRequestsPerHour;
	}

	/**
	 * Return how long callers are answered with a permanent OAuth error (such as
	 * {@code invalid_grant} or {@code invalid_client}) without a new token request.
	 * @return the error cooldown; zero for none
	 */
	public Duration getErrorCooldown() {
		return this.errorCooldown;
	}

	@Override
	public String toString() {
		return "JwtBearerRegistration[registrationId=" + getRegistrationId() + ", subject=" + this.subject
				+ ", tokenLifetime=" + this.tokenLifetime + ", " + this.assertionMinter + "]";
	}

	/**
	 * Builder for {@link JwtBearerRegistration}.
	 */
	public static final class Builder {

		private final ClientRegistration clientRegistration;

		private final JwtAssertionMinter assertionMinter;

		private @Nullable String subject;

		private String providerName = "generic";

		private Duration tokenLifetime = Duration.ofMinutes(15);

		private Duration clockSkew = Duration.ofSeconds(60);

		private Duration refreshBeforeExpiry = Duration.ofSeconds(60);

		private Duration connectTimeout = Duration.ofSeconds(5);

		private Duration readTimeout = Duration.ofSeconds(15);

		private boolean instanceUrlBaseUrl;

		private Set<String> instanceUrlHosts = Set.of();

		private int maxTokenRequestsPerHour;

		private Duration errorCooldown = Duration.ofSeconds(30);

		private Builder(ClientRegistration clientRegistration, JwtAssertionMinter assertionMinter) {
			Assert.notNull(clientRegistration, "clientRegistration cannot be null");
			Assert.isTrue(AuthorizationGrantType.JWT_BEARER.equals(clientRegistration.getAuthorizationGrantType()),
					"clientRegistration must have the jwt-bearer authorization grant type");
			Assert.notNull(assertionMinter, "assertionMinter cannot be null");
			this.clientRegistration = clientRegistration;
			this.assertionMinter = assertionMinter;
		}

		/**
		 * Set the subject ({@code sub}) of the assertions; without one they carry no
		 * {@code sub}.
		 * @param subject the subject, or {@code null}
		 * @return this builder
		 */
		public Builder subject(@Nullable String subject) {
			this.subject = subject;
			return this;
		}

		/**
		 * Set the name of the provider the registration talks to, a tag of metrics and
		 * traces; {@code generic} by default.
		 * @param providerName the provider name
		 * @return this builder
		 */
		public Builder providerName(String providerName) {
			Assert.hasText(providerName, "providerName cannot be empty");
			this.providerName = providerName;
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
		 * Set the tolerance for clock differences when judging whether a token has
		 * expired; 60 seconds by default.
		 * @param clockSkew the clock skew
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			Assert.notNull(clockSkew, "clockSkew cannot be null");
			Assert.isTrue(!clockSkew.isNegative(), "clockSkew must be >= 0");
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * Set how long before expiry (less the clock skew) a token is renewed; 60 seconds
		 * by default.
		 * @param refreshBeforeExpiry the renewal margin
		 * @return this builder
		 */
		public Builder refreshBeforeExpiry(Duration refreshBeforeExpiry) {
			Assert.notNull(refreshBeforeExpiry, "refreshBeforeExpiry cannot be null");
			Assert.isTrue(!refreshBeforeExpiry.isNegative(), "refreshBeforeExpiry must be >= 0");
			this.refreshBeforeExpiry = refreshBeforeExpiry;
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
		 * Set whether a request with a relative URI is sent to the token's
		 * {@code instance_url}; {@code false} by default.
		 * @param instanceUrlBaseUrl whether {@code instance_url} is the base URL
		 * @return this builder
		 */
		public Builder instanceUrlBaseUrl(boolean instanceUrlBaseUrl) {
			this.instanceUrlBaseUrl = instanceUrlBaseUrl;
			return this;
		}

		/**
		 * Set the domains whose hosts a token response's {@code instance_url} may name: a
		 * domain admits itself and its subdomains. Empty, the default, admits any host. A
		 * token whose {@code instance_url} names another host is refused when it arrives,
		 * so that no request carries it there.
		 * @param instanceUrlHosts the allowed domains, such as {@code salesforce.com}
		 * @return this builder
		 */
		public Builder instanceUrlHosts(Collection<String> instanceUrlHosts) {
			Assert.notNull(instanceUrlHosts, "instanceUrlHosts cannot be null");
			Set<String> hosts = new LinkedHashSet<>();
			for (String host : instanceUrlHosts) {
				Assert.hasText(host, "instanceUrlHosts cannot contain an empty host");
				String domain = host.trim().toLowerCase(Locale.ROOT);
				// "*.salesforce.com" and ".salesforce.com" mean what "salesforce.com"
				// means
				domain = domain.startsWith("*.") ? domain.substring(2) : domain;
				domain = domain.startsWith(".") ? domain.substring(1) : domain;
				Assert.isTrue(domain.matches("[a-z0-9.-]+") && !domain.startsWith(".") && !domain.endsWith("."),
						() -> "instanceUrlHosts must hold host names such as salesforce.com, not '" + host + "'");
				hosts.add(domain);
			}
			this.instanceUrlHosts = hosts;
			return this;
		}

		/**
		 * Set how many token requests one subject may send in any hour, retries included;
		 * {@code 0}, the default, for no budget.
		 * @param maxTokenRequestsPerHour the login budget, or {@code 0}
		 * @return this builder
		 */
		public Builder maxTokenRequestsPerHour(int maxTokenRequestsPerHour) {
			Assert.isTrue(maxTokenRequestsPerHour >= 0, "maxTokenRequestsPerHour must be >= 0");
			this.maxTokenRequestsPerHour = maxTokenRequestsPerHour;
			return this;
		}

		/**
		 * Set how long callers are answered with a permanent OAuth error without a new
		 * token request; 30 seconds by default, zero for none.
		 * @param errorCooldown the error cooldown
		 * @return this builder
		 */
		public Builder errorCooldown(Duration errorCooldown) {
			Assert.notNull(errorCooldown, "errorCooldown cannot be null");
			Assert.isTrue(!errorCooldown.isNegative(), "errorCooldown must be >= 0");
			this.errorCooldown = errorCooldown;
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
