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
import java.util.concurrent.atomic.AtomicReference;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerTokenRequestGuard} through the reactive manager and provider.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenRequestGuardReactiveTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-30T12:00:00Z"));

	private final AtomicReference<JwtBearerRegistration> registration = new AtomicReference<>();

	private final JwtBearerTokenRequestGuard guard = new JwtBearerTokenRequestGuard();

	private TestOrgTokenEndpoint endpoint;

	private JwtBearerReactiveOAuth2AuthorizedClientManager manager;

	@BeforeEach
	void createManager() {
		this.endpoint = new TestOrgTokenEndpoint();
		this.registration.set(this.endpoint.registration("salesforce", this.clock).build());
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				(registrationId) -> "salesforce".equals(registrationId) ? this.registration.get() : null);
		provider.setRetry(new TokenRequestRetry(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(10)));
		provider.setTokenRequestGuard(this.guard);
		this.manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				(registrationId) -> "salesforce".equals(registrationId) ? this.registration.get() : null,
				new BoundedInMemoryOAuth2AuthorizedClientService(1000).reactive(), provider, (request) -> Mono.empty());
		this.manager.setClock(this.clock);
	}

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeWhenThreeWavesOf16SubscribersAfterUserNotApprovedThenOneTokenRequest() {
		this.endpoint.delay(Duration.ofMillis(100));
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		List<Throwable> failures = new ArrayList<>();
		for (int wave = 0; wave < 3; wave++) {
			failures.addAll(Flux.range(0, 16)
				.flatMap((i) -> this.manager.authorize(request("user" + i))
					.map(Throwable.class::cast)
					.onErrorResume(Mono::just), 16)
				.collectList()
				.block(TIMEOUT));
			this.clock.advance(Duration.ofSeconds(2));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(failures).hasSize(48)
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant")));
		this.guard.endCooldown("salesforce");
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		assertThat(this.manager.authorize(request("anonymousUser")).block(TIMEOUT)).isNotNull();
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizeWhenLoginBudgetUsedUpThenFailsWithoutReachingTheEndpoint() {
		this.registration.set(this.endpoint.registration("salesforce", this.clock).maxTokenRequestsPerHour(2).build());
		for (int i = 0; i < 2; i++) {
			this.manager.authorize(request("anonymousUser")).block(TIMEOUT);
			this.manager.removeAuthorizedClient(request("anonymousUser")).block(TIMEOUT);
		}
		Throwable failure = this.manager.authorize(request("anonymousUser"))
			.map(Throwable.class::cast)
			.onErrorResume(Mono::just)
			.block(TIMEOUT);
		assertThat(failure)
			.isInstanceOfSatisfying(ClientAuthorizationException.class,
					(ex) -> assertThat(ex.getError().getErrorCode())
						.isEqualTo(JwtBearerTokenRequestGuard.BUDGET_EXCEEDED_ERROR_CODE))
			.hasMessageContaining("its login budget of 2 token requests per hour is used up");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizeWhen64SubjectsAgainstAnUnavailableEndpointThenOnlyTheFirstIsRetried() {
		this.manager.setSubjectResolver((request) -> request.getPrincipal().getName() + "@acme.com");
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		for (int i = 0; i < 64; i++) {
			assertThat(this.manager.authorize(request("user" + i))
				.map(Throwable.class::cast)
				.onErrorResume(Mono::just)
				.block(TIMEOUT)).isInstanceOf(ClientAuthorizationException.class);
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(66);
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal(principal).build();
	}

}
