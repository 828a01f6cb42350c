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
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for clock repair: a token endpoint whose clock differs from this host's refuses
 * the first assertion as expired, and the request is sent once more on its time.
 *
 * @author JWT Bearer for Spring contributors
 */
class ClockRepairTests {

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-30T12:00:00Z"));

	private final List<Duration> offsets = new CopyOnWriteArrayList<>();

	private final JwtBearerTokenListener listener = new JwtBearerTokenListener() {

		@Override
		public void clockOffsetDetected(JwtBearerRegistration registration, Duration offset) {
			ClockRepairTests.this.offsets.add(offset);
		}

	};

	private final MockWebServer server = new MockWebServer();

	private final List<Map<String, Object>> assertions = new CopyOnWriteArrayList<>();

	private final List<Integer> statuses = new CopyOnWriteArrayList<>();

	// how far the token endpoint's clock is ahead of this host's
	private volatile Duration endpointAhead = Duration.ofMinutes(5);

	// the Date the endpoint sends, relative to its own time
	private volatile Duration dateError = Duration.ZERO;

	private volatile String refusal = "expired authorization code";

	private InMemoryJwtBearerRegistrationRepository registrations;

	@BeforeEach
	void startEndpoint() throws IOException {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer(request);
			}

		});
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce", JwtSigningKey.of(TestOrgTokenEndpoint.KEY_PAIR.getPrivate(), null))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.lifetime(Duration.ofMinutes(3))
			.clock(this.clock)
			.build();
		this.registrations = new InMemoryJwtBearerRegistrationRepository(JwtBearerRegistration
			.withClientRegistration(
					TestRegistrations.jwtBearer("salesforce", this.server.url("/services/oauth2/token").toString())
						.build(),
					minter)
			.subject("integration@acme.com")
			.build());
	}

	@AfterEach
	void stopEndpoint() {
		this.server.close();
	}

	// Salesforce's rule: exp in the future, and at most 3 minutes away, by its clock
	private MockResponse answer(RecordedRequest request) {
		Map<String, Object> claims = TestJwts
			.verify(TestTokenEndpoint.formParameters(request).get("assertion"),
					TestOrgTokenEndpoint.KEY_PAIR.getPublic())
			.claims();
		this.assertions.add(claims);
		Instant now = this.clock.instant().plus(this.endpointAhead);
		Instant exp = Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
		boolean valid = exp.isAfter(now) && !exp.isAfter(now.plus(Duration.ofMinutes(3)));
		MockResponse response = (valid && this.refusal.equals("expired authorization code"))
				? TestTokenEndpoint.salesforceResponse("00Dxx!token-" + this.assertions.size())
				: TestTokenEndpoint.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"%s\"}"
					.formatted(valid ? this.refusal : "expired authorization code"));
		this.statuses.add(response.getCode());
		return response.newBuilder().setHeader("Date", HTTP_DATE.format(now.plus(this.dateError))).build();
	}

	@Test
	void authorizeWhenLocalClockIs5MinutesBehindThenOneRefusalOneAcceptedRequestAndTheCallSucceeds() {
		TestLogs output = TestLogs.capture("io.github.jwtbearer", Level.INFO);
		OAuth2AuthorizedClient authorizedClient = manager().authorize(request());
		output.close();
		assertThat(authorizedClient.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		assertThat(this.statuses).containsExactly(400, 200);
		assertThat(issuedAt(1)).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
		assertThat(this.offsets).containsExactly(Duration.ofMinutes(5));
		assertThat(output.lines()).filteredOn((line) -> line.contains("refused the assertion as expired"))
			.singleElement()
			.asString()
			.contains("WARN")
			.contains("The token endpoint of registration 'salesforce' refused the assertion as expired or not yet "
					+ "valid (invalid_grant), and its clock is 300 seconds ahead of this host's (Date "
					+ "2026-11-30T12:05:00Z): assertions are minted on the token endpoint's time from now on, and "
					+ "the token request is sent once more. Synchronise this host's clock (NTP)");
	}

	@Test
	void authorizeAfterARepairThenLaterAssertionsAreMintedOnTheEndpointsTimeWithNoRefusal() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager();
		manager.authorize(request());
		manager.removeAuthorizedClient(request());
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(manager.authorize(request()).getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-3");
		assertThat(this.statuses).containsExactly(400, 200, 200);
		assertThat(this.offsets).hasSize(1);
	}

	@Test
	void authorizeWhenLocalClockIs5MinutesAheadThenMintedOnTheEndpointsEarlierTime() {
		this.endpointAhead = Duration.ofMinutes(-5);
		assertThat(manager().authorize(request()).getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		assertThat(this.statuses).containsExactly(400, 200);
		assertThat(this.offsets).containsExactly(Duration.ofMinutes(-5));
	}

	@Test
	void authorizeWhenDateIsWithinToleranceThenNoRetry() {
		// the endpoint refuses, but its Date says the clocks agree: the refusal has
		// another cause
		this.dateError = Duration.ofMinutes(-5).plusSeconds(3);
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> manager().authorize(request()))
			.satisfies((ex) -> assertThat(ex.getError().getDescription()).isEqualTo("expired authorization code"));
		assertThat(this.statuses).containsExactly(400);
		assertThat(this.offsets).isEmpty();
	}

	@Test
	void authorizeWhenRefusalIsNotAboutTimeThenNoRetry() {
		this.endpointAhead = Duration.ZERO;
		this.dateError = Duration.ofMinutes(5);
		this.refusal = "user hasn't approved this consumer";
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> manager().authorize(request()))
			.satisfies(
					(ex) -> assertThat(ex.getError().getDescription()).isEqualTo("user hasn't approved this consumer"));
		assertThat(this.statuses).containsExactly(400);
		assertThat(this.offsets).isEmpty();
	}

	@Test
	void authorizeWhenRepairedAssertionIsRefusedAgainThenNoThirdRequest() {
		// a Date 10 minutes off the endpoint's own judgement: the repair misses
		this.dateError = Duration.ofMinutes(10);
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> manager().authorize(request()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.statuses).containsExactly(400, 400);
	}

	@Test
	void reactiveAuthorizeWhenLocalClockIs5MinutesBehindThenOneRefusalOneAcceptedRequestAndTheCallSucceeds() {
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				this.registrations, new BoundedInMemoryOAuth2AuthorizedClientService(10).reactive(),
				new SignedAssertionReactiveOAuth2AuthorizedClientProvider(this.registrations),
				(request) -> Mono.empty());
		manager.setClock(this.clock);
		manager.setTokenListener(this.listener);
		OAuth2AuthorizedClient authorizedClient = manager.authorize(request()).block(Duration.ofSeconds(10));
		assertThat(authorizedClient.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		assertThat(this.statuses).containsExactly(400, 200);
		assertThat(issuedAt(1)).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
		assertThat(this.offsets).containsExactly(Duration.ofMinutes(5));
	}

	@Test
	void reactiveAuthorizeWhenDateIsWithinToleranceThenNoRetry() {
		this.dateError = Duration.ofMinutes(-5);
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				this.registrations, new BoundedInMemoryOAuth2AuthorizedClientService(10).reactive(),
				new SignedAssertionReactiveOAuth2AuthorizedClientProvider(this.registrations),
				(request) -> Mono.empty());
		manager.setClock(this.clock);
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> manager.authorize(request()).block(Duration.ofSeconds(10)));
		assertThat(this.statuses).containsExactly(400);
	}

	private JwtBearerOAuth2AuthorizedClientManager manager() {
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(this.registrations,
				new BoundedInMemoryOAuth2AuthorizedClientService(10),
				new SignedAssertionOAuth2AuthorizedClientProvider(this.registrations), (request) -> null);
		manager.setClock(this.clock);
		manager.setTokenListener(this.listener);
		return manager;
	}

	private Instant issuedAt(int index) {
		return Instant.ofEpochSecond(((Number) this.assertions.get(index).get("iat")).longValue());
	}

	private static OAuth2AuthorizeRequest request() {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("anonymousUser").build();
	}

}
