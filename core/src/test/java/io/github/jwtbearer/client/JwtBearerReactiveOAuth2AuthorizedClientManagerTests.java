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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestTimeouts;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtBearerReactiveOAuth2AuthorizedClientManager}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerReactiveOAuth2AuthorizedClientManagerTests {

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-28T12:00:00Z"));

	private TestOrgTokenEndpoint endpoint;

	private BoundedInMemoryOAuth2AuthorizedClientService store;

	private InMemoryJwtBearerRegistrationRepository registrations;

	// thrown once, up the stack, by the next save
	private final AtomicReference<Error> saveFault = new AtomicReference<>();

	private JwtBearerReactiveOAuth2AuthorizedClientManager manager;

	@BeforeEach
	void createManager() {
		this.endpoint = new TestOrgTokenEndpoint();
		InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
				this.endpoint.registration("salesforce", this.clock).build());
		this.registrations = registrations;
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				registrations);
		// the manager's clock is the only one set: it reaches the provider with each
		// request
		provider.setRetry(new TokenRequestRetry(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(10)));
		this.store = new BoundedInMemoryOAuth2AuthorizedClientService(1000);
		this.manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(registrations, new FaultyStore(), provider,
				(request) -> Mono.empty());
		this.manager.setClock(this.clock);
	}

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeWhen64ConcurrentSubscriptionsOnColdCacheThenOneTokenRequest() {
		this.endpoint.delay(Duration.ofMillis(200));
		List<OAuth2AuthorizedClient> clients = Flux.range(0, 64)
			.flatMap((i) -> this.manager.authorize(request("user" + i)), 64)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(clients).hasSize(64)
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-1");
	}

	@Test
	void authorizeWhenTwoSubjectsThenOneTokenRequestEach() {
		this.manager.setSubjectResolver(
				(request) -> request.getPrincipal().getName().startsWith("a") ? "alice@acme.com" : "bob@acme.com");
		this.endpoint.delay(Duration.ofMillis(200));
		List<OAuth2AuthorizedClient> clients = Flux.range(0, 64)
			.flatMap((i) -> this.manager.authorize(request(((i % 2) == 0) ? "a" + i : "b" + i)), 64)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(this.endpoint.subjects()).containsExactlyInAnyOrder("alice@acme.com", "bob@acme.com");
		assertThat(clients).extracting(OAuth2AuthorizedClient::getPrincipalName)
			.containsOnly("alice@acme.com", "bob@acme.com");
	}

	@Test
	void authorizeInRenewalWindowThenCurrentTokenWhileOneRenewalRuns() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser")).block();
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.endpoint.delay(Duration.ofMillis(300));
		for (int i = 0; i < 10; i++) {
			assertThat(this.manager.authorize(request("anonymousUser")).block(Duration.ofMillis(250))).isSameAs(first);
		}
		await(() -> this.endpoint.tokenRequests() == 2);
		await(() -> !first.equals(this.store.loadAuthorizedClient("salesforce", "integration@acme.com")));
		assertThat(this.manager.authorize(request("anonymousUser")).block().getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizeWhenRenewalFailsThenCurrentTokenServes() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser")).block();
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		this.manager.authorize(request("anonymousUser")).block();
		// three attempts: 503 is transient
		await(() -> this.endpoint.tokenRequests() == 4);
		for (int i = 0; i < 10; i++) {
			assertThat(this.manager.authorize(request("anonymousUser")).block()).isSameAs(first);
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
	}

	@Test
	void authorizeWhenTokenEndpointRefusesThenEverySubscriberGetsTheError() {
		this.endpoint.delay(Duration.ofMillis(200));
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		List<Throwable> failures = Flux.range(0, 16)
			.flatMap((i) -> this.manager.authorize(request("user" + i))
				.map(Throwable.class::cast)
				.onErrorResume(Mono::just), 16)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(failures).hasSize(16)
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant")));
		// after the error cooldown
		this.clock.advance(Duration.ofSeconds(30));
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		assertThat(this.manager.authorize(request("anonymousUser")).block()).isNotNull();
	}

	@Test
	void authorizeWhenStoringTheTokenThrowsJvmFatalErrorThenSubscribersFailAndTheNextCallTriesAgain() {
		// Reactor throws such an error up the stack: no operator downstream hears of it
		this.saveFault.set(new OutOfMemoryError("test: no room to store the token"));
		this.manager.setSharedTokenRequestTimeout(Duration.ofMillis(500));
		List<Throwable> failures = Flux.range(0, 4)
			.flatMap((i) -> this.manager.authorize(request("user" + i))
				.map(Throwable.class::cast)
				.onErrorResume(Mono::just), 4)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(failures).hasSize(4)
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(ex) -> assertThat(ex.getError().getErrorCode())
						.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE)));
		assertThat(this.manager.authorize(request("anonymousUser")).block(Duration.ofSeconds(10)))
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void authorizeWhenRenewalRacesA401EvictionThenOneTokenRequestAndTheStoreKeepsTheTokenCallersGot() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser")).block();
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		// the renewal's token request takes its time
		this.endpoint.delay(Duration.ofSeconds(1));
		assertThat(this.manager.authorize(request("anonymousUser")).block()).isSameAs(first);
		await(() -> this.endpoint.tokenRequests() == 2);
		// meanwhile the API answers 401 to the current token
		this.manager.removeAuthorizedClient(request("user"), first.getAccessToken()).block();
		OAuth2AuthorizedClient afterEviction = this.manager.authorize(request("anonymousUser"))
			.block(Duration.ofSeconds(10));
		assertThat(afterEviction.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		await(() -> this.store.loadAuthorizedClient("salesforce", "integration@acme.com") != null);
		assertThat(this.store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "integration@acme.com"))
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void authorizeWhen200SubjectsEnterTheirRenewalWindowThenAtMostFourRenewalsAtOnceAndAllRenew() {
		int subjects = 200;
		this.manager.setSubjectResolver((request) -> request.getPrincipal().getName());
		ClientRegistration clientRegistration = this.registrations.findByRegistrationId("salesforce")
			.getClientRegistration();
		for (int i = 0; i < subjects; i++) {
			OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!old-" + i,
					this.clock.instant(), this.clock.instant().plus(Duration.ofMinutes(15)));
			this.store.saveAuthorizedClient(new OAuth2AuthorizedClient(clientRegistration, "user" + i, token),
					new TestingAuthenticationToken("user" + i, ""));
		}
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.endpoint.delay(Duration.ofMillis(20));
		TestTimeouts.within(Duration.ofSeconds(60), () -> {
			Set<Integer> renewed = new HashSet<>();
			while (renewed.size() < subjects) {
				for (int i = 0; i < subjects; i++) {
					// every caller keeps its valid token, whether its renewal runs or
					// waits
					OAuth2AuthorizedClient client = this.manager.authorize(request("user" + i))
						.block(Duration.ofSeconds(10));
					if (!client.getAccessToken().getTokenValue().startsWith("00Dxx!old-")) {
						renewed.add(i);
					}
				}
				Thread.sleep(20);
			}
			return renewed;
		});
		assertThat(this.endpoint.maxConcurrentTokenRequests()).isBetween(1,
				BoundedRenewalExecutor.DEFAULT_MAX_CONCURRENT);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(subjects);
	}

	@Test
	void authorizeIsLazy() {
		this.manager.authorize(request("anonymousUser"));
		assertThat(this.endpoint.tokenRequests()).isZero();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.manager.authorize(null));
	}

	@Test
	void authorizationFailureHandlerWhenInvalidTokenThenEvictsOnlyTheRejectedToken() {
		OAuth2AuthorizedClient current = this.manager.authorize(request("anonymousUser")).block();
		OAuth2AccessToken older = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!older",
				this.clock.instant().minusSeconds(600), this.clock.instant().plusSeconds(300));
		ReactiveOAuth2AuthorizationFailureHandler handler = this.manager.authorizationFailureHandler();
		handler
			.onAuthorizationFailure(JwtBearerOAuth2AuthorizedClientManagerTests.failure(OAuth2ErrorCodes.INVALID_TOKEN),
					JwtBearerOAuth2AuthorizedClientManagerTests.principal("user"),
					JwtBearerOAuth2AuthorizedClientManagerTests.rejected(older))
			.block();
		assertThat(this.manager.authorize(request("anonymousUser")).block()).isSameAs(current);
		handler
			.onAuthorizationFailure(JwtBearerOAuth2AuthorizedClientManagerTests.failure(OAuth2ErrorCodes.INVALID_TOKEN),
					JwtBearerOAuth2AuthorizedClientManagerTests.principal("user"),
					JwtBearerOAuth2AuthorizedClientManagerTests.rejected(current.getAccessToken()))
			.block();
		assertThat(this.manager.authorize(request("anonymousUser")).block().getAccessToken().getTokenValue())
			.isNotEqualTo(current.getAccessToken().getTokenValue());
	}

	@Test
	void authorizationFailureHandlerWhenNotInvalidTokenThenKeepsToken() {
		OAuth2AuthorizedClient current = this.manager.authorize(request("anonymousUser")).block();
		this.manager.authorizationFailureHandler()
			.onAuthorizationFailure(
					JwtBearerOAuth2AuthorizedClientManagerTests.failure(OAuth2ErrorCodes.INSUFFICIENT_SCOPE),
					JwtBearerOAuth2AuthorizedClientManagerTests.principal("user"),
					JwtBearerOAuth2AuthorizedClientManagerTests.rejected(current.getAccessToken()))
			.block();
		assertThat(this.manager.authorize(request("anonymousUser")).block()).isSameAs(current);
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal(principal).build();
	}

	// the store, which can be told to throw an error on the next save
	// polls a condition the background renewal makes true, without a fixed sleep
	private static void await(BooleanSupplier condition) {
		Mono.fromCallable(condition::getAsBoolean)
			.filter(Boolean::booleanValue)
			.repeatWhenEmpty((repeat) -> repeat.delayElements(Duration.ofMillis(10)))
			.block(Duration.ofSeconds(10));
	}

	private final class FaultyStore implements ReactiveOAuth2AuthorizedClientService {

		private final ReactiveOAuth2AuthorizedClientService delegate = JwtBearerReactiveOAuth2AuthorizedClientManagerTests.this.store
			.reactive();

		@Override
		public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
				String principalName) {
			return this.delegate.loadAuthorizedClient(clientRegistrationId, principalName);
		}

		@Override
		public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
			return Mono.defer(() -> {
				Error fault = JwtBearerReactiveOAuth2AuthorizedClientManagerTests.this.saveFault.getAndSet(null);
				if (fault != null) {
					throw fault;
				}
				return this.delegate.saveAuthorizedClient(authorizedClient, principal);
			});
		}

		@Override
		public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
			return this.delegate.removeAuthorizedClient(clientRegistrationId, principalName);
		}

	}

}
