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

package io.github.jwtbearer.actuate;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;

import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerTokenStates}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenStatesTests {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private final TestClock clock = TestClock.at(NOW);

	private final JwtBearerRegistration registration = TestActuateRegistrations.salesforce();

	private final JwtBearerTokenStates states = new JwtBearerTokenStates();

	@BeforeEach
	void setClock() {
		this.states.setClock(this.clock);
	}

	@Test
	void getBeforeAnythingHappenedThenEmptyState() {
		JwtBearerTokenState state = this.states.get("salesforce");
		assertThat(state.obtainedAt()).isNull();
		assertThat(state.expiresAt()).isNull();
		assertThat(state.lastFailure()).isNull();
		assertThat(state.failing()).isFalse();
		assertThat(state.hasValidToken(NOW)).isFalse();
		assertThat(state.counters()).isEqualTo(new JwtBearerTokenState.Counters(0, 0, 0, 0, 0, 0));
	}

	@Test
	void tokenObtainedThenExpiryAndInstanceUrlButNotTheToken() {
		this.states.tokenObtained(this.registration, "integration@acme.com",
				TestActuateRegistrations.authorizedClient(this.registration, NOW, NOW.plus(Duration.ofMinutes(15))),
				false);
		JwtBearerTokenState state = this.states.get("salesforce");
		assertThat(state.obtainedAt()).isEqualTo(NOW);
		assertThat(state.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
		assertThat(state.instanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
		assertThat(state.lastRenewalAt()).isNull();
		assertThat(state.hasValidToken(NOW)).isTrue();
		assertThat(state.hasValidToken(NOW.plus(Duration.ofMinutes(15)))).isFalse();
		assertThat(state.counters().tokensObtained()).isOne();
		assertThat(state.toString()).doesNotContain(TestActuateRegistrations.TOKEN_VALUE);
		assertThat(state.tokenState(NOW)).isEqualTo("valid");
		assertThat(state.tokenState(NOW.plus(Duration.ofMinutes(15)))).isEqualTo("expired");
	}

	@Test
	void tokenRemovedThenEvictedAndNoLongerValid() {
		this.states.tokenObtained(this.registration, "integration@acme.com",
				TestActuateRegistrations.authorizedClient(this.registration, NOW, NOW.plus(Duration.ofMinutes(15))),
				false);
		this.states.tokenRemoved(this.registration, "integration@acme.com");
		JwtBearerTokenState state = this.states.get("salesforce");
		assertThat(state.hasValidToken(NOW)).isFalse();
		assertThat(state.tokenState(NOW)).isEqualTo("evicted");
		assertThat(state.obtainedAt()).isEqualTo(NOW);
		assertThat(state.counters().evictions()).isOne();
	}

	@Test
	void renewalThenLastRenewalAtAndCounted() {
		this.clock.advance(Duration.ofMinutes(13));
		this.states.tokenObtained(this.registration, null, TestActuateRegistrations.authorizedClient(this.registration,
				this.clock.instant(), NOW.plus(Duration.ofMinutes(28))), true);
		JwtBearerTokenState state = this.states.get("salesforce");
		assertThat(state.lastRenewalAt()).isEqualTo(NOW.plus(Duration.ofMinutes(13)));
		assertThat(state.counters().renewals()).isOne();
		assertThat(state.counters().tokensObtained()).isOne();
	}

	@Test
	void oauthErrorThenItsCodeDescriptionAndTime() {
		this.states
			.tokenRequestFailed(this.registration, "integration@acme.com", new ClientAuthorizationException(
					new OAuth2Error("invalid_grant", "user hasn't approved this consumer", null), "salesforce",
					new TokenEndpointException(
							new OAuth2Error("invalid_grant", "user hasn't approved this consumer", null), 400, null)),
					false);
		JwtBearerTokenState state = this.states.get("salesforce");
		assertThat(state.failing()).isTrue();
		assertThat(state.lastFailure()).isEqualTo(new JwtBearerTokenFailure("oauth_error", "invalid_grant",
				"user hasn't approved this consumer", NOW, false));
		assertThat(state.counters().failures()).isOne();
	}

	@Test
	void tokenObtainedAfterFailureThenNotFailingButLastFailureKept() {
		this.states.tokenRequestFailed(this.registration, null,
				new TokenEndpointException(new OAuth2Error("server_error"), 503, null), false);
		this.clock.advance(Duration.ofMinutes(1));
		this.states.tokenObtained(this.registration, null, TestActuateRegistrations.authorizedClient(this.registration,
				this.clock.instant(), this.clock.instant().plus(Duration.ofMinutes(15))), false);
		JwtBearerTokenState state = this.states.get("salesforce");
		assertThat(state.failing()).isFalse();
		assertThat(state.lastFailure().outcome()).isEqualTo("transient_error");
		assertThat(state.lastFailure().errorCode()).isEqualTo("server_error");
		assertThat(state.lastFailure().at()).isEqualTo(NOW);
	}

	@Test
	void ioErrorThenDescribedByItsKindAndMessage() {
		this.states
			.tokenRequestFailed(this.registration, null,
					new OAuth2AuthorizationException(new OAuth2Error("invalid_token_response"),
							new ResourceAccessException("I/O error", new ConnectException("Connection refused"))),
					false);
		JwtBearerTokenFailure failure = this.states.get("salesforce").lastFailure();
		assertThat(failure.outcome()).isEqualTo("io_error");
		assertThat(failure.errorCode()).isNull();
		assertThat(failure.description())
			.isEqualTo("OAuth2AuthorizationException (ConnectException: Connection refused)");
	}

	@Test
	void otherErrorThenOnlyKindsOfExceptionsAreShown() {
		// a message other than an I/O error's may quote a response, and so a token
		this.states.tokenRequestFailed(this.registration, null, new IllegalStateException(
				"Cannot read {\"access_token\":\"00Dxx!secret\"}", new IllegalArgumentException("00Dxx!secret")), true);
		JwtBearerTokenFailure failure = this.states.get("salesforce").lastFailure();
		assertThat(failure.outcome()).isEqualTo("unknown");
		assertThat(failure.description()).isEqualTo("IllegalStateException (IllegalArgumentException)");
		assertThat(failure.renewal()).isTrue();
	}

	@Test
	void longDescriptionIsCut() {
		this.states.tokenRequestFailed(this.registration, null,
				new TokenEndpointException(new OAuth2Error("invalid_grant", "x".repeat(1000), null), 400, null), false);
		assertThat(this.states.get("salesforce").lastFailure().description()).hasSize(259).endsWith("...");
	}

	@Test
	void cacheHitsSharedRequestsAndEvictionsAreCounted() {
		this.states.cacheHit(this.registration);
		this.states.cacheHit(this.registration);
		this.states.sharedTokenRequest(this.registration);
		this.states.tokenRemoved(this.registration, "integration@acme.com");
		assertThat(this.states.get("salesforce").counters())
			.isEqualTo(new JwtBearerTokenState.Counters(0, 2, 1, 0, 0, 1));
		assertThat(this.states.get("salesforce").tokenState(NOW)).isEqualTo("none");
		assertThat(this.states.get("other").counters().cacheHits()).isZero();
	}

	@Test
	void ioExceptionAloneIsAnIoError() {
		this.states.tokenRequestFailed(this.registration, null,
				new ResourceAccessException("I/O error", new IOException("Read timed out")), false);
		assertThat(this.states.get("salesforce").lastFailure().description())
			.isEqualTo("ResourceAccessException (IOException: Read timed out)");
	}

}
