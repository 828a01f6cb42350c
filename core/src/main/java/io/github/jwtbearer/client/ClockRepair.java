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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Mints assertions on the token endpoint's time once its clock is known to differ from
 * this host's.
 * <p>
 * When the token endpoint refuses an assertion as expired or not yet valid (Salesforce's
 * {@code expired authorization code}, Google's {@code Invalid JWT: Token must be a
 * short-lived token ... Check your iat and exp}, or an {@code invalid_grant} that speaks
 * of {@code exp}, {@code iat} or {@code nbf}), and the {@code Date} of its answer differs
 * from the refused assertion's {@code iat} by more than {@link #TOLERANCE}, the
 * difference becomes the registration's clock offset: later assertions are minted on the
 * endpoint's time, and the refused token request is worth one more try. Each new offset
 * is logged once, at WARN, and told to the {@link JwtBearerTokenListener}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class ClockRepair {

	/**
	 * The largest difference between the token endpoint's {@code Date} and the refused
	 * assertion's {@code iat} that the clocks may show while they agree: a date has a
	 * resolution of one second, and the answer takes time to arrive. Within it, a refusal
	 * has another cause, and no request is sent again.
	 */
	static final Duration TOLERANCE = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(ClockRepair.class);

	// RFC 7521 section 4.1.1 and RFC 7523 section 3.1: an assertion outside its time
	// window is invalid_grant; invalid_client for a client assertion (section 2.2)
	private static final Set<String> ERROR_CODES = Set.of("invalid_grant", "invalid_client");

	// what token endpoints say of an assertion outside its time window
	private static final Pattern TIME_REFUSAL = Pattern.compile(
			"expired|not yet valid|not valid yet|\\b(iat|exp|nbf)\\b|issued at|timeframe|not active|in the future|clock",
			Pattern.CASE_INSENSITIVE);

	private final Map<String, Duration> offsets = new ConcurrentHashMap<>();

	/**
	 * Start the assertions of one token request, its retries included.
	 * @param registration the registration
	 * @param subject the subject, or {@code null}
	 * @return the assertions of the request
	 */
	Assertions assertions(JwtBearerRegistration registration, @Nullable String subject) {
		return new Assertions(registration, subject);
	}

	/**
	 * Return how far the token endpoint's clock is ahead of this host's.
	 * @param registration the registration
	 * @return the offset; zero until a refusal showed one
	 */
	Duration offset(JwtBearerRegistration registration) {
		return this.offsets.getOrDefault(registration.getRegistrationId(), Duration.ZERO);
	}

	// the offset that would have made the refused assertion right; concurrent refusals
	// of assertions minted with the same offset agree on it, and only a change is told
	private void learn(JwtBearerRegistration registration, TokenEndpointException answer, Duration offset,
			JwtBearerTokenListener listener) {
		Duration previous = this.offsets.put(registration.getRegistrationId(), offset);
		if (previous != null && offset.minus(previous).abs().compareTo(TOLERANCE) <= 0) {
			return;
		}
		logger.warn(LogMessage.format(
				"The token endpoint of registration '%s' refused the assertion as expired or not yet valid (%s), "
						+ "and its clock is %d seconds %s this host's (Date %s): assertions are minted on the token "
						+ "endpoint's time from now on, and the token request is sent once more. Synchronise this "
						+ "host's clock (NTP)",
				registration.getRegistrationId(), answer.getError().getErrorCode(), offset.abs().toSeconds(),
				offset.isNegative() ? "behind" : "ahead of", answer.getDate()));
		listener.clockOffsetDetected(registration, offset);
	}

	private static @Nullable TokenEndpointException timeRefusal(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TokenEndpointException answer) {
				return isTimeRefusal(answer) ? answer : null;
			}
		}
		return null;
	}

	private static boolean isTimeRefusal(OAuth2AuthorizationException answer) {
		OAuth2Error error = answer.getError();
		String description = error.getDescription();
		return ERROR_CODES.contains(error.getErrorCode()) && description != null
				&& TIME_REFUSAL.matcher(description).find();
	}

	/**
	 * The assertions of one token request: each minted on the token endpoint's time as
	 * far as it is known, and at most one repair.
	 */
	final class Assertions {

		private final JwtBearerRegistration registration;

		private final @Nullable String subject;

		private volatile @Nullable Jwt last;

		private volatile Duration lastOffset = Duration.ZERO;

		private volatile boolean repaired;

		private Assertions(JwtBearerRegistration registration, @Nullable String subject) {
			this.registration = registration;
			this.subject = subject;
		}

		/**
		 * Mint the assertion of the next attempt.
		 * @return the assertion
		 */
		Jwt mint() {
			Duration offset = offset(this.registration);
			Jwt assertion = this.registration.getAssertionMinter().mint(this.subject, offset);
			this.lastOffset = offset;
			this.last = assertion;
			return assertion;
		}

		/**
		 * Learn the token endpoint's clock from the failure of the last attempt.
		 * @param failure the failure
		 * @param listener the listener told of a new offset
		 * @return whether the last assertion was refused for a time this host's clock got
		 * wrong, the first time in this request: it is worth one more try
		 */
		boolean repair(@Nullable Throwable failure, JwtBearerTokenListener listener) {
			TokenEndpointException answer = timeRefusal(failure);
			Jwt refused = this.last;
			Instant issuedAt = (refused != null) ? refused.getIssuedAt() : null;
			Instant date = (answer != null) ? answer.getDate() : null;
			if (this.repaired || answer == null || date == null || issuedAt == null) {
				return false;
			}
			Duration difference = Duration.between(issuedAt, date);
			if (difference.abs().compareTo(TOLERANCE) <= 0) {
				return false;
			}
			this.repaired = true;
			learn(this.registration, answer, this.lastOffset.plus(difference), listener);
			return true;
		}

	}

}
