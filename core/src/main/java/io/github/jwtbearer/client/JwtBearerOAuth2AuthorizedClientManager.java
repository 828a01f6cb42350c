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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
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
 * share one token request, and all get its result or its error.</li>
 * <li>Within {@code refresh-before-expiry} of expiry, callers keep getting the current
 * token while one background request renews it. If that renewal fails, the failure is
 * logged once and the current token serves until it expires.</li>
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

	private JwtBearerSubjectResolver subjectResolver = (authorizeRequest) -> null;

	private Executor renewalExecutor = defaultRenewalExecutor();

	private JwtBearerTokenListener tokenListener = new JwtBearerTokenListener() {
	};

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
		OAuth2AuthorizedClient current = load(key);
		if (current != null && !JwtBearerTokens.hasExpired(current.getAccessToken(), registration, this.clock)) {
			this.tokenListener.cacheHit(registration);
			renewAheadIfDue(registration, key, current);
			return current;
		}
		return singleFlight(registration, key, () -> obtain(registration, key));
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

	private OAuth2AuthorizedClient singleFlight(JwtBearerRegistration registration, JwtBearerTokenKey key,
			TokenRequest tokenRequest) {
		CompletableFuture<OAuth2AuthorizedClient> mine = new CompletableFuture<>();
		CompletableFuture<OAuth2AuthorizedClient> leader = this.inFlight.putIfAbsent(key, mine);
		if (leader != null) {
			this.tokenListener.sharedTokenRequest(registration);
			return join(leader);
		}
		// leave the map before waking the followers: a caller that comes later reads the
		// store, or asks again after a failure
		OAuth2AuthorizedClient authorizedClient;
		try {
			authorizedClient = tokenRequest.obtain();
		}
		catch (RuntimeException ex) {
			this.inFlight.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
		this.inFlight.remove(key, mine);
		mine.complete(authorizedClient);
		return authorizedClient;
	}

	private static OAuth2AuthorizedClient join(CompletableFuture<OAuth2AuthorizedClient> leader) {
		try {
			return leader.join();
		}
		catch (CompletionException ex) {
			// the followers get the leader's own exception, as if they had asked
			// themselves
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
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
			})
			.build();
		try {
			OAuth2AuthorizedClient authorizedClient = this.authorizedClientProvider.authorize(context);
			Assert.state(authorizedClient != null,
					"No token was obtained for registration '" + registration.getRegistrationId() + "'");
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
				&& this.renewals.claim(key, expiresAt)) {
			this.renewalExecutor.execute(() -> renew(registration, key, current));
		}
	}

	private void renew(JwtBearerRegistration registration, JwtBearerTokenKey key, OAuth2AuthorizedClient current) {
		Authentication principal = key.principal();
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext.withAuthorizedClient(current)
			.principal(principal)
			.attributes((attributes) -> {
				key.addSubjectTo(attributes);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.RENEW_ATTRIBUTE_NAME, Boolean.TRUE);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.CLOCK_ATTRIBUTE_NAME, this.clock);
			})
			.build();
		try {
			OAuth2AuthorizedClient renewed = this.authorizedClientProvider.authorize(context);
			if (renewed != null) {
				this.authorizedClientService.saveAuthorizedClient(renewed, principal);
				this.renewals.renewed(key, current.getAccessToken().getExpiresAt());
				this.tokenListener.tokenObtained(registration, key.subject(), renewed, true);
				JwtBearerTokens.logTokenObtained(logger, registration, key.subject(), renewed, true);
			}
		}
		catch (RuntimeException ex) {
			this.tokenListener.tokenRequestFailed(registration, key.subject(), ex, true);
			// once per token: the current token keeps serving until it expires
			logger.warn("Renewal ahead of expiry failed for registration '" + registration.getRegistrationId()
					+ "'; the current token serves until " + current.getAccessToken().getExpiresAt() + ": "
					+ ex.getMessage());
		}
	}

	private static Executor defaultRenewalExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("jwt-bearer-renewal-");
		executor.setDaemon(true);
		return executor;
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
		this.tokenListener = tokenListener;
	}

	/**
	 * Set the executor of background renewals; by default a new daemon thread per
	 * renewal.
	 * @param renewalExecutor the executor
	 */
	public void setRenewalExecutor(Executor renewalExecutor) {
		Assert.notNull(renewalExecutor, "renewalExecutor cannot be null");
		this.renewalExecutor = renewalExecutor;
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
