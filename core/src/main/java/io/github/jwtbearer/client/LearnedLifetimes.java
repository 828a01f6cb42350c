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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * The lifetime of tokens learned from the API, per registration: a token whose lifetime
 * was assumed ({@code token-lifetime}, the response had no {@code expires_in}) and that
 * the API rejected with HTTP 401 well before its renewal was due tells how long the
 * provider's sessions really last, as Salesforce's session timeout, an org setting the
 * starter cannot read.
 * <p>
 * Its age when rejected becomes the lifetime of the registration's later tokens whose
 * lifetime is assumed, so that they are renewed before the sessions end. A token rejected
 * younger than {@link #MIN_LIFETIME} teaches nothing: that is a revoked session or a
 * permission the user lacks, not a session timeout. The lifetime only shrinks; each new
 * one is logged once, at WARN, and told to the {@link JwtBearerTokenListener}. A token
 * whose lifetime came from {@code expires_in} teaches nothing: a 401 before its expiry
 * means it was revoked.
 *
 * @author JWT Bearer for Spring contributors
 */
final class LearnedLifetimes {

	/**
	 * The shortest lifetime learned: a token rejected sooner was more likely revoked, or
	 * refused for a permission, than timed out, and renewals would come too often.
	 */
	static final Duration MIN_LIFETIME = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(LearnedLifetimes.class);

	private final Map<String, Duration> lifetimes = new ConcurrentHashMap<>();

	/**
	 * Return the lifetime learned for the registration's tokens.
	 * @param registration the registration
	 * @return the learned lifetime, or {@code null} while nothing was learned
	 */
	@Nullable Duration get(JwtBearerRegistration registration) {
		return this.lifetimes.get(registration.getRegistrationId());
	}

	/**
	 * Learn from a token the API rejected with HTTP 401.
	 * @param registration the registration
	 * @param rejected the rejected token, dated by the manager's clock when it arrived
	 * @param now the current instant, on the manager's clock
	 * @param listener the listener told of a new lifetime
	 */
	void rejected(JwtBearerRegistration registration, OAuth2AccessToken rejected, Instant now,
			JwtBearerTokenListener listener) {
		Instant issuedAt = rejected.getIssuedAt();
		Instant expiresAt = rejected.getExpiresAt();
		Duration lifetime = (issuedAt != null && expiresAt != null) ? Duration.between(issuedAt, expiresAt) : null;
		// well before its renewal was due: a 401 near the end of its life teaches nothing
		if (issuedAt == null || expiresAt == null || lifetime == null || !isAssumed(registration, lifetime)
				|| !now.isBefore(RenewalWindow.of(rejected, registration).renewalStart(expiresAt))) {
			return;
		}
		Duration learned = Duration.between(issuedAt, now).truncatedTo(ChronoUnit.SECONDS);
		if (learned.compareTo(MIN_LIFETIME) < 0) {
			return;
		}
		AtomicBoolean shortened = new AtomicBoolean();
		this.lifetimes.compute(registration.getRegistrationId(), (id, previous) -> {
			// only ever shorter: concurrent 401s of the same token teach it once
			Duration current = (previous != null) ? previous : registration.getTokenLifetime();
			shortened.set(learned.compareTo(current) < 0);
			return shortened.get() ? learned : previous;
		});
		if (!shortened.get()) {
			return;
		}
		logger.warn(LogMessage.format(
				"The API rejected a token of registration '%s' (HTTP 401) %d seconds after it was obtained, although "
						+ "it was assumed to live %d seconds (the token response had no expires_in): later tokens are "
						+ "assumed to live %d seconds and renewed before then. Set the registration's token-lifetime "
						+ "to the provider's session timeout (Salesforce: the session timeout of the connected app or "
						+ "the org)",
				registration.getRegistrationId(), learned.toSeconds(), lifetime.toSeconds(), learned.toSeconds()));
		listener.tokenLifetimeLearned(registration, learned);
	}

	/**
	 * Shorten a new token whose lifetime is assumed to the lifetime learned.
	 * @param registration the registration
	 * @param authorizedClient the authorized client of the new token
	 * @return the authorized client, its token expiring at the learned lifetime at the
	 * latest
	 */
	OAuth2AuthorizedClient apply(JwtBearerRegistration registration, OAuth2AuthorizedClient authorizedClient) {
		Duration learned = get(registration);
		OAuth2AccessToken token = authorizedClient.getAccessToken();
		Instant issuedAt = token.getIssuedAt();
		Instant expiresAt = token.getExpiresAt();
		if (learned == null || issuedAt == null || expiresAt == null
				|| !Duration.between(issuedAt, expiresAt).equals(registration.getTokenLifetime())
				|| learned.compareTo(registration.getTokenLifetime()) >= 0) {
			return authorizedClient;
		}
		OAuth2AccessToken shortened = new OAuth2AccessToken(token.getTokenType(), token.getTokenValue(), issuedAt,
				issuedAt.plus(learned), token.getScopes());
		if (authorizedClient instanceof JwtBearerAuthorizedClient jwtBearer) {
			return new JwtBearerAuthorizedClient(jwtBearer.getClientRegistration(), jwtBearer.getPrincipalName(),
					shortened, jwtBearer.getAdditionalParameters());
		}
		return new OAuth2AuthorizedClient(authorizedClient.getClientRegistration(), authorizedClient.getPrincipalName(),
				shortened, authorizedClient.getRefreshToken());
	}

	// the token endpoint gave no expires_in: the token lives token-lifetime, or what was
	// learned since
	private boolean isAssumed(JwtBearerRegistration registration, Duration lifetime) {
		return lifetime.equals(registration.getTokenLifetime()) || lifetime.equals(get(registration));
	}

}
