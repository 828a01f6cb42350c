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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * Keeps token requests of JWT bearer registrations from hurting the token endpoint and
 * the user they log in as. The providers consult it before every token request:
 * <ul>
 * <li>A login budget per registration and subject
 * ({@link JwtBearerRegistration#getMaxTokenRequestsPerHour()}): past it, token requests
 * fail at once with the error {@value #BUDGET_EXCEEDED_ERROR_CODE}, reaching no endpoint,
 * until the hour has room again. A warning is logged once an hour when 80 % of it is
 * used.</li>
 * <li>An error cooldown ({@link JwtBearerRegistration#getErrorCooldown()}): after a
 * permanent OAuth error ({@code invalid_grant}, {@code invalid_client}, ...) callers get
 * the same error at once, without a token request, until the cooldown ends, the
 * registration or its signing key changes, or {@link #endCooldown(String)} is
 * called.</li>
 * <li>A backoff after any other failure (server errors, I/O errors, answers that are no
 * token response): callers get the last failure at once for a pause that doubles with
 * every failure in a row, from 1 second up to 1 minute, and ends with the first
 * success.</li>
 * <li>A retry budget per registration: once {@link #setRetryBudget(int) 3} attempts in a
 * row have failed, across all subjects, token requests get one attempt and no retries
 * until one succeeds.</li>
 * </ul>
 * Share one guard between the servlet and the reactive provider, so that they count the
 * same budget.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class JwtBearerTokenRequestGuard {

	/**
	 * The OAuth error code of a token request refused because its login budget is used
	 * up.
	 */
	public static final String BUDGET_EXCEEDED_ERROR_CODE = "jwt_bearer_budget_exceeded";

	private static final Log logger = LogFactory.getLog(JwtBearerTokenRequestGuard.class);

	// failures that may pass by themselves: the endpoint is down or answers nonsense
	private static final Set<String> TRANSIENT_ERROR_CODES = Set.of(OAuth2ErrorCodes.SERVER_ERROR,
			OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, JwtBearerTokens.INVALID_TOKEN_RESPONSE);

	// a subject quiet for an hour has nothing left in its window: forgotten
	private final Cache<Key, LoginBudget> budgets = Caffeine.newBuilder()
		.expireAfterAccess(LoginBudget.WINDOW)
		.executor(Runnable::run)
		.build();

	// kept a while after the pause, to remember how many failures came in a row
	private final Cache<Key, Refusal> refusals = Caffeine.newBuilder()
		.expireAfter(Expiry.creating((Key key, Refusal refusal) -> refusal.remembered()))
		.executor(Runnable::run)
		.build();

	private final Map<String, AtomicInteger> failedAttemptsInARow = new ConcurrentHashMap<>();

	private Duration initialBackoff = Duration.ofSeconds(1);

	private Duration maxBackoff = Duration.ofMinutes(1);

	private int retryBudget = 3;

	private Clock clock = Clock.systemUTC();

	/**
	 * End the error cooldowns and backoffs of every subject of a registration, so that
	 * the next caller sends a token request: once the cause is fixed outside the
	 * application (the user approved the app, say). The registration's retries come back
	 * too. A reload of the registration's key may call it as well; the guard also ends a
	 * cooldown by itself when the registration object or its signing key changes.
	 * @param registrationId the registration id
	 * @return how many cooldowns and backoffs were ended
	 */
	public int endCooldown(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		int ended = 0;
		for (Key key : Set.copyOf(this.refusals.asMap().keySet())) {
			if (key.registrationId().equals(registrationId) && this.refusals.asMap().remove(key) != null) {
				ended++;
			}
		}
		this.failedAttemptsInARow.remove(registrationId);
		return ended;
	}

	/**
	 * Return the share of the login budget used in the last hour by the registration's
	 * busiest subject.
	 * @param registration the registration
	 * @return a share between {@code 0} and {@code 1}; {@code 0} without a budget
	 */
	public double getBudgetUsed(JwtBearerRegistration registration) {
		Assert.notNull(registration, "registration cannot be null");
		int max = registration.getMaxTokenRequestsPerHour();
		if (max == 0) {
			return 0;
		}
		Instant now = this.clock.instant();
		int used = 0;
		for (Map.Entry<Key, LoginBudget> entry : this.budgets.asMap().entrySet()) {
			if (entry.getKey().registrationId().equals(registration.getRegistrationId())) {
				used = Math.max(used, entry.getValue().used(now));
			}
		}
		return Math.min(1.0, (double) used / max);
	}

	/**
	 * Return when the error cooldown or backoff of a registration ends: the latest among
	 * its subjects.
	 * @param registrationId the registration id
	 * @return the end, or {@code null} when no subject is in one
	 */
	public @Nullable Instant getCooldownEnd(String registrationId) {
		Instant now = this.clock.instant();
		Instant end = null;
		for (Map.Entry<Key, Refusal> entry : this.refusals.asMap().entrySet()) {
			Instant until = entry.getValue().until();
			if (entry.getKey().registrationId().equals(registrationId) && until.isAfter(now)
					&& (end == null || until.isAfter(end))) {
				end = until;
			}
		}
		return end;
	}

	/**
	 * Set the pause after the first failed token request of a registration and subject;
	 * it doubles with each failure in a row, up to {@code maxBackoff}. 1 second and 1
	 * minute by default; zero turns the backoff off.
	 * @param initialBackoff the first pause
	 * @param maxBackoff the longest pause
	 */
	public void setBackoff(Duration initialBackoff, Duration maxBackoff) {
		Assert.notNull(initialBackoff, "initialBackoff cannot be null");
		Assert.notNull(maxBackoff, "maxBackoff cannot be null");
		Assert.isTrue(!initialBackoff.isNegative(), "initialBackoff must be >= 0");
		Assert.isTrue(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff must be >= initialBackoff");
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Set how many attempts of a registration may fail in a row, across its subjects,
	 * before token requests get no retries until one succeeds; 3 by default.
	 * @param retryBudget the failed attempts in a row
	 */
	public void setRetryBudget(int retryBudget) {
		Assert.isTrue(retryBudget >= 1, "retryBudget must be >= 1");
		this.retryBudget = retryBudget;
	}

	/**
	 * Set the {@link Clock} of {@link #getBudgetUsed} and {@link #getCooldownEnd}; token
	 * requests are judged by the clock of the provider that sends them.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	// before a token request: refuse it while its registration and subject are in a
	// cooldown or a backoff, or have no budget left
	void checkBefore(JwtBearerRegistration registration, @Nullable String subject, Instant now) {
		Key key = new Key(registration.getRegistrationId(), subject);
		checkBudget(registration, key, now);
		Refusal refusal = this.refusals.getIfPresent(key);
		if (refusal == null || !now.isBefore(refusal.until())) {
			return;
		}
		if (refusal.registration() != registration
				|| refusal.signingKey() != registration.getAssertionMinter().getSigner()) {
			// the configuration changed: the error may be fixed
			this.refusals.asMap().remove(key, refusal);
			return;
		}
		throw refusal.refuse(registration, subject);
	}

	private void checkBudget(JwtBearerRegistration registration, Key key, Instant now) {
		int max = registration.getMaxTokenRequestsPerHour();
		LoginBudget budget = (max != 0) ? this.budgets.getIfPresent(key) : null;
		Instant allowedAt = (budget != null) ? budget.allowedAt(max, now) : null;
		if (allowedAt != null) {
			throw budgetExceeded(registration, key.subject(), max, allowedAt);
		}
	}

	// before each attempt, retries included: count it against the budget
	void countAttempt(JwtBearerRegistration registration, @Nullable String subject, Instant now) {
		int max = registration.getMaxTokenRequestsPerHour();
		if (max == 0) {
			return;
		}
		LoginBudget budget = this.budgets.get(new Key(registration.getRegistrationId(), subject),
				(key) -> new LoginBudget());
		Instant allowedAt = budget.tryAcquire(max, now);
		if (allowedAt != null) {
			throw budgetExceeded(registration, subject, max, allowedAt);
		}
		if (budget.shouldWarn(max, now) && logger.isWarnEnabled()) {
			logger.warn("Registration '" + registration.getRegistrationId() + "' has sent " + budget.used(now)
					+ " of its " + max + " token requests per hour for " + describe(subject)
					+ " (max-token-requests-per-hour); past the budget token requests fail until the hour has room");
		}
	}

	boolean mayRetry(JwtBearerRegistration registration) {
		AtomicInteger failed = this.failedAttemptsInARow.get(registration.getRegistrationId());
		return failed == null || failed.get() < this.retryBudget;
	}

	void attemptSucceeded(JwtBearerRegistration registration) {
		this.failedAttemptsInARow.remove(registration.getRegistrationId());
	}

	void attemptFailed(JwtBearerRegistration registration, Throwable failure) {
		if (TokenRequestRetry.isTransient(failure)) {
			this.failedAttemptsInARow.computeIfAbsent(registration.getRegistrationId(), (id) -> new AtomicInteger())
				.incrementAndGet();
		}
	}

	void succeeded(JwtBearerRegistration registration, @Nullable String subject) {
		this.refusals.invalidate(new Key(registration.getRegistrationId(), subject));
	}

	void failed(JwtBearerRegistration registration, @Nullable String subject, Throwable failure, Instant now) {
		if (failure instanceof TokenRequestRefusedException) {
			// no token request was sent
			return;
		}
		Key key = new Key(registration.getRegistrationId(), subject);
		this.refusals.asMap().compute(key, (k, previous) -> {
			int inARow = (previous != null) ? previous.failuresInARow() + 1 : 1;
			boolean permanent = isPermanent(failure);
			Duration pause = permanent ? registration.getErrorCooldown() : backoff(inARow);
			if (pause.isZero()) {
				return null;
			}
			return new Refusal(failure, now, now.plus(pause), inARow, permanent, registration,
					registration.getAssertionMinter().getSigner(), pause.plus(this.maxBackoff));
		});
	}

	// an OAuth error the endpoint would give again: the same assertion claims, key and
	// client are refused until someone changes them
	static boolean isPermanent(Throwable failure) {
		return failure instanceof OAuth2AuthorizationException oauth2 && !TokenRequestRetry.isTransient(failure)
				&& !TRANSIENT_ERROR_CODES.contains(oauth2.getError().getErrorCode());
	}

	private Duration backoff(int inARow) {
		Duration pause = this.initialBackoff;
		for (int i = 1; i < inARow && pause.compareTo(this.maxBackoff) < 0; i++) {
			pause = pause.multipliedBy(2);
		}
		return (pause.compareTo(this.maxBackoff) < 0) ? pause : this.maxBackoff;
	}

	private static TokenRequestRefusedException budgetExceeded(JwtBearerRegistration registration,
			@Nullable String subject, int max, Instant allowedAt) {
		String id = registration.getRegistrationId();
		String description = "The login budget of " + max
				+ " token requests per hour is used up; the next is allowed at " + allowedAt;
		String message = "Token request of registration '" + id + "' for " + describe(subject)
				+ " not sent: its login budget of " + max
				+ " token requests per hour is used up; the next is allowed at " + allowedAt
				+ ". The budget (jwt-bearer.registration." + id
				+ ".max-token-requests-per-hour) keeps the provider's own login limit from locking the user out: find "
				+ "what asks for so many tokens (tokens evicted or not shared, a very short token-lifetime), or raise "
				+ "the budget";
		return new TokenRequestRefusedException(new OAuth2Error(BUDGET_EXCEEDED_ERROR_CODE, description, null), id,
				message);
	}

	private static String describe(@Nullable String subject) {
		return (subject != null) ? "subject '" + JwtBearerTokens.printable(subject) + "'" : "no subject";
	}

	private record Key(String registrationId, @Nullable String subject) {

	}

	/**
	 * The last failure of a registration and subject, given to callers until
	 * {@code until}.
	 */
	private record Refusal(Throwable failure, Instant failedAt, Instant until, int failuresInARow, boolean permanent,
			JwtBearerRegistration registration, JwtSigner signingKey, Duration remembered) {

		TokenRequestRefusedException refuse(JwtBearerRegistration registration, @Nullable String subject) {
			String id = registration.getRegistrationId();
			OAuth2Error error = (this.failure instanceof OAuth2AuthorizationException oauth2) ? oauth2.getError()
					: new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE);
			StringBuilder message = new StringBuilder("Token request of registration '").append(id)
				.append("' for ")
				.append(describe(subject))
				.append(" not sent: the last one failed at ")
				.append(this.failedAt);
			if (this.permanent) {
				message.append(" with error '")
					.append(error.getErrorCode())
					.append("', given to every caller until ")
					.append(this.until)
					.append(" (jwt-bearer.registration.")
					.append(id)
					.append(".error-cooldown). A change of the registration or its key, or a DELETE of the ")
					.append("jwtbearer actuator endpoint's /")
					.append(id)
					.append(", ends the cooldown at once");
			}
			else {
				message.append(" (")
					.append(this.failuresInARow)
					.append(" in a row); the next is sent from ")
					.append(this.until);
			}
			message.append(". The failure: ").append(this.failure.getMessage());
			return new TokenRequestRefusedException(error, id, message.toString(), this.failure);
		}

	}

}
