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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.springframework.util.CustomizableThreadCreator;

/**
 * The default executor of background renewals: a few shared daemon threads (so that 2,000
 * subjects entering their renewal window together make a few token requests at a time,
 * not 2,000), a bound on the renewals waiting for them, and a random pause before each
 * renewal starts, so that tokens obtained together are not all renewed in the same
 * instant. A renewal beyond the bound is rejected with a
 * {@link RejectedExecutionException}; the manager then lets the current token serve and
 * tries again on a later call. Idle threads end after a minute.
 *
 * @author JWT Bearer for Spring contributors
 */
final class BoundedRenewalExecutor implements Executor {

	/**
	 * Renewals running at once.
	 */
	static final int DEFAULT_MAX_CONCURRENT = 4;

	/**
	 * Renewals accepted at once, running or waiting.
	 */
	static final int DEFAULT_MAX_PENDING = 1000;

	/**
	 * Longest random pause before a renewal starts.
	 */
	static final Duration DEFAULT_MAX_JITTER = Duration.ofMillis(200);

	private final ScheduledThreadPoolExecutor threads;

	private final Semaphore pending;

	private final long maxJitterMillis;

	BoundedRenewalExecutor() {
		this(DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_PENDING, DEFAULT_MAX_JITTER);
	}

	BoundedRenewalExecutor(int maxConcurrent, int maxPending, Duration maxJitter) {
		CustomizableThreadCreator threadCreator = new CustomizableThreadCreator("jwt-bearer-renewal-");
		threadCreator.setDaemon(true);
		this.threads = new ScheduledThreadPoolExecutor(maxConcurrent, threadCreator::createThread);
		this.threads.setKeepAliveTime(1, TimeUnit.MINUTES);
		this.threads.allowCoreThreadTimeOut(true);
		this.threads.setRemoveOnCancelPolicy(true);
		this.pending = new Semaphore(maxPending);
		this.maxJitterMillis = maxJitter.toMillis();
	}

	@Override
	public void execute(Runnable task) {
		if (!this.pending.tryAcquire()) {
			throw new RejectedExecutionException("Too many renewals ahead of expiry are waiting");
		}
		long jitter = (this.maxJitterMillis > 0) ? ThreadLocalRandom.current().nextLong(this.maxJitterMillis + 1) : 0;
		try {
			// the pause is a delay of the scheduler: no thread sleeps through it
			this.threads.schedule(() -> {
				try {
					task.run();
				}
				finally {
					this.pending.release();
				}
			}, jitter, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.pending.release();
			throw ex;
		}
	}

}
