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
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * An implementation of an {@link OAuth2AuthorizedClientProvider} for the
 * {@link AuthorizationGrantType#JWT_BEARER jwt-bearer} grant that mints and signs its own
 * assertion for every token request.
 * <p>
 * Unlike Spring Security's {@code JwtBearerOAuth2AuthorizedClientProvider}, which
 * exchanges a {@code Jwt} the application already holds, this provider signs a new
 * assertion with the registration's key (RFC 7523 section 2.1) each time a token is
 * needed. A token response without {@code expires_in} gives a token that lives the
 * registration's {@link JwtBearerRegistration#getTokenLifetime() token lifetime}, and the
 * response's extra parameters stay with the {@link JwtBearerAuthorizedClient}.
 * <p>
 * Registrations of another grant type, or not known to the
 * {@link JwtBearerRegistrationRepository}, are left to other providers.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 * @see SignedAssertionReactiveOAuth2AuthorizedClientProvider
 */
public final class SignedAssertionOAuth2AuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	/**
	 * The name of the {@link OAuth2AuthorizationContext#getAttribute(String) context
	 * attribute} holding the subject of the assertion, when it is not the registration's
	 * configured one.
	 */
	public static final String SUBJECT_ATTRIBUTE_NAME = SignedAssertionOAuth2AuthorizedClientProvider.class.getName()
		.concat(".SUBJECT");

	/**
	 * The name of the {@link OAuth2AuthorizationContext#getAttribute(String) context
	 * attribute} that, set to {@code true}, asks for a new token although the current one
	 * is still valid: a renewal ahead of expiry.
	 */
	public static final String RENEW_ATTRIBUTE_NAME = SignedAssertionOAuth2AuthorizedClientProvider.class.getName()
		.concat(".RENEW");

	/**
	 * The name of the {@link OAuth2AuthorizationContext#getAttribute(String) context
	 * attribute} holding the {@link Clock} that judges expiry and dates the new token, in
	 * place of the provider's own. The JWT bearer managers set it to theirs, so that one
	 * {@code setClock} on the manager is enough.
	 */
	public static final String CLOCK_ATTRIBUTE_NAME = SignedAssertionOAuth2AuthorizedClientProvider.class.getName()
		.concat(".CLOCK");

	private static final Log logger = LogFactory.getLog(SignedAssertionOAuth2AuthorizedClientProvider.class);

	private final JwtBearerRegistrationRepository registrations;

	private final Map<String, OAuth2AccessTokenResponseClient<JwtBearerGrantRequest>> accessTokenResponseClients = new ConcurrentHashMap<>();

	private final ClockRepair clockRepair = new ClockRepair();

	private Function<JwtBearerRegistration, OAuth2AccessTokenResponseClient<JwtBearerGrantRequest>> accessTokenResponseClientFactory = JwtBearerTokenResponseClients::restClient;

	private TokenRequestRetry retry = TokenRequestRetry.DEFAULT;

	private JwtBearerTokenRequestGuard guard = new JwtBearerTokenRequestGuard();

	private Clock clock = Clock.systemUTC();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable JwtBearerTokenRequestObservationConvention observationConvention;

	/**
	 * Create a provider for the given registrations.
	 * @param registrations the JWT bearer registrations
	 */
	public SignedAssertionOAuth2AuthorizedClientProvider(JwtBearerRegistrationRepository registrations) {
		Assert.notNull(registrations, "registrations cannot be null");
		this.registrations = registrations;
	}

	/**
	 * Attempt to authorize (or re-authorize) the client in the provided context. Returns
	 * {@code null} when the registration is not a JWT bearer registration of this
	 * provider, or when its current access token has not expired yet.
	 * @param context the context with the client registration and, if authorized before,
	 * the authorized client
	 * @return the newly authorized client, or {@code null}
	 * @throws ClientAuthorizationException if the token endpoint refuses the assertion
	 */
	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		ClientRegistration clientRegistration = context.getClientRegistration();
		if (!AuthorizationGrantType.JWT_BEARER.equals(clientRegistration.getAuthorizationGrantType())) {
			return null;
		}
		JwtBearerRegistration registration = this.registrations
			.findByRegistrationId(clientRegistration.getRegistrationId());
		if (registration == null) {
			return null;
		}
		Clock clock = JwtBearerTokens.clock(context, this.clock);
		if (!JwtBearerTokens.needsToken(context, registration, clock)) {
			return null;
		}
		String subject = JwtBearerTokens.subject(context, registration);
		// in a cooldown or backoff the last failure is given again, without a request
		this.guard.checkBefore(registration, subject, clock.instant());
		OAuth2AccessTokenResponse tokenResponse;
		try {
			tokenResponse = getTokenResponse(registration, clientRegistration, subject, clock,
					JwtBearerTokens.tokenListener(context));
			InstanceUrlCheck.check(registration, tokenResponse);
		}
		catch (RuntimeException ex) {
			this.guard.failed(registration, subject, ex, clock.instant());
			throw ex;
		}
		this.guard.succeeded(registration, subject);
		return JwtBearerTokens.authorizedClient(clientRegistration, context.getPrincipal().getName(), tokenResponse,
				clock);
	}

	// one observation per token request, its retries included
	private OAuth2AccessTokenResponse getTokenResponse(JwtBearerRegistration registration,
			ClientRegistration clientRegistration, @Nullable String subject, Clock clock,
			JwtBearerTokenListener listener) {
		JwtBearerTokenRequestObservationContext observationContext = new JwtBearerTokenRequestObservationContext(
				registration);
		return JwtBearerTokens.observation(this.observationConvention, observationContext, this.observationRegistry)
			.observe(() -> {
				OAuth2AccessTokenResponse tokenResponse = requestToken(registration, clientRegistration, subject, clock,
						listener);
				observationContext.setTokenReceived(true);
				return tokenResponse;
			});
	}

	private OAuth2AccessTokenResponse requestToken(JwtBearerRegistration registration,
			ClientRegistration clientRegistration, @Nullable String subject, Clock clock,
			JwtBearerTokenListener listener) {
		OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client = this.accessTokenResponseClients.computeIfAbsent(
				registration.getRegistrationId(), (id) -> this.accessTokenResponseClientFactory.apply(registration));
		ClockRepair.Assertions assertions = this.clockRepair.assertions(registration, subject);
		Throwable last;
		try {
			return requestToken(registration, clientRegistration, subject, client, assertions, clock);
		}
		catch (RetryException ex) {
			last = ex.getLastException();
		}
		// refused because this host's clock is off: once more, on the token endpoint's
		// time
		if (assertions.repair(last, listener)) {
			try {
				return requestToken(registration, clientRegistration, subject, client, assertions, clock);
			}
			catch (RetryException ex) {
				last = ex.getLastException();
			}
		}
		if (last instanceof TokenRequestRefusedException refused) {
			throw refused;
		}
		if (last instanceof OAuth2AuthorizationException oauth2) {
			throw JwtBearerTokens.clientAuthorizationException(registration, oauth2);
		}
		if (last instanceof RuntimeException runtime) {
			throw runtime;
		}
		// an Error (out of memory, say) stays what it is
		if (last instanceof Error error) {
			throw error;
		}
		throw new IllegalStateException(last);
	}

	private OAuth2AccessTokenResponse requestToken(JwtBearerRegistration registration,
			ClientRegistration clientRegistration, @Nullable String subject,
			OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client, ClockRepair.Assertions assertions,
			Clock clock) throws RetryException {
		// RFC 7523 section 3: every attempt, retries included, with a new assertion and
		// jti
		return this.retry.newTemplate(() -> this.guard.mayRetry(registration)).execute(() -> {
			this.guard.countAttempt(registration, subject, clock.instant());
			Jwt assertion = assertions.mint();
			JwtBearerTokens.logTokenRequest(logger, registration, subject);
			return attempt(registration, client, new JwtBearerGrantRequest(clientRegistration, assertion));
		});
	}

	private OAuth2AccessTokenResponse attempt(JwtBearerRegistration registration,
			OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client, JwtBearerGrantRequest grantRequest) {
		try {
			OAuth2AccessTokenResponse tokenResponse = client.getTokenResponse(grantRequest);
			this.guard.attemptSucceeded(registration);
			return tokenResponse;
		}
		catch (RuntimeException ex) {
			this.guard.attemptFailed(registration, ex);
			throw ex;
		}
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

	/**
	 * Set the factory of the client that requests tokens for a registration; by default
	 * {@link JwtBearerTokenResponseClients#restClient(JwtBearerRegistration)}. It is
	 * called once per registration.
	 * @param accessTokenResponseClientFactory the factory
	 */
	public void setAccessTokenResponseClientFactory(
			Function<JwtBearerRegistration, OAuth2AccessTokenResponseClient<JwtBearerGrantRequest>> accessTokenResponseClientFactory) {
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
	 * managers hand theirs with every request (as the {@link #CLOCK_ATTRIBUTE_NAME}
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
