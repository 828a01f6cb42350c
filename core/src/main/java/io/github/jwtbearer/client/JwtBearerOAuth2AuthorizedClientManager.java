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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.TokenRequestCoordinator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizedClientManager} that keeps the tokens of JWT bearer
 * registrations valid under load, outside as well as inside HTTP requests, and hands
 * every other registration to a delegate manager.
 * <ul>
 * <li>Tokens are stored per registration and subject (the fixed {@code subject}, or the
 * one a {@link JwtBearerSubjectResolver} picks per call), not per logged-in
 * principal.</li>
 * <li>Callers that need a token for the same registration and subject at the same time
 * share one token request, and all get its result or its error, whatever it is. They wait
 * for it a bounded time ({@link #setSharedTokenRequestTimeout(Duration)}) and stop
 * waiting when interrupted.</li>
 * <li>Within {@code refresh-before-expiry} of expiry, callers keep getting the current
 * token while one background request renews it, on a small bounded pool
 * ({@link #setRenewalExecutor(Executor)}). If that renewal fails, the failure is logged
 * once and the current token serves until it expires.</li>
 * <li>A {@link JwtBearerTokenListener} that throws is logged once and ignored.</li>
 * </ul>
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see JwtBearerReactiveOAuth2AuthorizedClientManager
 */
public final class JwtBearerOAuth2AuthorizedClientManager implements OAuth2AuthorizedClientManager {

	/**
	 * The name of the attribute, given to an {@link OAuth2AuthorizationFailureHandler} or
	 * its reactive twin, holding the {@link OAuth2AccessToken} the API refused with a
	 * 401. The {@link #authorizationFailureHandler() failure handlers} of the JWT bearer
	 * managers evict the stored token only when it is that one.
	 */
	public static final String REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME = JwtBearerOAuth2AuthorizedClientManager.class
		.getName()
		.concat(".REJECTED_ACCESS_TOKEN");

	private static final Log logger = LogFactory.getLog(JwtBearerOAuth2AuthorizedClientManager.class);

	private final JwtBearerRegistrationRepository registrations;

	private final OAuth2AuthorizedClientService authorizedClientService;

	private final OAuth2AuthorizedClientProvider authorizedClientProvider;

	private final OAuth2AuthorizedClientManager delegate;

	private final Map<JwtBearerTokenKey, CompletableFuture<OAuth2AuthorizedClient>> inFlight = new ConcurrentHashMap<>();

	private final RenewalClaims renewals = new RenewalClaims();

	private final LearnedLifetimes lifetimes = new LearnedLifetimes();

	private final RejectionEvictions rejectionEvictions = new RejectionEvictions();

	private JwtBearerSubjectResolver subjectResolver = (authorizeRequest) -> null;

	private Executor renewalExecutor = new BoundedRenewalExecutor();

	private JwtBearerTokenListener tokenListener = new JwtBearerTokenListener() {
	};

	private @Nullable Duration sharedTokenRequestTimeout;

	private TokenRequestCoordinator tokenRequestCoordinator = TokenRequestCoordinator.LOCAL;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a manager.
	 * @param registrations the JWT bearer registrations this manager handles
	 * @param authorizedClientService the store of their authorized clients
	 * @param authorizedClientProvider the provider that obtains their tokens, usually a
	 * {@link SignedAssertionOAuth2AuthorizedClientProvider}
	 * @param delegate the manager of every other registration
	 */
	public JwtBearerOAuth2AuthorizedClientManager(JwtBearerRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClientService,
			OAuth2AuthorizedClientProvider authorizedClientProvider, OAuth2AuthorizedClientManager delegate) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(authorizedClientService, "authorizedClientService cannot be null");
		Assert.notNull(authorizedClientProvider, "authorizedClientProvider cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.registrations = registrations;
		this.authorizedClientService = authorizedClientService;
		this.authorizedClientProvider = authorizedClientProvider;
		this.delegate = delegate;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(authorizeRequest.getClientRegistrationId());
		if (registration == null) {
			return this.delegate.authorize(authorizeRequest);
		}
		JwtBearerTokenKey key = JwtBearerTokenKey.of(registration, authorizeRequest, this.subjectResolver);
		OAuth2AuthorizedClient current = cached(registration, key);
		if (current != null) {
			return current;
		}
		// this replica's single flight first, then the fleet's
		return singleFlight(registration, key, () -> this.tokenRequestCoordinator.obtain(key.registrationId(),
				key.principalName(), () -> valid(registration, key), () -> obtain(registration, key)));
	}

	/**
	 * Return the token of a JWT bearer registration if it is cached and valid, as
	 * {@link #authorize(OAuth2AuthorizeRequest)} returns it on a cache hit (renewal ahead
	 * of expiry included), without a token request and without blocking; otherwise
	 * {@code null}, and the caller calls {@code authorize}. Only a store held in memory,
	 * {@link BoundedInMemoryOAuth2AuthorizedClientService}, is read here: any other may
	 * block on I/O, and this method then returns {@code null}. It lets a WebClient call
	 * on an event loop take a cached token without handing the call to another thread.
	 * @param authorizeRequest the request
	 * @return the cached authorized client, or {@code null}
	 * @since 0.1.0
	 */
	public @Nullable OAuth2AuthorizedClient authorizeIfCached(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		if (!(this.authorizedClientService instanceof BoundedInMemoryOAuth2AuthorizedClientService)) {
			return null;
		}
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(authorizeRequest.getClientRegistrationId());
		if (registration == null) {
			return null;
		}
		return cached(registration, JwtBearerTokenKey.of(registration, authorizeRequest, this.subjectResolver));
	}

	private @Nullable OAuth2AuthorizedClient cached(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		OAuth2AuthorizedClient current = load(key);
		if (current != null && !JwtBearerTokens.hasExpired(current.getAccessToken(), registration, this.clock)) {
			this.tokenListener.cacheHit(registration);
			renewAheadIfDue(registration, key, current);
			return current;
		}
		return null;
	}

	/**
	 * Forget the token of a registration and subject, so that the next call obtains a new
	 * one.
	 * @param authorizeRequest the request whose token to forget
	 */
	public void removeAuthorizedClient(OAuth2AuthorizeRequest authorizeRequest) {
		removeAuthorizedClient(authorizeRequest, null);
	}

	/**
	 * Forget the token of a registration and subject if it is the one the API rejected
	 * (HTTP 401), so that the next call obtains a new one. A token obtained meanwhile by
	 * another caller is kept: concurrent 401s cost one new token, not one each.
	 * @param authorizeRequest the request whose token to forget
	 * @param rejected the token the API rejected, or {@code null} to forget any
	 */
	public void removeAuthorizedClient(OAuth2AuthorizeRequest authorizeRequest, @Nullable OAuth2AccessToken rejected) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(authorizeRequest.getClientRegistrationId());
		if (registration == null) {
			return;
		}
		JwtBearerTokenKey key = JwtBearerTokenKey.of(registration, authorizeRequest, this.subjectResolver);
		OAuth2AuthorizedClient stored = load(key);
		if (stored != null && JwtBearerTokens.isRejected(stored, rejected)) {
			if (rejected != null) {
				this.lifetimes.rejected(registration, stored.getAccessToken(), this.clock.instant(),
						this.tokenListener);
				if (!this.rejectionEvictions.tryEvict(key, this.clock.instant())) {
					// the API rejects new tokens as well: a login per call would not help
					JwtBearerTokens.logRejectedTokenKept(logger, registration, key.subject());
					return;
				}
			}
			this.authorizedClientService.removeAuthorizedClient(key.registrationId(), key.principalName());
			this.tokenListener.tokenRemoved(registration, key.subject());
			JwtBearerTokens.logTokenEvicted(logger, registration, key.subject(), rejected != null);
		}
	}

	/**
	 * Return an {@link OAuth2AuthorizationFailureHandler} that evicts the token the API
	 * refused, for a {@link ClientAuthorizationException} with the error
	 * {@code invalid_token} (HTTP 401). The token is forgotten only while it is still the
	 * stored one (the {@link #REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME} attribute), so that
	 * concurrent 401s cost one new token; other failures leave the store alone. Give it
	 * to the 401 retry of RestClient.
	 * @return the failure handler
	 */
	public OAuth2AuthorizationFailureHandler authorizationFailureHandler() {
		return (failure, principal, attributes) -> {
			OAuth2AuthorizeRequest request = JwtBearerTokens.evictionRequest(failure, principal, attributes);
			if (request != null) {
				removeAuthorizedClient(request, JwtBearerTokens.rejectedAccessToken(attributes));
			}
		};
	}

	private @Nullable OAuth2AuthorizedClient load(JwtBearerTokenKey key) {
		return this.authorizedClientService.loadAuthorizedClient(key.registrationId(), key.principalName());
	}

	private @Nullable OAuth2AuthorizedClient valid(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		OAuth2AuthorizedClient current = load(key);
		return (current != null && !JwtBearerTokens.hasExpired(current.getAccessToken(), registration, this.clock))
				? current : null;
	}

	private OAuth2AuthorizedClient singleFlight(JwtBearerRegistration registration, JwtBearerTokenKey key,
			TokenRequest tokenRequest) {
		CompletableFuture<OAuth2AuthorizedClient> mine = new CompletableFuture<>();
		CompletableFuture<OAuth2AuthorizedClient> leader = this.inFlight.putIfAbsent(key, mine);
		if (leader != null) {
			this.tokenListener.sharedTokenRequest(registration);
			return await(registration, leader);
		}
		// leave the map before waking the followers: a caller that comes later reads the
		// store, or asks again after a failure
		try {
			OAuth2AuthorizedClient authorizedClient = tokenRequest.obtain();
			this.inFlight.remove(key, mine);
			mine.complete(authorizedClient);
			return authorizedClient;
		}
		catch (Throwable ex) {
			// any Throwable: an Error, or a checked exception nobody declared, must wake
			// the followers as well, or they and every later caller would wait for good
			this.inFlight.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	// a follower waits a bounded time, and stops waiting when interrupted
	private OAuth2AuthorizedClient await(JwtBearerRegistration registration,
			CompletableFuture<OAuth2AuthorizedClient> leader) {
		Duration timeout = sharedTokenRequestTimeout(registration);
		try {
			return leader.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			// the followers get the leader's own exception, as if they had asked
			// themselves
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("The token request of registration '" + registration.getRegistrationId()
					+ "' failed with " + ((cause != null) ? cause.getClass().getName() : "no cause"), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the token of registration '"
					+ registration.getRegistrationId() + "' that another caller requested", ex);
		}
		catch (TimeoutException ex) {
			String message = "No token for registration '" + registration.getRegistrationId() + "' within "
					+ timeout.toMillis() + " ms while another caller's token request was in flight";
			throw new ClientAuthorizationException(
					new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, message, null),
					registration.getRegistrationId(), message, ex);
		}
	}

	private Duration sharedTokenRequestTimeout(JwtBearerRegistration registration) {
		return (this.sharedTokenRequestTimeout != null) ? this.sharedTokenRequestTimeout
				: JwtBearerTokens.sharedTokenRequestTimeout(registration);
	}

	private OAuth2AuthorizedClient obtain(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		// a leader that finished just before this one started may have stored a token
		OAuth2AuthorizedClient current = load(key);
		if (current != null && !JwtBearerTokens.hasExpired(current.getAccessToken(), registration, this.clock)) {
			return current;
		}
		this.renewals.reset(key);
		Authentication principal = key.principal();
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext
			.withClientRegistration(registration.getClientRegistration())
			.principal(principal)
			.attributes((attributes) -> {
				key.addSubjectTo(attributes);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.CLOCK_ATTRIBUTE_NAME, this.clock);
				attributes.put(JwtBearerTokens.TOKEN_LISTENER_ATTRIBUTE_NAME, this.tokenListener);
			})
			.build();
		try {
			OAuth2AuthorizedClient authorizedClient = this.authorizedClientProvider.authorize(context);
			Assert.state(authorizedClient != null,
					"No token was obtained for registration '" + registration.getRegistrationId() + "'");
			authorizedClient = this.lifetimes.apply(registration, authorizedClient);
			this.authorizedClientService.saveAuthorizedClient(authorizedClient, principal);
			this.tokenListener.tokenObtained(registration, key.subject(), authorizedClient, false);
			JwtBearerTokens.logTokenObtained(logger, registration, key.subject(), authorizedClient, false);
			return authorizedClient;
		}
		catch (RuntimeException ex) {
			if (ex instanceof ClientAuthorizationException) {
				this.authorizedClientService.removeAuthorizedClient(key.registrationId(), key.principalName());
			}
			this.tokenListener.tokenRequestFailed(registration, key.subject(), ex, false);
			throw ex;
		}
	}

	private void renewAheadIfDue(JwtBearerRegistration registration, JwtBearerTokenKey key,
			OAuth2AuthorizedClient current) {
		Instant expiresAt = current.getAccessToken().getExpiresAt();
		if (expiresAt != null && JwtBearerTokens.needsRenewal(current.getAccessToken(), registration, this.clock)
				&& this.renewals.claim(key, expiresAt, this.clock.instant())) {
			try {
				this.renewalExecutor.execute(() -> renew(registration, key, current));
			}
			catch (RejectedExecutionException ex) {
				// the caller holds a valid token: it is served, and a later call starts
				// the renewal when the executor has room again
				this.renewals.release(key, expiresAt);
				logger.debug(LogMessage.format(
						"Renewal ahead of expiry of registration '%s' postponed: the renewal executor is full",
						registration.getRegistrationId()));
			}
		}
	}

	// The renewal takes the in-flight slot of its registration and subject, as a token
	// request of a caller would: a caller that finds no token meanwhile (after a 401
	// eviction, say) waits for the renewal instead of sending a second request
	private void renew(JwtBearerRegistration registration, JwtBearerTokenKey key, OAuth2AuthorizedClient current) {
		OAuth2AuthorizedClient stored = load(key);
		if (stored != null && !JwtBearerTokens.sameToken(stored, current)) {
			// a newer token was obtained since the renewal was claimed
			return;
		}
		CompletableFuture<OAuth2AuthorizedClient> mine = new CompletableFuture<>();
		if (this.inFlight.putIfAbsent(key, mine) != null) {
			// a caller's token request is in flight: its token is the renewal
			return;
		}
		try {
			// null: another replica sharing the store renews it
			OAuth2AuthorizedClient renewed = this.tokenRequestCoordinator.renew(key.registrationId(),
					key.principalName(), current, () -> requestRenewal(registration, key, current));
			this.inFlight.remove(key, mine);
			mine.complete((renewed != null) ? renewed : current);
		}
		catch (Throwable ex) {
			this.inFlight.remove(key, mine);
			mine.completeExceptionally(ex);
			if (!(ex instanceof RuntimeException)) {
				throw ex;
			}
			this.tokenListener.tokenRequestFailed(registration, key.subject(), ex, true);
			// once per token: the current token keeps serving until it expires
			logger.warn("Renewal ahead of expiry failed for registration '" + registration.getRegistrationId()
					+ "'; the current token serves until " + current.getAccessToken().getExpiresAt() + ": "
					+ ex.getMessage());
		}
	}

	private OAuth2AuthorizedClient requestRenewal(JwtBearerRegistration registration, JwtBearerTokenKey key,
			OAuth2AuthorizedClient current) {
		Authentication principal = key.principal();
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext.withAuthorizedClient(current)
			.principal(principal)
			.attributes((attributes) -> {
				key.addSubjectTo(attributes);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.RENEW_ATTRIBUTE_NAME, Boolean.TRUE);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.CLOCK_ATTRIBUTE_NAME, this.clock);
				attributes.put(JwtBearerTokens.TOKEN_LISTENER_ATTRIBUTE_NAME, this.tokenListener);
			})
			.build();
		OAuth2AuthorizedClient renewed = this.authorizedClientProvider.authorize(context);
		if (renewed == null) {
			return current;
		}
		renewed = this.lifetimes.apply(registration, renewed);
		// an older token never replaces a newer one, stored by another replica sharing
		// the store, say
		OAuth2AuthorizedClient stored = load(key);
		if (stored != null && JwtBearerTokens.isNewer(stored, renewed)) {
			return stored;
		}
		this.authorizedClientService.saveAuthorizedClient(renewed, principal);
		this.renewals.renewed(key, current.getAccessToken().getExpiresAt());
		this.tokenListener.tokenObtained(registration, key.subject(), renewed, true);
		JwtBearerTokens.logTokenObtained(logger, registration, key.subject(), renewed, true);
		return renewed;
	}

	/**
	 * Set the resolver of the subject of each call; by default every call uses the
	 * registration's configured subject.
	 * @param subjectResolver the subject resolver
	 */
	public void setSubjectResolver(JwtBearerSubjectResolver subjectResolver) {
		Assert.notNull(subjectResolver, "subjectResolver cannot be null");
		this.subjectResolver = subjectResolver;
	}

	/**
	 * Set the listener told of cache hits, shared requests, tokens obtained, failures and
	 * removals; by default none.
	 * @param tokenListener the listener
	 */
	public void setTokenListener(JwtBearerTokenListener tokenListener) {
		Assert.notNull(tokenListener, "tokenListener cannot be null");
		this.tokenListener = GuardedTokenListener.of(tokenListener);
	}

	/**
	 * Set how long a caller waits for the token request another caller sent for the same
	 * registration and subject before it fails with a
	 * {@link ClientAuthorizationException} ({@code temporarily_unavailable}). By default
	 * three attempts' connect and read timeouts plus 30 seconds for the pauses between
	 * them: 90 seconds with the default timeouts.
	 * @param sharedTokenRequestTimeout the longest wait
	 */
	public void setSharedTokenRequestTimeout(Duration sharedTokenRequestTimeout) {
		Assert.notNull(sharedTokenRequestTimeout, "sharedTokenRequestTimeout cannot be null");
		Assert.isTrue(sharedTokenRequestTimeout.toMillis() > 0, "sharedTokenRequestTimeout must be > 0");
		this.sharedTokenRequestTimeout = sharedTokenRequestTimeout;
	}

	/**
	 * Set the executor of background renewals. By default 4 shared daemon threads run at
	 * most 4 renewals at once, each after a random pause of up to 200 ms, with room for
	 * 1,000 waiting; an executor that rejects a renewal (a
	 * {@link RejectedExecutionException}) fails no caller: the current token serves, and
	 * a later call starts the renewal again. An executor set here bounds renewals as it
	 * likes (for example a {@code ThreadPoolTaskExecutor} with a queue capacity).
	 * @param renewalExecutor the executor
	 */
	public void setRenewalExecutor(Executor renewalExecutor) {
		Assert.notNull(renewalExecutor, "renewalExecutor cannot be null");
		this.renewalExecutor = renewalExecutor;
	}

	/**
	 * Set the coordinator of token requests: by default each token request of this
	 * manager's single flight is sent; a {@link TokenRequestCoordinator} over a shared
	 * store (such as {@link SharedOAuth2AuthorizedClientService}) lets one replica of the
	 * fleet send it while the others read its token.
	 * @param tokenRequestCoordinator the coordinator
	 */
	public void setTokenRequestCoordinator(TokenRequestCoordinator tokenRequestCoordinator) {
		Assert.notNull(tokenRequestCoordinator, "tokenRequestCoordinator cannot be null");
		this.tokenRequestCoordinator = tokenRequestCoordinator;
	}

	/**
	 * Set the {@link Clock} used when judging expiry and the renewal window. It is the
	 * only clock to set: the manager hands it to the provider with every request (as the
	 * {@link SignedAssertionOAuth2AuthorizedClientProvider#CLOCK_ATTRIBUTE_NAME}
	 * attribute), which dates new tokens by it.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@FunctionalInterface
	private interface TokenRequest {

		OAuth2AuthorizedClient obtain();

	}

}
