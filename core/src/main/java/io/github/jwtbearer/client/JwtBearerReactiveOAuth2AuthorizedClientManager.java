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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.TokenRequestCoordinator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveOAuth2AuthorizedClientManager} that keeps the tokens of JWT bearer
 * registrations valid under load and hands every other registration to a delegate
 * manager: the reactive twin of {@link JwtBearerOAuth2AuthorizedClientManager}, with
 * tokens per registration and subject, one shared token request for concurrent
 * subscribers (each waiting a bounded time,
 * {@link #setSharedTokenRequestTimeout(Duration)}), and renewal ahead of expiry in the
 * background, at most four at once.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerReactiveOAuth2AuthorizedClientManager implements ReactiveOAuth2AuthorizedClientManager {

	private static final Log logger = LogFactory.getLog(JwtBearerReactiveOAuth2AuthorizedClientManager.class);

	private final JwtBearerRegistrationRepository registrations;

	private final ReactiveOAuth2AuthorizedClientService authorizedClientService;

	private final ReactiveOAuth2AuthorizedClientProvider authorizedClientProvider;

	private final ReactiveOAuth2AuthorizedClientManager delegate;

	private final Map<JwtBearerTokenKey, Mono<OAuth2AuthorizedClient>> inFlight = new ConcurrentHashMap<>();

	private final RenewalClaims renewals = new RenewalClaims();

	// renewals in flight at once, as the servlet manager's default executor allows
	private final Semaphore renewalPermits = new Semaphore(BoundedRenewalExecutor.DEFAULT_MAX_CONCURRENT);

	private JwtBearerSubjectResolver subjectResolver = (authorizeRequest) -> null;

	private JwtBearerTokenListener tokenListener = new JwtBearerTokenListener() {
	};

	private @Nullable Duration sharedTokenRequestTimeout;

	private TokenRequestCoordinator tokenRequestCoordinator = TokenRequestCoordinator.LOCAL;

	// a coordinator blocks while it waits for the store and for the token requests it
	// starts, whose own blocking steps may run on Reactor's shared bounded elastic
	// scheduler: its own threads, so that it never waits for a task queued behind itself
	private @Nullable Scheduler coordinationScheduler;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a manager.
	 * @param registrations the JWT bearer registrations this manager handles
	 * @param authorizedClientService the store of their authorized clients
	 * @param authorizedClientProvider the provider that obtains their tokens, usually a
	 * {@link SignedAssertionReactiveOAuth2AuthorizedClientProvider}
	 * @param delegate the manager of every other registration
	 */
	public JwtBearerReactiveOAuth2AuthorizedClientManager(JwtBearerRegistrationRepository registrations,
			ReactiveOAuth2AuthorizedClientService authorizedClientService,
			ReactiveOAuth2AuthorizedClientProvider authorizedClientProvider,
			ReactiveOAuth2AuthorizedClientManager delegate) {
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
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest authorizeRequest) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(authorizeRequest.getClientRegistrationId());
		if (registration == null) {
			return this.delegate.authorize(authorizeRequest);
		}
		return Mono.defer(() -> {
			JwtBearerTokenKey key = JwtBearerTokenKey.of(registration, authorizeRequest, this.subjectResolver);
			return valid(registration, key).doOnNext((current) -> {
				this.tokenListener.cacheHit(registration);
				renewAheadIfDue(registration, key, current);
			}).switchIfEmpty(Mono.defer(() -> singleFlight(registration, key)));
		});
	}

	/**
	 * Forget the token of a registration and subject, so that the next call obtains a new
	 * one.
	 * @param authorizeRequest the request whose token to forget
	 * @return a {@link Mono} completing when the token is forgotten
	 */
	public Mono<Void> removeAuthorizedClient(OAuth2AuthorizeRequest authorizeRequest) {
		return removeAuthorizedClient(authorizeRequest, null);
	}

	/**
	 * Forget the token of a registration and subject if it is the one the API rejected
	 * (HTTP 401), so that the next call obtains a new one. A token obtained meanwhile by
	 * another caller is kept.
	 * @param authorizeRequest the request whose token to forget
	 * @param rejected the token the API rejected, or {@code null} to forget any
	 * @return a {@link Mono} completing when the token is forgotten
	 */
	public Mono<Void> removeAuthorizedClient(OAuth2AuthorizeRequest authorizeRequest,
			@Nullable OAuth2AccessToken rejected) {
		Assert.notNull(authorizeRequest, "authorizeRequest cannot be null");
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(authorizeRequest.getClientRegistrationId());
		if (registration == null) {
			return Mono.empty();
		}
		JwtBearerTokenKey key = JwtBearerTokenKey.of(registration, authorizeRequest, this.subjectResolver);
		return this.authorizedClientService
			.<OAuth2AuthorizedClient>loadAuthorizedClient(key.registrationId(), key.principalName())
			.filter((stored) -> JwtBearerTokens.isRejected(stored, rejected))
			.flatMap((stored) -> this.authorizedClientService
				.removeAuthorizedClient(key.registrationId(), key.principalName())
				.doOnSuccess((done) -> {
					this.tokenListener.tokenRemoved(registration, key.subject());
					JwtBearerTokens.logTokenEvicted(logger, registration, key.subject(), rejected != null);
				}));
	}

	/**
	 * Return a {@link ReactiveOAuth2AuthorizationFailureHandler} that evicts the token
	 * the API refused, for a {@link ClientAuthorizationException} with the error
	 * {@code invalid_token} (HTTP 401). The token is forgotten only while it is still the
	 * stored one (the
	 * {@link JwtBearerOAuth2AuthorizedClientManager#REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME}
	 * attribute); other failures leave the store alone. Give it to the 401 retry of
	 * WebClient.
	 * @return the failure handler
	 */
	public ReactiveOAuth2AuthorizationFailureHandler authorizationFailureHandler() {
		return (failure, principal, attributes) -> {
			OAuth2AuthorizeRequest request = JwtBearerTokens.evictionRequest(failure, principal, attributes);
			return (request != null) ? removeAuthorizedClient(request, JwtBearerTokens.rejectedAccessToken(attributes))
					: Mono.empty();
		};
	}

	private Mono<OAuth2AuthorizedClient> valid(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		return this.authorizedClientService
			.<OAuth2AuthorizedClient>loadAuthorizedClient(key.registrationId(), key.principalName())
			.filter((current) -> !JwtBearerTokens.hasExpired(current.getAccessToken(), registration, this.clock));
	}

	private Mono<OAuth2AuthorizedClient> singleFlight(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		Mono<OAuth2AuthorizedClient> inFlight = this.inFlight.get(key);
		if (inFlight != null) {
			this.tokenListener.sharedTokenRequest(registration);
		}
		else {
			inFlight = this.inFlight.computeIfAbsent(key, (newKey) -> {
				AtomicReference<Mono<OAuth2AuthorizedClient>> self = new AtomicReference<>();
				// leave the map before the subscribers hear: a later caller reads the
				// store, or asks again after a failure
				Mono<OAuth2AuthorizedClient> shared = coordinated(registration, newKey)
					.doOnTerminate(() -> this.inFlight.remove(newKey, self.get()))
					.cache();
				self.set(shared);
				return shared;
			});
		}
		Mono<OAuth2AuthorizedClient> shared = inFlight;
		// Reactor throws a JVM-fatal error (out of memory, say) up the stack instead of
		// signalling it: the shared request would never end. Every subscriber waits a
		// bounded time, and the first to give up takes the request out of the map.
		Duration timeout = sharedTokenRequestTimeout(registration);
		return shared.timeout(timeout, Mono.defer(() -> {
			this.inFlight.remove(key, shared);
			String message = "No token for registration '" + registration.getRegistrationId() + "' within "
					+ timeout.toMillis() + " ms while the token request was in flight";
			return Mono.error(new ClientAuthorizationException(
					new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, message, null),
					registration.getRegistrationId(), message));
		}));
	}

	private Duration sharedTokenRequestTimeout(JwtBearerRegistration registration) {
		return (this.sharedTokenRequestTimeout != null) ? this.sharedTokenRequestTimeout
				: JwtBearerTokens.sharedTokenRequestTimeout(registration);
	}

	// this replica's single flight first, then the fleet's: a coordinator over a shared
	// store blocks (polls, takes leases), so it runs off the event loop
	private Mono<OAuth2AuthorizedClient> coordinated(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		TokenRequestCoordinator coordinator = this.tokenRequestCoordinator;
		if (coordinator == TokenRequestCoordinator.LOCAL) {
			return obtain(registration, key);
		}
		return Mono.fromCallable(() -> coordinator.obtain(key.registrationId(), key.principalName(),
				() -> valid(registration, key).block(), () -> obtain(registration, key).blockOptional().orElseThrow()))
			.subscribeOn(coordinationScheduler());
	}

	private synchronized Scheduler coordinationScheduler() {
		Scheduler scheduler = this.coordinationScheduler;
		if (scheduler == null) {
			scheduler = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
					Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "jwt-bearer-token-store", 60, true);
			this.coordinationScheduler = scheduler;
		}
		return scheduler;
	}

	private Mono<OAuth2AuthorizedClient> obtain(JwtBearerRegistration registration, JwtBearerTokenKey key) {
		Authentication principal = key.principal();
		// a leader that finished just before this one started may have stored a token
		return valid(registration, key).switchIfEmpty(Mono.defer(() -> {
			this.renewals.reset(key);
			OAuth2AuthorizationContext context = OAuth2AuthorizationContext
				.withClientRegistration(registration.getClientRegistration())
				.principal(principal)
				.attributes((attributes) -> {
					key.addSubjectTo(attributes);
					attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.CLOCK_ATTRIBUTE_NAME, this.clock);
				})
				.build();
			return this.authorizedClientProvider.authorize(context)
				.switchIfEmpty(Mono.error(() -> new IllegalStateException(
						"No token was obtained for registration '" + registration.getRegistrationId() + "'")))
				.flatMap((authorizedClient) -> this.authorizedClientService
					.saveAuthorizedClient(authorizedClient, principal)
					.thenReturn(authorizedClient))
				.doOnNext((authorizedClient) -> {
					this.tokenListener.tokenObtained(registration, key.subject(), authorizedClient, false);
					JwtBearerTokens.logTokenObtained(logger, registration, key.subject(), authorizedClient, false);
				})
				.doOnError((ex) -> this.tokenListener.tokenRequestFailed(registration, key.subject(), ex, false))
				.onErrorResume(ClientAuthorizationException.class,
						(ex) -> this.authorizedClientService
							.removeAuthorizedClient(key.registrationId(), key.principalName())
							.then(Mono.error(ex)));
		}));
	}

	private void renewAheadIfDue(JwtBearerRegistration registration, JwtBearerTokenKey key,
			OAuth2AuthorizedClient current) {
		Instant expiresAt = current.getAccessToken().getExpiresAt();
		if (expiresAt != null && JwtBearerTokens.needsRenewal(current.getAccessToken(), registration, this.clock)
				&& this.renewals.claim(key, expiresAt, this.clock.instant())) {
			if (!this.renewalPermits.tryAcquire()) {
				// as many renewals as allowed are running: the current token serves, and
				// a
				// later call starts this one
				this.renewals.release(key, expiresAt);
				return;
			}
			// a random pause first, so that tokens obtained together are not renewed in
			// the same instant
			long jitter = ThreadLocalRandom.current()
				.nextLong(BoundedRenewalExecutor.DEFAULT_MAX_JITTER.toMillis() + 1);
			Mono.delay(Duration.ofMillis(jitter))
				.then(Mono.defer(() -> renew(registration, key, current)))
				.doFinally((signal) -> this.renewalPermits.release())
				.subscribe();
		}
	}

	// The renewal takes the in-flight slot of its registration and subject, as a token
	// request of a caller would: a caller that finds no token meanwhile (after a 401
	// eviction, say) waits for the renewal instead of sending a second request
	private Mono<Void> renew(JwtBearerRegistration registration, JwtBearerTokenKey key,
			OAuth2AuthorizedClient current) {
		return this.authorizedClientService
			.<OAuth2AuthorizedClient>loadAuthorizedClient(key.registrationId(), key.principalName())
			// a newer token was obtained since the renewal was claimed
			.filter((stored) -> !JwtBearerTokens.sameToken(stored, current))
			.hasElement()
			.flatMap((newerStored) -> {
				if (newerStored) {
					return Mono.empty();
				}
				AtomicReference<Mono<OAuth2AuthorizedClient>> self = new AtomicReference<>();
				Mono<OAuth2AuthorizedClient> renewal = coordinatedRenewal(registration, key, current)
					.doOnTerminate(() -> this.inFlight.remove(key, self.get()))
					.cache();
				self.set(renewal);
				if (this.inFlight.putIfAbsent(key, renewal) != null) {
					// a caller's token request is in flight: its token is the renewal
					return Mono.empty();
				}
				return renewal.then();
			})
			.onErrorResume((ex) -> {
				this.tokenListener.tokenRequestFailed(registration, key.subject(), ex, true);
				// once per token: the current token keeps serving until it expires
				logger.warn("Renewal ahead of expiry failed for registration '" + registration.getRegistrationId()
						+ "'; the current token serves until " + current.getAccessToken().getExpiresAt() + ": "
						+ ex.getMessage());
				return Mono.empty();
			});
	}

	// null from the coordinator: another replica sharing the store renews the token
	private Mono<OAuth2AuthorizedClient> coordinatedRenewal(JwtBearerRegistration registration, JwtBearerTokenKey key,
			OAuth2AuthorizedClient current) {
		TokenRequestCoordinator coordinator = this.tokenRequestCoordinator;
		if (coordinator == TokenRequestCoordinator.LOCAL) {
			return requestRenewal(registration, key, current);
		}
		return Mono
			.fromCallable(() -> coordinator.renew(key.registrationId(), key.principalName(), current,
					() -> requestRenewal(registration, key, current).blockOptional().orElse(current)))
			.defaultIfEmpty(current)
			.subscribeOn(coordinationScheduler());
	}

	private Mono<OAuth2AuthorizedClient> requestRenewal(JwtBearerRegistration registration, JwtBearerTokenKey key,
			OAuth2AuthorizedClient current) {
		Authentication principal = key.principal();
		OAuth2AuthorizationContext context = OAuth2AuthorizationContext.withAuthorizedClient(current)
			.principal(principal)
			.attributes((attributes) -> {
				key.addSubjectTo(attributes);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.RENEW_ATTRIBUTE_NAME, Boolean.TRUE);
				attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.CLOCK_ATTRIBUTE_NAME, this.clock);
			})
			.build();
		return this.authorizedClientProvider.authorize(context)
			.flatMap((renewed) -> this.authorizedClientService
				.<OAuth2AuthorizedClient>loadAuthorizedClient(key.registrationId(), key.principalName())
				// an older token never replaces a newer one, stored by another replica
				// sharing the store, say
				.filter((stored) -> JwtBearerTokens.isNewer(stored, renewed))
				.switchIfEmpty(Mono.defer(() -> this.authorizedClientService.saveAuthorizedClient(renewed, principal)
					.doOnSuccess((done) -> {
						this.renewals.renewed(key, current.getAccessToken().getExpiresAt());
						this.tokenListener.tokenObtained(registration, key.subject(), renewed, true);
						JwtBearerTokens.logTokenObtained(logger, registration, key.subject(), renewed, true);
					})
					.thenReturn(renewed))))
			.defaultIfEmpty(current);
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
	 * Set how long a subscriber waits for the token request in flight for its
	 * registration and subject, its own or another's, before it fails with a
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
	 * Set the coordinator of token requests: by default each token request of this
	 * manager's single flight is sent; a {@link TokenRequestCoordinator} over a shared
	 * store (such as {@link SharedOAuth2AuthorizedClientService}) lets one replica of the
	 * fleet send it while the others read its token. Its blocking calls run on a bounded
	 * elastic scheduler of their own (daemon threads named
	 * {@code jwt-bearer-token-store}).
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

}
