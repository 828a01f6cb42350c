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
import java.util.ArrayList;
import java.util.List;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a short-lived token is reused for most of its life by both managers, with
 * the default {@code clock-skew} and {@code refresh-before-expiry} (60 seconds each),
 * whether its lifetime comes from {@code expires_in} or from {@code token-lifetime}.
 *
 * @author JWT Bearer for Spring contributors
 */
class ShortLivedTokenTests {

	private static final Duration CALL_INTERVAL = Duration.ofMillis(200);

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-30T12:00:00Z"));

	private final List<Runnable> renewals = new ArrayList<>();

	private TestOrgTokenEndpoint endpoint;

	@BeforeEach
	void createEndpoint() {
		this.endpoint = new TestOrgTokenEndpoint();
	}

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeWhen50CallsOver10SecondsAndExpiresIn60ThenOneTokenRequest() {
		this.endpoint.answer((count) -> TestTokenEndpoint.responseWithExpiresIn("token-" + count, 60));
		JwtBearerOAuth2AuthorizedClientManager manager = manager(Duration.ofMinutes(15));
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tokens.add(manager.authorize(request()).getAccessToken().getTokenValue());
			this.clock.advance(CALL_INTERVAL);
		}
		assertThat(tokens).containsOnly("token-1");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(this.renewals).isEmpty();
	}

	@Test
	void authorizeWhen50CallsOver10SecondsAndTokenLifetime1mWithoutExpiresInThenOneTokenRequest() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager(Duration.ofMinutes(1));
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tokens.add(manager.authorize(request()).getAccessToken().getTokenValue());
			this.clock.advance(CALL_INTERVAL);
		}
		assertThat(tokens).containsOnly("00Dxx!token-1");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(this.renewals).isEmpty();
	}

	@Test
	void authorizeWhen60SecondTokenThenServedAloneFor30SecondsAndRenewedInTheBackgroundBefore45() {
		this.endpoint.answer((count) -> TestTokenEndpoint.responseWithExpiresIn("token-" + count, 60));
		JwtBearerOAuth2AuthorizedClientManager manager = manager(Duration.ofMinutes(15));
		OAuth2AuthorizedClient first = manager.authorize(request());
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(manager.authorize(request())).isSameAs(first);
		assertThat(this.renewals).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(manager.authorize(request())).isSameAs(first);
		assertThat(this.renewals).hasSize(1);
		this.renewals.get(0).run();
		assertThat(manager.authorize(request()).getAccessToken().getTokenValue()).isEqualTo("token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizeWhen60SecondTokenNotRenewedThenReplacedAfter45Seconds() {
		this.endpoint.answer((count) -> TestTokenEndpoint.responseWithExpiresIn("token-" + count, 60));
		JwtBearerOAuth2AuthorizedClientManager manager = manager(Duration.ofMinutes(15));
		OAuth2AuthorizedClient first = manager.authorize(request());
		this.clock.advance(Duration.ofSeconds(44));
		assertThat(manager.authorize(request())).isSameAs(first);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(manager.authorize(request()).getAccessToken().getTokenValue()).isEqualTo("token-2");
	}

	@Test
	void reactiveAuthorizeWhen50CallsOver10SecondsAndExpiresIn60ThenOneTokenRequest() {
		this.endpoint.answer((count) -> TestTokenEndpoint.responseWithExpiresIn("token-" + count, 60));
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = reactiveManager(Duration.ofMinutes(15));
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tokens.add(manager.authorize(request()).block(Duration.ofSeconds(10)).getAccessToken().getTokenValue());
			this.clock.advance(CALL_INTERVAL);
		}
		assertThat(tokens).containsOnly("token-1");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void reactiveAuthorizeWhen50CallsOver10SecondsAndTokenLifetime1mWithoutExpiresInThenOneTokenRequest() {
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = reactiveManager(Duration.ofMinutes(1));
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tokens.add(manager.authorize(request()).block(Duration.ofSeconds(10)).getAccessToken().getTokenValue());
			this.clock.advance(CALL_INTERVAL);
		}
		assertThat(tokens).containsOnly("00Dxx!token-1");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	private JwtBearerOAuth2AuthorizedClientManager manager(Duration tokenLifetime) {
		InMemoryJwtBearerRegistrationRepository registrations = registrations(tokenLifetime);
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(registrations,
				new BoundedInMemoryOAuth2AuthorizedClientService(100),
				new SignedAssertionOAuth2AuthorizedClientProvider(registrations), (request) -> null);
		manager.setClock(this.clock);
		manager.setRenewalExecutor(this.renewals::add);
		return manager;
	}

	private JwtBearerReactiveOAuth2AuthorizedClientManager reactiveManager(Duration tokenLifetime) {
		InMemoryJwtBearerRegistrationRepository registrations = registrations(tokenLifetime);
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				registrations, new BoundedInMemoryOAuth2AuthorizedClientService(100).reactive(),
				new SignedAssertionReactiveOAuth2AuthorizedClientProvider(registrations), (request) -> Mono.empty());
		manager.setClock(this.clock);
		return manager;
	}

	// clock-skew and refresh-before-expiry keep their defaults of 60 seconds each
	private InMemoryJwtBearerRegistrationRepository registrations(Duration tokenLifetime) {
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", this.clock)
			.tokenLifetime(tokenLifetime)
			.build();
		assertThat(registration.getClockSkew()).isEqualTo(Duration.ofSeconds(60));
		assertThat(registration.getRefreshBeforeExpiry()).isEqualTo(Duration.ofSeconds(60));
		return new InMemoryJwtBearerRegistrationRepository(registration);
	}

	private static OAuth2AuthorizeRequest request() {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("anonymousUser").build();
	}

}
