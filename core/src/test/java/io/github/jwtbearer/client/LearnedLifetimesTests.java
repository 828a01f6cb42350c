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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LearnedLifetimes}: which 401s teach a registration a shorter lifetime,
 * and which new tokens it shortens.
 *
 * @author JWT Bearer for Spring contributors
 */
class LearnedLifetimesTests {

	private static final Instant ISSUED_AT = Instant.parse("2026-11-30T12:00:00Z");

	private final TestOrgTokenEndpoint endpoint = new TestOrgTokenEndpoint();

	// token-lifetime 15 minutes, clock-skew and refresh-before-expiry 60 seconds each
	private final JwtBearerRegistration registration = this.endpoint.registration("salesforce", TestClock.at(ISSUED_AT))
		.tokenLifetime(Duration.ofMinutes(15))
		.build();

	private final LearnedLifetimes lifetimes = new LearnedLifetimes();

	private final List<Duration> heard = new CopyOnWriteArrayList<>();

	private final JwtBearerTokenListener listener = new JwtBearerTokenListener() {

		@Override
		public void tokenLifetimeLearned(JwtBearerRegistration registration, Duration lifetime) {
			LearnedLifetimesTests.this.heard.add(lifetime);
		}

	};

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void rejectedWellBeforeAssumedExpiryThenItsAgeIsLearned() {
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofSeconds(125)),
				this.listener);
		assertThat(this.lifetimes.get(this.registration)).isEqualTo(Duration.ofSeconds(125));
		assertThat(this.heard).containsExactly(Duration.ofSeconds(125));
	}

	@Test
	void rejectedSoonerThanAMinuteThenNothingIsLearned() {
		// a revoked session, or a permission the user lacks: not a session timeout
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofSeconds(20)),
				this.listener);
		assertThat(this.lifetimes.get(this.registration)).isNull();
		assertThat(this.heard).isEmpty();
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofMinutes(1)),
				this.listener);
		assertThat(this.lifetimes.get(this.registration)).isEqualTo(LearnedLifetimes.MIN_LIFETIME);
	}

	@Test
	void rejectedInTheRenewalWindowThenNothingIsLearned() {
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofMinutes(13)),
				this.listener);
		assertThat(this.lifetimes.get(this.registration)).isNull();
		assertThat(this.heard).isEmpty();
	}

	@Test
	void rejectedTokenWhoseLifetimeCameFromExpiresInThenNothingIsLearned() {
		this.lifetimes.rejected(this.registration, token(Duration.ofHours(1)), at(Duration.ofMinutes(2)),
				this.listener);
		assertThat(this.lifetimes.get(this.registration)).isNull();
	}

	@Test
	void learnedLifetimeOnlyShrinks() {
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofMinutes(5)),
				this.listener);
		// a token of the learned lifetime, rejected sooner, teaches a shorter one
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(5)), at(Duration.ofSeconds(100)),
				this.listener);
		// one of the configured lifetime, rejected later, teaches nothing
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofMinutes(6)),
				this.listener);
		assertThat(this.lifetimes.get(this.registration)).isEqualTo(Duration.ofSeconds(100));
		assertThat(this.heard).containsExactly(Duration.ofMinutes(5), Duration.ofSeconds(100));
	}

	@Test
	void applyShortensTokensOfTheAssumedLifetimeOnly() {
		this.lifetimes.rejected(this.registration, token(Duration.ofMinutes(15)), at(Duration.ofMinutes(2)),
				this.listener);
		OAuth2AuthorizedClient assumed = this.lifetimes.apply(this.registration, client(Duration.ofMinutes(15)));
		assertThat(assumed).isInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(((JwtBearerAuthorizedClient) assumed).getInstanceUrl()).isEqualTo("https://acme.my.salesforce.com");
		assertThat(assumed.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token");
		assertThat(assumed.getAccessToken().getExpiresAt()).isEqualTo(ISSUED_AT.plus(Duration.ofMinutes(2)));
		OAuth2AuthorizedClient givenByExpiresIn = client(Duration.ofHours(1));
		assertThat(this.lifetimes.apply(this.registration, givenByExpiresIn)).isSameAs(givenByExpiresIn);
	}

	@Test
	void applyBeforeAnythingWasLearnedKeepsTheToken() {
		OAuth2AuthorizedClient client = client(Duration.ofMinutes(15));
		assertThat(this.lifetimes.apply(this.registration, client)).isSameAs(client);
	}

	private static OAuth2AccessToken token(Duration lifetime) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!token", ISSUED_AT,
				ISSUED_AT.plus(lifetime));
	}

	private OAuth2AuthorizedClient client(Duration lifetime) {
		return new JwtBearerAuthorizedClient(this.registration.getClientRegistration(), "integration@acme.com",
				token(lifetime), Map.of("instance_url", "https://acme.my.salesforce.com"));
	}

	private static Instant at(Duration age) {
		return ISSUED_AT.plus(age);
	}

}
