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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalWindow}: the clock skew and renewal margin shrink for tokens
 * too short-lived to bear them.
 *
 * @author JWT Bearer for Spring contributors
 */
class RenewalWindowTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final Instant EXPIRES_AT = Instant.parse("2026-11-30T12:15:00Z");

	@Test
	void ofWhenLifetimeBearsTheConfiguredWindowThenKeepsIt() {
		RenewalWindow window = RenewalWindow.of(Duration.ofMinutes(15), MINUTE, MINUTE);
		assertThat(window.getClockSkew()).isEqualTo(MINUTE);
		assertThat(window.getRefreshBeforeExpiry()).isEqualTo(MINUTE);
		assertThat(window.expiry(EXPIRES_AT)).isEqualTo(Instant.parse("2026-11-30T12:14:00Z"));
		assertThat(window.renewalStart(EXPIRES_AT)).isEqualTo(Instant.parse("2026-11-30T12:13:00Z"));
	}

	@Test
	void ofWhenWindowIsExactlyHalfTheLifetimeThenKeepsIt() {
		RenewalWindow window = RenewalWindow.of(Duration.ofMinutes(4), MINUTE, MINUTE);
		assertThat(window.getClockSkew()).isEqualTo(MINUTE);
		assertThat(window.getRefreshBeforeExpiry()).isEqualTo(MINUTE);
	}

	@Test
	void ofWhen60SecondTokenWithDefaultsThenServedAloneForHalfItsLife() {
		RenewalWindow window = RenewalWindow.of(MINUTE, MINUTE, MINUTE);
		assertThat(window.getClockSkew()).isEqualTo(Duration.ofSeconds(15));
		assertThat(window.getRefreshBeforeExpiry()).isEqualTo(Duration.ofSeconds(15));
		Instant expiresAt = Instant.parse("2026-11-30T12:01:00Z");
		assertThat(window.renewalStart(expiresAt)).isEqualTo(Instant.parse("2026-11-30T12:00:30Z"));
		assertThat(window.expiry(expiresAt)).isEqualTo(Instant.parse("2026-11-30T12:00:45Z"));
	}

	@Test
	void ofWhenWindowIsLongerThanTheLifetimeThenBothShrinkInProportion() {
		RenewalWindow window = RenewalWindow.of(Duration.ofSeconds(90), Duration.ofSeconds(120),
				Duration.ofSeconds(60));
		assertThat(window.getClockSkew()).isEqualTo(Duration.ofSeconds(30));
		assertThat(window.getRefreshBeforeExpiry()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void ofWhenOneSecondTokenThenStillServedForHalfASecond() {
		RenewalWindow window = RenewalWindow.of(Duration.ofSeconds(1), MINUTE, MINUTE);
		assertThat(window.getClockSkew().plus(window.getRefreshBeforeExpiry())).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void ofWhenLifetimeUnknownThenConfiguredWindow() {
		RenewalWindow window = RenewalWindow.of(null, MINUTE, Duration.ofSeconds(30));
		assertThat(window.getClockSkew()).isEqualTo(MINUTE);
		assertThat(window.getRefreshBeforeExpiry()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void ofWhenNoSkewAndNoMarginThenNone() {
		RenewalWindow window = RenewalWindow.of(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO);
		assertThat(window.expiry(EXPIRES_AT)).isEqualTo(EXPIRES_AT);
		assertThat(window.renewalStart(EXPIRES_AT)).isEqualTo(EXPIRES_AT);
	}

	@Test
	void hasExpiredAndIsDueWhenJudgedInMillisThenAgreeWithTheInstants() {
		RenewalWindow window = RenewalWindow.of(MINUTE, MINUTE, MINUTE);
		Instant expiresAt = Instant.parse("2026-11-30T12:01:00.000500Z");
		long renewalStart = window.renewalStart(expiresAt).toEpochMilli();
		long expiry = window.expiry(expiresAt).toEpochMilli();
		assertThat(window.isDue(expiresAt, renewalStart - 1)).isFalse();
		assertThat(window.isDue(expiresAt, renewalStart)).isTrue();
		assertThat(window.hasExpired(expiresAt, renewalStart)).isFalse();
		assertThat(window.hasExpired(expiresAt, expiry - 1)).isFalse();
		assertThat(window.hasExpired(expiresAt, expiry)).isTrue();
		assertThat(expiry - renewalStart).isEqualTo(15_000);
	}

}
