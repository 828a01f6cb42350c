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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.jwtbearer.client.endpoint.JwtBearerTokenResponseClients;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * An implementation of a {@link ReactiveOAuth2AuthorizedClientProvider} for the
 * {@link AuthorizationGrantType#JWT_BEARER jwt-bearer} grant that mints and signs its own
 * assertion for every token request: the reactive twin of
 * {@link SignedAssertionOAuth2AuthorizedClientProvider}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class SignedAssertionReactiveOAuth2AuthorizedClientProvider
		implements ReactiveOAuth2AuthorizedClientProvider {

	private static final Log logger = LogFactory.getLog(SignedAssertionReactiveOAuth2AuthorizedClientProvider.class);

	private final JwtBearerRegistrationRepository registrations;

	private final Map<String, ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest>> accessTokenResponseClients = new ConcurrentHashMap<>();

	private final ClockRepair clockRepair = new ClockRepair();

	private Function<JwtBearerRegistration, ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest>> accessTokenResponseClientFactory = JwtBearerTokenResponseClients::webClient;

	private TokenRequestRetry retry = TokenRequestRetry.DEFAULT;

	private JwtBearerTokenRequestGuard guard = new JwtBearerTokenRequestGuard();

	private Clock clock = Clock.systemUTC();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable JwtBearerTokenRequestObservationConvention observationConvention;

	/**
	 * Create a provider for the given registrations.
	 * @param registrations the JWT bearer registrations
	 */
	public SignedAssertionReactiveOAuth2AuthorizedClientProvider(JwtBearerRegistrationRepository registrations) {
		Assert.notNull(registrations, "registrations cannot be null");
		this.registrations = registrations;
	}

	/**
	 * Attempt to authorize (or re-authorize) the client in the provided context.
	 * Completes empty when the registration is not a JWT bearer registration of this
	 * provider, or when its current access token has not expired yet.
	 * @param context the context with the client registration and, if authorized before,
	 * the authorized client
	 * @return the newly authorized client, or empty; an error of
	 * {@link org.springframework.security.oauth2.client.ClientAuthorizationException} if
	 * the token endpoint refuses the assertion
	 */
	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		ClientRegistration clientRegistration = context.getClientRegistration();
		if (!AuthorizationGrantType.JWT_BEARER.equals(clientRegistration.getAuthorizationGrantType())) {
			return Mono.empty();
		}
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(clientRegistration.getRegistrationId());
		if (registration == null) {
			return Mono.empty();
		}
		Clock clock = JwtBearerTokens.clock(context, this.clock);
		if (!JwtBearerTokens.needsToken(context, registration, clock)) {
			return Mono.empty();
		}
		String principalName = context.getPrincipal().getName();
		String subject = JwtBearerTokens.subject(context, registration);
		JwtBearerTokenListener listener = JwtBearerTokens.tokenListener(context);
		// @formatter:off
		return Mono.defer(() -> {
					// in a cooldown or backoff the last failure is given again, without a
					// request
					this.guard.checkBefore(registration, subject, clock.instant());
					return observe(registration, requestToken(registration, clientRegistration, subject, clock,
							listener))
						.map((tokenResponse) -> {
							InstanceUrlCheck.check(registration, tokenResponse);
							return JwtBearerTokens.authorizedClient(clientRegistration, principalName, tokenResponse,
									clock);
						})
						.doOnSuccess((authorizedClient) -> this.guard.succeeded(registration, subject))
						.doOnError((ex) -> this.guard.failed(registration, subject, ex, clock.instant()));
				});
		// @formatter:on
	}

	private Mono<OAuth2AccessTokenResponse> requestToken(JwtBearerRegistration registration,
			ClientRegistration clientRegistration, @Nullable String subject, Clock clock,
			JwtBearerTokenListener listener) {
		ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client = this.accessTokenResponseClients
			.computeIfAbsent(registration.getRegistrationId(),
					(id) -> this.accessTokenResponseClientFactory.apply(registration));
		return Mono.defer(() -> {
			ClockRepair.Assertions assertions = this.clockRepair.assertions(registration, subject);
			Mono<OAuth2AccessTokenResponse> attempts = requestToken(registration, clientRegistration, subject, client,
					assertions, clock);
			// refused because this host's clock is off: once more, on the token
			// endpoint's time
			return attempts.onErrorResume((ex) -> assertions.repair(ex, listener), (ex) -> attempts);
		})
			.onErrorMap(
					(ex) -> ex instanceof OAuth2AuthorizationException && !(ex instanceof TokenRequestRefusedException),
					(ex) -> JwtBearerTokens.clientAuthorizationException(registration,
							(OAuth2AuthorizationException) ex));
	}

	private Mono<OAuth2AccessTokenResponse> requestToken(JwtBearerRegistration registration,
			ClientRegistration clientRegistration, @Nullable String subject,
			ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client, ClockRepair.Assertions assertions,
			Clock clock) {
		// RFC 7523 section 3: every attempt, retries included, with a new assertion and
		// jti
		// @formatter:off
		return Mono.defer(() -> {
					this.guard.countAttempt(registration, subject, clock.instant());
					Jwt assertion = assertions.mint();
					JwtBearerTokens.logTokenRequest(logger, registration, subject);
					return client.getTokenResponse(new JwtBearerGrantRequest(clientRegistration, assertion))
						.doOnSuccess((tokenResponse) -> this.guard.attemptSucceeded(registration))
						.doOnError((ex) -> this.guard.attemptFailed(registration, ex));
				})
				.retryWhen(this.retry.reactorRetry(() -> this.guard.mayRetry(registration)));
		// @formatter:on
	}

	/**
	 * Set the guard that keeps token requests within the login budget and pauses them
	 * after failures. Give the servlet and the reactive provider the same guard, so that
	 * they count one budget; by default each provider has its own.
	 * @param guard the guard
	 */
	public void setTokenRequestGuard(JwtBearerTokenRequestGuard guard) {
		Assert.notNull(guard, "guard cannot be null");
		this.guard = guard;
	}

	// one observation per token request, its retries included, a child of the
	// subscriber's observation
	private Mono<OAuth2AccessTokenResponse> observe(JwtBearerRegistration registration,
			Mono<OAuth2AccessTokenResponse> tokenRequest) {
		return Mono.deferContextual((contextView) -> {
			JwtBearerTokenRequestObservationContext observationContext = new JwtBearerTokenRequestObservationContext(
					registration);
			Observation observation = JwtBearerTokens
				.observation(this.observationConvention, observationContext, this.observationRegistry)
				.parentObservation(contextView.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
				.start();
			// stopped before the subscriber hears the outcome, so that it finds the
			// observation complete
			// @formatter:off
			return tokenRequest
					.doOnSuccess((tokenResponse) -> {
						observationContext.setTokenReceived(tokenResponse != null);
						observation.stop();
					})
					.doOnError((ex) -> {
						observation.error(ex);
						observation.stop();
					})
					.doOnCancel(observation::stop)
					.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
			// @formatter:on
		});
	}

	/**
	 * Set the factory of the client that requests tokens for a registration; by default
	 * {@link JwtBearerTokenResponseClients#webClient(JwtBearerRegistration)}. It is
	 * called once per registration.
	 * @param accessTokenResponseClientFactory the factory
	 */
	public void setAccessTokenResponseClientFactory(
			Function<JwtBearerRegistration, ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest>> accessTokenResponseClientFactory) {
		Assert.notNull(accessTokenResponseClientFactory, "accessTokenResponseClientFactory cannot be null");
		this.accessTokenResponseClientFactory = accessTokenResponseClientFactory;
		this.accessTokenResponseClients.clear();
	}

	/**
	 * Set how failed token requests are tried again; {@link TokenRequestRetry#DEFAULT} by
	 * default.
	 * @param retry the retry settings
	 */
	public void setRetry(TokenRequestRetry retry) {
		Assert.notNull(retry, "retry cannot be null");
		this.retry = retry;
	}

	/**
	 * Set the {@link Clock} used when checking whether the access token has expired and
	 * when dating a new one, for requests whose context carries no clock. The JWT bearer
	 * managers hand theirs with every request (as the
	 * {@link SignedAssertionOAuth2AuthorizedClientProvider#CLOCK_ATTRIBUTE_NAME}
	 * attribute), so a provider used through them needs no clock of its own.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set the {@link ObservationRegistry} that observes every token request;
	 * {@link ObservationRegistry#NOOP} by default.
	 * @param observationRegistry the observation registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set the convention that names and tags the observations of token requests; by
	 * default {@link DefaultJwtBearerTokenRequestObservationConvention}.
	 * @param observationConvention the observation convention
	 */
	public void setObservationConvention(JwtBearerTokenRequestObservationConvention observationConvention) {
		Assert.notNull(observationConvention, "observationConvention cannot be null");
		this.observationConvention = observationConvention;
	}

}
