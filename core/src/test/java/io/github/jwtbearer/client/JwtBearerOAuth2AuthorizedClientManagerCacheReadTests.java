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
import io.github.jwtbearer.fixtures.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerOAuth2AuthorizedClientManager#authorizeIfCached}: a valid
 * token held in memory, never a token request.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerOAuth2AuthorizedClientManagerCacheReadTests {

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-28T12:00:00Z"));

	private final TestOrgTokenEndpoint endpoint = new TestOrgTokenEndpoint();

	private final InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
			this.endpoint.registration("salesforce", this.clock)
				.tokenLifetime(Duration.ofMinutes(15))
				.refreshBeforeExpiry(Duration.ofMinutes(5))
				.build());

	private final List<Runnable> renewals = new ArrayList<>();

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeIfCachedWhenNoTokenThenNullWithoutTokenRequest() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager(new BoundedInMemoryOAuth2AuthorizedClientService(10));
		assertThat(manager.authorizeIfCached(request("salesforce"))).isNull();
		assertThat(this.endpoint.tokenRequests()).isZero();
	}

	@Test
	void authorizeIfCachedWhenTokenValidThenReturnsIt() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager(new BoundedInMemoryOAuth2AuthorizedClientService(10));
		OAuth2AuthorizedClient obtained = manager.authorize(request("salesforce"));
		assertThat(manager.authorizeIfCached(request("salesforce"))).isSameAs(obtained);
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void authorizeIfCachedWhenTokenExpiredThenNullWithoutTokenRequest() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager(new BoundedInMemoryOAuth2AuthorizedClientService(10));
		manager.authorize(request("salesforce"));
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(manager.authorizeIfCached(request("salesforce"))).isNull();
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void authorizeIfCachedWhenTokenInRenewalWindowThenReturnsItAndRenewsAhead() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager(new BoundedInMemoryOAuth2AuthorizedClientService(10));
		OAuth2AuthorizedClient obtained = manager.authorize(request("salesforce"));
		this.clock.advance(Duration.ofMinutes(12));
		assertThat(manager.authorizeIfCached(request("salesforce"))).isSameAs(obtained);
		assertThat(this.renewals).hasSize(1);
	}

	@Test
	void authorizeIfCachedWhenStoreMayBlockThenNull() {
		OAuth2AuthorizedClientService store = new InMemoryOAuth2AuthorizedClientService(
				new InMemoryClientRegistrationRepository(
						this.registrations.findByRegistrationId("salesforce").getClientRegistration()));
		JwtBearerOAuth2AuthorizedClientManager manager = manager(store);
		assertThat(manager.authorize(request("salesforce"))).isNotNull();
		assertThat(manager.authorizeIfCached(request("salesforce"))).isNull();
	}

	@Test
	void authorizeIfCachedWhenOtherRegistrationThenNull() {
		JwtBearerOAuth2AuthorizedClientManager manager = manager(new BoundedInMemoryOAuth2AuthorizedClientService(10));
		assertThat(manager.authorizeIfCached(request("other"))).isNull();
	}

	private JwtBearerOAuth2AuthorizedClientManager manager(OAuth2AuthorizedClientService store) {
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(this.registrations,
				store, new SignedAssertionOAuth2AuthorizedClientProvider(this.registrations), (request) -> null);
		manager.setClock(this.clock);
		manager.setRenewalExecutor(this.renewals::add);
		return manager;
	}

	private static OAuth2AuthorizeRequest request(String registrationId) {
		return OAuth2AuthorizeRequest.withClientRegistrationId(registrationId).principal("anonymousUser").build();
	}

}
