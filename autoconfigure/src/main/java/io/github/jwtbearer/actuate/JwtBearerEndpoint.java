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

package io.github.jwtbearer.actuate;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.client.JwtBearerTokenRequestGuard;
import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} that shows every JWT bearer registration: its provider,
 * token endpoint, the claims its assertions carry, the fingerprint of its key, its
 * certificate, the state of its tokens and counters. It shows no token, assertion, key or
 * secret. Its write operation, {@code DELETE /actuator/jwtbearer/{registrationId}}, ends
 * the error cooldown of a registration; the endpoint's default access is read-only.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@Endpoint(id = "jwtbearer", defaultAccess = Access.READ_ONLY)
public class JwtBearerEndpoint {

	/**
	 * The subject shown for a registration whose subject a
	 * {@code JwtBearerSubjectResolver} picks per call.
	 */
	public static final String SUBJECT_RESOLVED_PER_CALL = "resolved per call";

	private final JwtBearerRegistrationRepository registrations;

	private final JwtBearerTokenStates states;

	private final boolean subjectResolved;

	private Clock clock = Clock.systemUTC();

	private Function<String, @Nullable Instant> keyChanges = (registrationId) -> null;

	private String tokenStoreType = "memory";

	private @Nullable SharedOAuth2AuthorizedClientService sharedTokenStore;

	private @Nullable JwtBearerTokenRequestGuard tokenRequestGuard;

