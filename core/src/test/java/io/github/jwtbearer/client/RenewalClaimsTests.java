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
 * Tests for {@link RenewalClaims}.
 *
 * @author JWT Bearer for Spring contributors
 */
class RenewalClaimsTests {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private final RenewalClaims claims = new RenewalClaims();

	@Test
	void claimWhenAlreadyClaimedForTheSameTokenThenRefused() {
		JwtBearerTokenKey key = new JwtBearerTokenKey("salesforce", "alice@acme.com");
		Instant expiresAt = NOW.plusSeconds(90);
		assertThat(this.claims.claim(key, expiresAt, NOW)).isTrue();
		assertThat(this.claims.claim(key, expiresAt, NOW.plusSeconds(1))).isFalse();
		assertThat(this.claims.claim(key, expiresAt.plusSeconds(900), NOW.plusSeconds(2))).isTrue();
	}

	@Test
	void claimsOfFailedRenewalsForSubjectsThatNeverReturnAreDroppedOnceTheirTokensExpire() {
		Instant expiresAt = NOW.plusSeconds(90);
		for (int i = 0; i < 100_000; i++) {
			// renewal started, failed, and the subject is never seen again
			assertThat(this.claims.claim(new JwtBearerTokenKey("salesforce", "user" + i), expiresAt, NOW)).isTrue();
		}
		assertThat(this.claims.size()).isEqualTo(100_000);
		Instant later = expiresAt.plus(Duration.ofMinutes(1));
		assertThat(this.claims.claim(new JwtBearerTokenKey("salesforce", "last"), later.plusSeconds(90), later))
			.isTrue();
		assertThat(this.claims.size()).isEqualTo(1);
	}

	@Test
	void claimOfATokenStillValidIsKept() {
		JwtBearerTokenKey key = new JwtBearerTokenKey("salesforce", "alice@acme.com");
		Instant expiresAt = NOW.plusSeconds(600);
		assertThat(this.claims.claim(key, expiresAt, NOW)).isTrue();
		Instant later = NOW.plus(Duration.ofMinutes(2));
		this.claims.claim(new JwtBearerTokenKey("salesforce", "bob@acme.com"), later.plusSeconds(90), later);
		assertThat(this.claims.claim(key, expiresAt, later)).isFalse();
		assertThat(this.claims.size()).isEqualTo(2);
	}

}
