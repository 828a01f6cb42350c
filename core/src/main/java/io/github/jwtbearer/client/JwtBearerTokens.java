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

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * What the servlet and reactive providers share: expiry, subject and the authorized
 * client built from a token response.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerTokens {

	// Spring Security's error code for an answer that is not a token response, as the
	// token endpoint clients give it
	static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	// the managers hand their listener to the provider with each request, as they hand
	// their clock, so that what it learns of the token endpoint's clock is heard
	static final String TOKEN_LISTENER_ATTRIBUTE_NAME = JwtBearerTokenListener.class.getName().concat(".LISTENER");

	private static final JwtBearerTokenListener NO_LISTENER = new JwtBearerTokenListener() {
	};

	private static final JwtBearerTokenRequestObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultJwtBearerTokenRequestObservationConvention();

	// a compact JWS or JWE: base64url of '{"' then at least two more dot-separated parts
	// (a payload is never empty, so that a masked JWT, "eyJh...(812 characters)", is not
	// masked again)
	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){1,3}");

	private JwtBearerTokens() {
	}

	// the window shrinks for short-lived tokens, so that each is reused for most of its
	// life whatever the configuration
	static boolean needsRenewal(OAuth2AccessToken token, JwtBearerRegistration registration, Clock clock) {
		Instant expiresAt = token.getExpiresAt();
		return expiresAt == null || RenewalWindow.of(token, registration).isDue(expiresAt, clock.millis());
	}

	static boolean hasExpired(OAuth2AccessToken token, JwtBearerRegistration registration, Clock clock) {
		Instant expiresAt = token.getExpiresAt();
		return expiresAt == null || RenewalWindow.of(token, registration).hasExpired(expiresAt, clock.millis());
	}

	// A token is needed when there is none, when the current one is due for renewal, or
	// when the caller asks for a renewal ahead of expiry
	static boolean needsToken(OAuth2AuthorizationContext context, JwtBearerRegistration registration, Clock clock) {
		OAuth2AuthorizedClient authorizedClient = context.getAuthorizedClient();
		return authorizedClient == null
				|| Boolean.TRUE
					.equals(context.getAttribute(SignedAssertionOAuth2AuthorizedClientProvider.RENEW_ATTRIBUTE_NAME))
				|| needsRenewal(authorizedClient.getAccessToken(), registration, clock);
	}

	// long enough for the default retry's three attempts, each within the connect and
	// read timeouts, and the pauses between them (Retry-After up to 10 s twice)
	static Duration sharedTokenRequestTimeout(JwtBearerRegistration registration) {
		return registration.getConnectTimeout().plus(registration.getReadTimeout()).multipliedBy(3).plusSeconds(30);
	}

	static boolean sameToken(OAuth2AuthorizedClient one, OAuth2AuthorizedClient other) {
		return one.getAccessToken().getTokenValue().equals(other.getAccessToken().getTokenValue());
	}

	// tokens are dated by our clock when they arrive
	static boolean isNewer(OAuth2AuthorizedClient candidate, OAuth2AuthorizedClient than) {
		Instant candidateIssuedAt = candidate.getAccessToken().getIssuedAt();
		Instant thanIssuedAt = than.getAccessToken().getIssuedAt();
		return candidateIssuedAt != null && thanIssuedAt != null && candidateIssuedAt.isAfter(thanIssuedAt);
	}

	// the managers hand their clock to the provider, so that one clock dates and judges
	// tokens; a provider used on its own keeps its own
	static Clock clock(OAuth2AuthorizationContext context, Clock fallback) {
		Object clock = context.getAttribute(SignedAssertionOAuth2AuthorizedClientProvider.CLOCK_ATTRIBUTE_NAME);
		return (clock instanceof Clock value) ? value : fallback;
	}

	static JwtBearerTokenListener tokenListener(OAuth2AuthorizationContext context) {
		Object listener = context.getAttribute(TOKEN_LISTENER_ATTRIBUTE_NAME);
		return (listener instanceof JwtBearerTokenListener value) ? value : NO_LISTENER;
	}

	// RFC 6750 section 3.1: only a token the resource server called invalid is evicted;
	// a refused token request (invalid_grant, ...) has already removed it
	static @Nullable OAuth2AuthorizeRequest evictionRequest(OAuth2AuthorizationException failure,
			Authentication principal, Map<String, Object> attributes) {
		if (!(failure instanceof ClientAuthorizationException clientFailure)
				|| !OAuth2ErrorCodes.INVALID_TOKEN.equals(failure.getError().getErrorCode())) {
			return null;
		}
		return OAuth2AuthorizeRequest.withClientRegistrationId(clientFailure.getClientRegistrationId())
			.principal(principal)
			.attributes((requestAttributes) -> requestAttributes.putAll(attributes))
			.build();
	}

	static @Nullable OAuth2AccessToken rejectedAccessToken(Map<String, Object> attributes) {
		return (attributes.get(
				JwtBearerOAuth2AuthorizedClientManager.REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME) instanceof OAuth2AccessToken token)
						? token : null;
	}

	// without the rejected token, any stored token goes
	static boolean isRejected(OAuth2AuthorizedClient stored, @Nullable OAuth2AccessToken rejected) {
		return rejected == null || stored.getAccessToken().getTokenValue().equals(rejected.getTokenValue());
	}

	static @Nullable String subject(OAuth2AuthorizationContext context, JwtBearerRegistration registration) {
		Object subject = context.getAttribute(SignedAssertionOAuth2AuthorizedClientProvider.SUBJECT_ATTRIBUTE_NAME);
		return (subject instanceof String value) ? value : registration.getSubject();
	}

	// The token is dated by our clock when it arrives, keeping the lifetime the response
	// gave it, so that expiry is judged on one time line
	static JwtBearerAuthorizedClient authorizedClient(ClientRegistration clientRegistration, String principalName,
			OAuth2AccessTokenResponse tokenResponse, Clock clock) {
		OAuth2AccessToken received = tokenResponse.getAccessToken();
		Instant issuedAt = clock.instant();
		Duration lifetime = Duration.between(received.getIssuedAt(), received.getExpiresAt());
		OAuth2AccessToken accessToken = new OAuth2AccessToken(received.getTokenType(), received.getTokenValue(),
				issuedAt, issuedAt.plus(lifetime), received.getScopes());
		// JSON nulls ("id": null) carry nothing, and an immutable map cannot hold them
		Map<String, Object> additionalParameters = new LinkedHashMap<>(tokenResponse.getAdditionalParameters());
		additionalParameters.values().removeIf(Objects::isNull);
		return new JwtBearerAuthorizedClient(clientRegistration, principalName, accessToken, additionalParameters);
	}

	/**
	 * Create the exception a failed token request surfaces as. Its message names the
	 * registration, the HTTP status, the OAuth error and description, and the
	 * {@link JwtBearerErrorHint hint}; its error is the one of the failure, unchanged.
	 * @param registration the registration whose token request failed
	 * @param ex the failure
	 * @return the exception to throw
	 */
	static ClientAuthorizationException clientAuthorizationException(JwtBearerRegistration registration,
			OAuth2AuthorizationException ex) {
		OAuth2Error error = ex.getError();
		StringBuilder message = new StringBuilder("Token request of registration '")
			.append(registration.getRegistrationId())
			.append("' failed: ")
			.append(status(ex))
			.append(", error '")
			.append(error.getErrorCode())
			.append("'");
		if (error.getDescription() != null) {
			message.append(", error_description '").append(shown(error.getDescription())).append("'");
		}
		JwtBearerErrorHint hint = JwtBearerErrorHint.of(error);
		if (hint != null) {
			message.append(". This usually means: ")
				.append(hint.getMeaning())
				.append(". To fix: ")
				.append(hint.getAction())
				.append(".");
		}
		else {
			message.append(". No hint is known for this error.");
		}
		return new ClientAuthorizationException(error, registration.getRegistrationId(), message.toString(), ex);
	}

	private static String status(OAuth2AuthorizationException ex) {
		boolean io = false;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TokenEndpointException endpoint) {
				return "HTTP " + endpoint.getStatusCode();
			}
			io = io || cause instanceof IOException;
		}
		return io ? "no HTTP response" : "HTTP status unknown";
	}

	// the token endpoint's own text, shortened, with anything that looks like a JWT (an
	// echoed assertion) masked: done where the error is built, again here for errors of
	// a token response client of the application's
	private static String shown(String description) {
		Matcher jwt = JWT.matcher(abbreviate(description, 500));
		StringBuilder shown = new StringBuilder();
		while (jwt.find()) {
			jwt.appendReplacement(shown, Matcher.quoteReplacement(mask(jwt.group())));
		}
		return printable(jwt.appendTail(shown).toString());
	}

	// the twin of TokenResponseErrors.printable in client.endpoint, which cannot reach
	// this package: a subject comes from a request, and must not start a log line of its
	// own
	static String printable(String text) {
		StringBuilder printable = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				if (printable == null) {
					printable = new StringBuilder(text);
				}
				printable.setCharAt(i, '?');
			}
		}
		return (printable != null) ? printable.toString() : text;
	}

	static String abbreviate(String text, int maxLength) {
		return (text.length() > maxLength) ? text.substring(0, maxLength) + "..." : text;
	}

	/**
	 * Mask a secret that must be shown: its first 4 characters and its length.
	 * @param secret the token or other secret
	 * @return the masked form, such as {@code "00Dx...(112 characters)"}
	 */
	static String mask(String secret) {
		return secret.substring(0, Math.min(4, secret.length())) + "...(" + secret.length() + " characters)";
	}

	static Observation observation(@Nullable JwtBearerTokenRequestObservationConvention convention,
			JwtBearerTokenRequestObservationContext context, ObservationRegistry registry) {
		return Observation.createNotStarted(convention, DEFAULT_OBSERVATION_CONVENTION, () -> context, registry);
	}

	// the story of a token, without a secret: the assertion and the token stay unsaid
	static void logTokenRequest(Log logger, JwtBearerRegistration registration, @Nullable String subject) {
		logger.debug(LogMessage.format("Requesting a token for registration '%s' from %s with an assertion minted %s",
				registration.getRegistrationId(),
				registration.getClientRegistration().getProviderDetails().getTokenUri(),
				(subject != null) ? "for subject '" + printable(subject) + "'" : "without subject"));
	}

	static void logTokenObtained(Log logger, JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
		logger.debug(LogMessage.format("%s the token of registration '%s' and %s, cached until %s",
				renewal ? "Renewed ahead of expiry" : "Obtained", registration.getRegistrationId(), describe(subject),
				authorizedClient.getAccessToken().getExpiresAt()));
	}

	static void logTokenEvicted(Log logger, JwtBearerRegistration registration, @Nullable String subject,
			boolean rejected) {
		logger.debug(
				LogMessage.format("Evicted the token of registration '%s' and %s%s", registration.getRegistrationId(),
						describe(subject), rejected ? " that the API rejected (HTTP 401)" : ""));
	}

	static void logRejectedTokenKept(Log logger, JwtBearerRegistration registration, @Nullable String subject) {
		logger.debug(LogMessage.format(
				"Kept the token of registration '%s' and %s that the API rejected (HTTP 401): two tokens were evicted "
						+ "for the same reason within %s, so the 401 goes to the caller",
				registration.getRegistrationId(), describe(subject), RejectionEvictions.MIN_INTERVAL));
	}

	private static String describe(@Nullable String subject) {
		// a subject may come from a request: it must not start a log line of its own
		return (subject != null) ? "subject '" + printable(subject) + "'" : "no subject";
	}

}
