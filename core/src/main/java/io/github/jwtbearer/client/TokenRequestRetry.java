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
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How token requests are tried again: server errors (5xx), 408, 429 and I/O errors, with
 * exponential backoff and jitter, honouring {@code Retry-After} up to a cap, a bounded
 * number of times. OAuth errors are never tried again.
 *
 * @param maxAttempts the number of attempts, the first included
 * @param initialDelay the delay before the first retry
 * @param multiplier the factor applied to the delay after each retry
 * @param maxDelay the longest delay computed by backoff
 * @param jitter the random variation added to each delay
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one ends the
 * retries
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public record TokenRequestRetry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay,
		Duration jitter, Duration maxRetryAfter) {

	/**
	 * Three attempts, 500 ms then 1 s apart (plus up to 100 ms jitter), honouring a
	 * {@code Retry-After} of up to 10 seconds.
	 */
	public static final TokenRequestRetry DEFAULT = new TokenRequestRetry(3, Duration.ofMillis(500), 2.0,
			Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(10));

	/**
	 * No retries: one attempt.
	 */
	public static final TokenRequestRetry NONE = new TokenRequestRetry(1, Duration.ZERO, 1.0, Duration.ZERO,
			Duration.ZERO, Duration.ZERO);

	public TokenRequestRetry {
		Assert.isTrue(maxAttempts >= 1, "maxAttempts must be >= 1");
		Assert.isTrue(!initialDelay.isNegative() && !maxDelay.isNegative() && !jitter.isNegative()
				&& !maxRetryAfter.isNegative(), "delays must be >= 0");
		Assert.isTrue(multiplier >= 1.0, "multiplier must be >= 1");
	}

	/**
	 * Return whether a failed token request may succeed when sent again.
	 * @param failure the failure
	 * @return whether to try again
	 */
	public static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TokenEndpointException endpoint) {
				return endpoint.isTransient();
			}
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Create the template for one token request; the template keeps the
	 * {@code Retry-After} of the last failure, so it must not be shared between requests.
	 * @return a new retry template
	 */
	RetryTemplate newTemplate() {
		return newTemplate(() -> true);
	}

	/**
	 * Create the template for one token request whose retries also need the
	 * {@code mayRetry} condition: the retry budget of a
	 * {@link JwtBearerTokenRequestGuard}.
	 * @param mayRetry whether a transient failure may be tried again now
	 * @return a new retry template
	 */
	RetryTemplate newTemplate(BooleanSupplier mayRetry) {
		return new RetryTemplate(new Policy(this, mayRetry));
	}

	/**
	 * Create the Reactor {@link Retry} with the same rules as {@link #newTemplate()}: the
	 * same backoff, {@code Retry-After} and bound, each subscription on its own.
	 * @return the retry spec
	 */
	Retry reactorRetry() {
		return reactorRetry(() -> true);
	}

	/**
	 * Create the Reactor {@link Retry} with the same rules as
	 * {@link #newTemplate(BooleanSupplier)}.
	 * @param mayRetry whether a transient failure may be tried again now
	 * @return the retry spec
	 */
	Retry reactorRetry(BooleanSupplier mayRetry) {
		return Retry.from((signals) -> {
			Policy policy = new Policy(this, mayRetry);
			BackOffExecution backOff = policy.getBackOff().start();
			return signals.concatMap((signal) -> {
				long delay = policy.shouldRetry(signal.failure()) ? backOff.nextBackOff() : BackOffExecution.STOP;
				return (delay != BackOffExecution.STOP) ? Mono.delay(Duration.ofMillis(delay))
						: Mono.error(signal.failure());
			});
		});
	}

	private static @Nullable Duration retryAfter(Throwable throwable) {
		for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
			if (cause instanceof TokenEndpointException endpoint) {
				return endpoint.getRetryAfter();
			}
		}
		return null;
	}

	/**
	 * A {@link RetryPolicy} for one token request: transient failures only, each delay
	 * the longer of the exponential backoff and the server's {@code Retry-After}.
	 */
	private static final class Policy implements RetryPolicy {

		private final TokenRequestRetry retry;

		private final BooleanSupplier mayRetry;

		private @Nullable Duration retryAfter;

		Policy(TokenRequestRetry retry, BooleanSupplier mayRetry) {
			this.retry = retry;
			this.mayRetry = mayRetry;
		}

		@Override
		public boolean shouldRetry(Throwable throwable) {
			if (!isTransient(throwable) || !this.mayRetry.getAsBoolean()) {
				return false;
			}
			this.retryAfter = retryAfter(throwable);
			// a server that asks for a longer pause than the cap is not waited for
			return this.retryAfter == null || this.retryAfter.compareTo(this.retry.maxRetryAfter()) <= 0;
		}

		@Override
		public BackOff getBackOff() {
			ExponentialBackOff exponential = new ExponentialBackOff(this.retry.initialDelay().toMillis(),
					this.retry.multiplier());
			exponential.setMaxInterval(this.retry.maxDelay().toMillis());
			exponential.setJitter(this.retry.jitter().toMillis());
			exponential.setMaxAttempts(this.retry.maxAttempts() - 1);
			return () -> {
				BackOffExecution execution = exponential.start();
				return () -> {
					long next = execution.nextBackOff();
					Duration retryAfter = this.retryAfter;
					if (next == BackOffExecution.STOP || retryAfter == null) {
						return next;
					}
					// the server knows best when it can answer again
					return Math.max(next, retryAfter.toMillis());
				};
			};
		}

	}

}