	/**
	 * Create an endpoint.
	 * @param registrations the registrations to show
	 * @param states the state of their tokens
	 * @param subjectResolved whether a {@code JwtBearerSubjectResolver} picks the subject
	 * per call
	 */
	public JwtBearerEndpoint(JwtBearerRegistrationRepository registrations, JwtBearerTokenStates states,
			boolean subjectResolved) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(states, "states cannot be null");
		this.registrations = registrations;
		this.states = states;
		this.subjectResolved = subjectResolved;
	}

	/**
	 * Describe every registration.
	 * @return the registrations, by id
	 */
	@ReadOperation
	public RegistrationsDescriptor registrations() {
		Map<String, RegistrationDescriptor> registrations = new LinkedHashMap<>();
		for (JwtBearerRegistration registration : JwtBearerRegistrations.all(this.registrations)) {
			registrations.put(registration.getRegistrationId(), describe(registration));
		}
		SharedOAuth2AuthorizedClientService shared = this.sharedTokenStore;
		TokenStoreDescriptor tokenStore = (shared != null)
				? new TokenStoreDescriptor(this.tokenStoreType, shared.isAvailable(), shared.getLastError())
				: new TokenStoreDescriptor(this.tokenStoreType, true, null);
		return new RegistrationsDescriptor(registrations, tokenStore);
	}

	/**
	 * Describe one registration.
	 * @param registrationId the registration id
	 * @return the registration, or {@code null} (HTTP 404) when there is none
	 */
	@ReadOperation
	public @Nullable RegistrationDescriptor registration(@Selector String registrationId) {
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(registrationId);
		return (registration != null) ? describe(registration) : null;
	}

	private RegistrationDescriptor describe(JwtBearerRegistration registration) {
		JwtAssertionMinter minter = registration.getAssertionMinter();
		// one signer for what is shown of the key, as a key may be replaced meanwhile
		JwtSigner signer = minter.getSigner();
		String subject = registration.getSubject();
		if (this.subjectResolved) {
			subject = SUBJECT_RESOLVED_PER_CALL + ((subject != null) ? ", else " + subject : "");
		}
		X509Certificate certificate = JwtBearerRegistrations.certificate(registration);
		JwtBearerTokenState state = this.states.get(registration.getRegistrationId());
		return new RegistrationDescriptor(registration.getProviderName(),
				registration.getClientRegistration().getProviderDetails().getTokenUri(), minter.getAudience(),
				minter.getIssuer(), subject, minter.getAlgorithm().getName(), signer.getKeyId(),
				signer.getPublicKeyFingerprint(), this.keyChanges.apply(registration.getRegistrationId()),
				(certificate != null) ? new CertificateDescriptor(certificate.getSubjectX500Principal().getName(),
						certificate.getNotAfter().toInstant(),
						(long) Math.floor(JwtBearerRegistrations.daysLeft(certificate, this.clock))) : null,
				token(registration, state), state.counters());
	}

	private TokenDescriptor token(JwtBearerRegistration registration, JwtBearerTokenState state) {
		JwtBearerTokenRequestGuard guard = this.tokenRequestGuard;
		Instant cooldownEndsAt = (guard != null) ? guard.getCooldownEnd(registration.getRegistrationId()) : null;
		Double loginBudgetUsed = (guard != null && registration.getMaxTokenRequestsPerHour() > 0)
				? guard.getBudgetUsed(registration) : null;
		return new TokenDescriptor(state.tokenState(this.clock.instant()), state.obtainedAt(), state.expiresAt(),
				state.instanceUrl(), state.lastRenewalAt(), state.lastFailure(), state.clockOffset(),
				state.learnedTokenLifetime(), cooldownEndsAt, loginBudgetUsed);
	}

	/**
	 * Set what tells when the key of a registration last changed, for registrations whose
	 * key is loaded again when it is replaced ({@code reload-on-update}).
	 * @param keyChanges when the current key of a registration was loaded, or
	 * {@code null} when its key is not reloaded
	 */
	public void setKeyChanges(Function<String, @Nullable Instant> keyChanges) {
		Assert.notNull(keyChanges, "keyChanges cannot be null");
		this.keyChanges = keyChanges;
	}

	/**
	 * Set the token store to describe: its type, and the shared store whose availability
	 * and last error to show.
	 * @param type the type ({@code memory}, {@code redis}, {@code jdbc})
	 * @param sharedTokenStore the shared store, or {@code null} for the in-memory one
	 */
	public void setTokenStore(String type, @Nullable SharedOAuth2AuthorizedClientService sharedTokenStore) {
		Assert.hasText(type, "type cannot be empty");
		this.tokenStoreType = type;
		this.sharedTokenStore = sharedTokenStore;
	}

	/**
	 * End the error cooldowns and backoffs of a registration, so that the next caller
	 * sends a token request: once the cause of a permanent error is fixed outside the
	 * application (the user approved the app, say). A write operation: the endpoint's
	 * default access is read-only, so it needs
	 * {@code management.endpoint.jwtbearer.access=unrestricted}.
	 * @param registrationId the registration id
	 * @return what was ended, or {@code null} (HTTP 204, as Boot answers a write
	 * operation without a result) when there is no such registration or no guard
	 */
	@DeleteOperation
	public @Nullable CooldownDescriptor endCooldown(@Selector String registrationId) {
		JwtBearerTokenRequestGuard guard = this.tokenRequestGuard;
		if (guard == null || this.registrations.findByRegistrationId(registrationId) == null) {
			return null;
		}
		return new CooldownDescriptor(guard.endCooldown(registrationId));
	}

	/**
	 * Set the guard whose cooldowns {@link #endCooldown(String)} ends.
	 * @param tokenRequestGuard the guard of the token requests
	 */
	public void setTokenRequestGuard(JwtBearerTokenRequestGuard tokenRequestGuard) {
		Assert.notNull(tokenRequestGuard, "tokenRequestGuard cannot be null");
		this.tokenRequestGuard = tokenRequestGuard;
	}

	/**
	 * Set the {@link Clock} that judges expiry and the days left of certificates.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * The outcome of ending a registration's cooldowns.
	 *
	 * @param ended how many subjects were in an error cooldown or a backoff
	 */
	public record CooldownDescriptor(int ended) implements OperationResponseBody {

	}

	/**
	 * The registrations of the application, and its token store.
	 *
	 * @param registrations the registrations, by id
	 * @param tokenStore the token store
	 */
	public record RegistrationsDescriptor(Map<String, RegistrationDescriptor> registrations,
			TokenStoreDescriptor tokenStore) implements OperationResponseBody {

	}

	/**
	 * The token store of the application.
	 *
	 * @param type {@code memory}, {@code redis} or {@code jdbc}
	 * @param available whether the store answered the last time it was asked
	 * @param lastError the last failure of a shared store, without secrets
	 */
	public record TokenStoreDescriptor(String type, boolean available, @Nullable String lastError) {

	}

	/**
	 * A registration, without secrets.
	 *
	 * @param provider the provider name, such as {@code salesforce}
	 * @param tokenUri the token endpoint
	 * @param audience the {@code aud} of the assertions
	 * @param issuer the {@code iss} of the assertions
	 * @param subject the {@code sub} of the assertions, or how it is chosen
	 * @param algorithm the signing algorithm
	 * @param keyId the {@code kid} of the assertions, or {@code null}
	 * @param keyFingerprint the SHA-256 fingerprint of the public key, as hex, or
	 * {@code null} when the public key is not known
	 * @param keyChangedAt when the current key was loaded, at startup or when it replaced
	 * the previous key, for a registration with {@code reload-on-update}; else
	 * {@code null}
	 * @param certificate the certificate of the key, or {@code null}
	 * @param token the state of the registration's tokens
	 * @param counters what happened to the registration's tokens so far
	 */
	public record RegistrationDescriptor(String provider, String tokenUri, String audience, String issuer,
			@Nullable String subject, String algorithm, @Nullable String keyId, @Nullable String keyFingerprint,
			@Nullable Instant keyChangedAt, @Nullable CertificateDescriptor certificate, TokenDescriptor token,
			JwtBearerTokenState.Counters counters) implements OperationResponseBody {

	}

	/**
	 * The certificate of a signing key.
	 *
	 * @param subject the subject's distinguished name
	 * @param expiresAt the end of its validity ({@code notAfter})
	 * @param daysLeft the whole days left before it expires, negative once it has
	 */
	public record CertificateDescriptor(String subject, Instant expiresAt, long daysLeft) {

	}

	/**
	 * The state of a registration's tokens: never a token.
	 *
	 * @param state {@code none} before the first token, {@code valid}, {@code expired},
	 * or {@code evicted} after the API rejected it
	 * @param obtainedAt when the last token was obtained
	 * @param expiresAt when the last token expires
	 * @param instanceUrl the {@code instance_url} of the last token response
	 * @param lastRenewalAt when a token was last renewed ahead of expiry
	 * @param lastError the last failed token request
	 * @param clockOffset how far the token endpoint's clock is ahead of this host's
	 * (negative when behind), learned from an assertion it refused; assertions are minted
	 * on its time
	 * @param learnedLifetime the lifetime assumed for tokens without {@code expires_in}
	 * since the API rejected one before it, in place of {@code token-lifetime}
	 * @param cooldownEndsAt when the error cooldown or backoff of the registration ends
	 * (the latest among its subjects), while one holds its token requests back
	 * @param loginBudgetUsed the share of {@code max-token-requests-per-hour} used in the
	 * last hour by the registration's busiest subject, between 0 and 1, for a
	 * registration with a budget
	 */
	public record TokenDescriptor(String state, @Nullable Instant obtainedAt, @Nullable Instant expiresAt,
			@Nullable String instanceUrl, @Nullable Instant lastRenewalAt, @Nullable JwtBearerTokenFailure lastError,
			@Nullable Duration clockOffset, @Nullable Duration learnedLifetime, @Nullable Instant cooldownEndsAt,
			@Nullable Double loginBudgetUsed) {

	}

}
