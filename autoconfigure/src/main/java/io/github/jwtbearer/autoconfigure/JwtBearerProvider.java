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

package io.github.jwtbearer.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Provider presets of a JWT bearer registration.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public enum JwtBearerProvider {

	/**
	 * Salesforce production and developer orgs.
	 */
	SALESFORCE("https://login.salesforce.com/services/oauth2/token", "https://login.salesforce.com", true, false,
			Duration.ofMinutes(3), Duration.ofMinutes(15)),

	/**
	 * Salesforce sandboxes.
	 */
	SALESFORCE_SANDBOX("https://test.salesforce.com/services/oauth2/token", "https://test.salesforce.com", true, false,
			Duration.ofMinutes(3), Duration.ofMinutes(15)),

	/**
	 * Google service accounts.
	 */
	GOOGLE("https://oauth2.googleapis.com/token", null, false, true, Duration.ofHours(1), Duration.ofMinutes(15)),

	/**
	 * Any RFC 7523 authorization server.
	 */
	GENERIC(null, null, false, false, null, Duration.ofMinutes(15));

	// the domains Salesforce serves org APIs from; Experience Cloud sites (site.com) and
	// setup domains never are an instance_url
	private static final List<String> SALESFORCE_DOMAINS = List.of("salesforce.com", "force.com", "cloudforce.com");

	private final @Nullable String tokenUri;

	private final @Nullable String audience;

	private final boolean rs256Only;

	private final boolean scopeAsClaim;

	private final @Nullable Duration maxAssertionLifetime;

	private final Duration tokenLifetime;

	JwtBearerProvider(@Nullable String tokenUri, @Nullable String audience, boolean rs256Only, boolean scopeAsClaim,
			@Nullable Duration maxAssertionLifetime, Duration tokenLifetime) {
		this.tokenUri = tokenUri;
		this.audience = audience;
		this.rs256Only = rs256Only;
		this.scopeAsClaim = scopeAsClaim;
		this.maxAssertionLifetime = maxAssertionLifetime;
		this.tokenLifetime = tokenLifetime;
	}

	/**
	 * Return the provider's token endpoint.
	 * @return the token URI, or {@code null} when it must be configured
	 */
	public @Nullable String getTokenUri() {
		return this.tokenUri;
	}

	/**
	 * Return the fixed audience of the provider. Salesforce wants its login URL even when
	 * the token endpoint is a My Domain URL; other providers want the token URI.
	 * @return the audience, or {@code null} when the audience is the token URI
	 */
	public @Nullable String getAudience() {
		return this.audience;
	}

	/**
	 * Return whether the provider accepts RS256 assertions only.
	 * @return whether only RS256 is accepted
	 */
	public boolean isRs256Only() {
		return this.rs256Only;
	}

	/**
	 * Return whether scopes travel in the assertion's {@code scope} claim rather than as
	 * a request parameter.
	 * @return whether scopes are a claim
	 */
	public boolean isScopeAsClaim() {
		return this.scopeAsClaim;
	}

	/**
	 * Return the longest assertion lifetime the provider accepts.
	 * @return the maximum, or {@code null} when unknown
	 */
	public @Nullable Duration getMaxAssertionLifetime() {
		return this.maxAssertionLifetime;
	}

	/**
	 * Return the default lifetime assumed for tokens without {@code expires_in}.
	 * @return the default token lifetime
	 */
	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	/**
	 * Return the default login budget: token requests one subject may send in an hour.
	 * Salesforce locks a user out after about 3,600 logins an hour, counted across every
	 * integration that logs in as that user: 1,000 leaves room for the others and for
	 * several replicas that do not share a token store.
	 * @return the budget, or {@code 0} for none
	 */
	public int getMaxTokenRequestsPerHour() {
		return isSalesforce() ? 1000 : 0;
	}

	/**
	 * Return whether the provider is one of the Salesforce presets.
	 * @return whether the provider is Salesforce
	 */
	public boolean isSalesforce() {
		return this == SALESFORCE || this == SALESFORCE_SANDBOX;
	}

	/**
	 * Return the domains whose hosts the provider's {@code instance_url} may name. For
	 * Salesforce: {@code salesforce.com} (My Domain hosts such as
	 * {@code acme.my.salesforce.com}, {@code acme--dev.sandbox.my.salesforce.com},
	 * {@code acme-dev-ed.develop.my.salesforce.com}, and instance hosts such as
	 * {@code na1.salesforce.com}), {@code force.com} ({@code *.lightning.force.com}), and
	 * {@code cloudforce.com} (legacy). Clouds on other domains (Government Cloud Plus,
	 * Salesforce on Alibaba Cloud) are added through the registration's
	 * {@code instance-url-hosts}.
	 * @return the domains, empty when any host is accepted
	 */
	public List<String> getInstanceUrlHosts() {
		return isSalesforce() ? SALESFORCE_DOMAINS : List.of();
	}

	// the name as configured: salesforce-sandbox
	String presetName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
