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

import org.jspecify.annotations.Nullable;

/**
 * The token requests of one registration and subject over the last hour: a sliding window
 * of sixty one-minute buckets, so that its memory stays the same however many requests it
 * counts. A request counts until the minute it was sent has left the hour.
 *
 * @author JWT Bearer for Spring contributors
 */
final class LoginBudget {

	static final Duration WINDOW = Duration.ofHours(1);

	private static final int BUCKETS = 60;

	private static final long BUCKET_SECONDS = WINDOW.getSeconds() / BUCKETS;

	// the minute (since the epoch) each bucket counts, and its count
	private final long[] minutes = new long[BUCKETS];

	private final int[] counts = new int[BUCKETS];

	private @Nullable Instant warnedAt;

	/**
	 * Count one token request, unless the budget is used up.
	 * @param max the budget
	 * @param now the current time
	 * @return {@code null} when the request was counted, else the instant from which one
	 * is allowed again
	 */
	synchronized @Nullable Instant tryAcquire(int max, Instant now) {
		Instant allowedAt = allowedAt(max, now);
		if (allowedAt != null) {
			return allowedAt;
		}
		long minute = minute(now);
		int bucket = (int) Math.floorMod(minute, (long) BUCKETS);
		if (this.minutes[bucket] != minute) {
			this.minutes[bucket] = minute;
			this.counts[bucket] = 0;
		}
		this.counts[bucket]++;
		return null;
	}

	/**
	 * Return from when a token request is allowed again, if the budget is used up.
	 * @param max the budget
	 * @param now the current time
	 * @return {@code null} when a request is allowed now
	 */
	synchronized @Nullable Instant allowedAt(int max, Instant now) {
		long minute = minute(now);
		return (used(minute) >= max) ? Instant.ofEpochSecond((oldestMinute(minute) + BUCKETS) * BUCKET_SECONDS) : null;
	}

	synchronized int used(Instant now) {
		return used(minute(now));
	}

	// once per window: true the first time 80 % of the budget is used, then not again
	// within the hour
	synchronized boolean shouldWarn(int max, Instant now) {
		boolean nearlyUsedUp = used(minute(now)) * 5L >= max * 4L;
		if (nearlyUsedUp && (this.warnedAt == null || !now.isBefore(this.warnedAt.plus(WINDOW)))) {
			this.warnedAt = now;
			return true;
		}
		return false;
	}

	private int used(long minute) {
		int used = 0;
		for (int i = 0; i < BUCKETS; i++) {
			if (inWindow(this.minutes[i], minute)) {
				used += this.counts[i];
			}
		}
		return used;
	}

	private long oldestMinute(long minute) {
		long oldest = minute;
		for (int i = 0; i < BUCKETS; i++) {
			if (this.counts[i] > 0 && inWindow(this.minutes[i], minute)) {
				oldest = Math.min(oldest, this.minutes[i]);
			}
		}
		return oldest;
	}

	private static boolean inWindow(long bucketMinute, long minute) {
		return bucketMinute <= minute && bucketMinute > minute - BUCKETS;
	}

	private static long minute(Instant now) {
		return Math.floorDiv(now.getEpochSecond(), BUCKET_SECONDS);
	}

}
