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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtBearerTokenRequestGuard} through the servlet manager and provider:
 * the login budget, the error cooldown, the backoff after failures and the retry budget.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenRequestGuardTests {

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-30T12:00:00Z"));

	private final AtomicReference<JwtBearerRegistration> registration = new AtomicReference<>();

	private final JwtBearerTokenRequestGuard guard = new JwtBearerTokenRequestGuard();

	private TestOrgTokenEndpoint endpoint;

	private SignedAssertionOAuth2AuthorizedClientProvider provider;

	private JwtBearerOAuth2AuthorizedClientManager manager;

	@BeforeEach
	void createManager() {
		this.endpoint = new TestOrgTokenEndpoint();
		this.registration.set(this.endpoint.registration("salesforce", this.clock).build());
		this.provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				(registrationId) -> "salesforce".equals(registrationId) ? this.registration.get() : null);
		this.provider.setRetry(new TokenRequestRetry(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(10)));
		this.provider.setTokenRequestGuard(this.guard);
		this.manager = new JwtBearerOAuth2AuthorizedClientManager(
				(registrationId) -> "salesforce".equals(registrationId) ? this.registration.get() : null,
				new BoundedInMemoryOAuth2AuthorizedClientService(10_000), this.provider, (request) -> null);
		this.manager.setClock(this.clock);
		this.manager.setRenewalExecutor(Runnable::run);
		this.guard.setClock(this.clock);
	}

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeWhenLoginBudgetUsedUpThenFailsWithoutReachingTheEndpoint() {
		budget(3);
		for (int i = 0; i < 3; i++) {
			this.manager.authorize(request("anonymousUser"));
			this.manager.removeAuthorizedClient(request("anonymousUser"));
			this.clock.advance(Duration.ofMinutes(1));
		}
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode())
				.isEqualTo(JwtBearerTokenRequestGuard.BUDGET_EXCEEDED_ERROR_CODE))
			.withMessage("Token request of registration 'salesforce' for subject 'integration@acme.com' not sent: "
					+ "its login budget of 3 token requests per hour is used up; the next is allowed at "
					+ "2026-11-30T13:00:00Z. The budget (jwt-bearer.registration.salesforce.max-token-requests-per-hour) "
					+ "keeps the provider's own login limit from locking the user out: find what asks for so many "
					+ "tokens (tokens evicted or not shared, a very short token-lifetime), or raise the budget");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		assertThat(this.guard.getBudgetUsed(this.registration.get())).isEqualTo(1.0);
	}

	@Test
	void authorizeWhenTheHourHasRoomAgainThenRequestsAToken() {
		budget(2);
		for (int i = 0; i < 2; i++) {
			this.manager.authorize(request("anonymousUser"));
			this.manager.removeAuthorizedClient(request("anonymousUser"));
			this.clock.advance(Duration.ofMinutes(10));
		}
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		// the first request leaves the window at 13:00
		this.clock.advance(Duration.ofMinutes(40));
		assertThat(this.manager.authorize(request("anonymousUser"))).isNotNull();
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

	@Test
	void authorizeWhenLoginBudgetIsPerSubjectThenAnotherSubjectStillGetsItsToken() {
		budget(1);
		this.manager.setSubjectResolver((request) -> request.getPrincipal().getName() + "@acme.com");
		this.manager.authorize(request("alice"));
		this.manager.removeAuthorizedClient(request("alice"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("alice")));
		assertThat(this.manager.authorize(request("bob"))).isNotNull();
		assertThat(this.endpoint.subjects()).containsExactly("alice@acme.com", "bob@acme.com");
	}

	@Test
	void authorizeWhenRetriesWouldPassTheBudgetThenTheyAreRefused() {
		budget(2);
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode())
				.isEqualTo(JwtBearerTokenRequestGuard.BUDGET_EXCEEDED_ERROR_CODE));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizeWhenRefusedByTheGuardThenNoTokenRequestIsObserved() {
		TestObservationRegistry observationRegistry = TestObservationRegistry.create();
		this.provider.setObservationRegistry(observationRegistry);
		budget(1);
		this.manager.authorize(request("anonymousUser"));
		this.manager.removeAuthorizedClient(request("anonymousUser"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		this.clock.advance(Duration.ofHours(1));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		TestObservationRegistryAssert.assertThat(observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo("jwt.bearer.token.request", 2);
	}

	@Test
	void authorizeWhen80PercentOfTheBudgetIsUsedThenWarnsOncePerHour() {
		budget(5);
		try (TestLogs output = TestLogs.capture("io.github.jwtbearer", Level.INFO)) {
			for (int i = 0; i < 5; i++) {
				this.manager.authorize(request("anonymousUser"));
				this.manager.removeAuthorizedClient(request("anonymousUser"));
			}
			assertThat(output.lines()).filteredOn((line) -> line.startsWith("WARN"))
				.containsExactly("WARN Registration 'salesforce' has sent 4 of its 5 token requests per hour for "
						+ "subject 'integration@acme.com' (max-token-requests-per-hour); past the budget token "
						+ "requests fail until the hour has room");
		}
	}

	@Test
	void authorizeWhenNoBudgetThenNeverRefused() {
		for (int i = 0; i < 50; i++) {
			this.manager.authorize(request("anonymousUser"));
			this.manager.removeAuthorizedClient(request("anonymousUser"));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(50);
		assertThat(this.guard.getBudgetUsed(this.registration.get())).isZero();
	}

	@Test
	void authorizeWhenThreeWavesOf16CallersAfterUserNotApprovedThenOneTokenRequest() throws Exception {
		this.endpoint.delay(Duration.ofMillis(100));
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		List<Throwable> failures = new ArrayList<>();
		for (int wave = 0; wave < 3; wave++) {
			failures.addAll(concurrently(16, (i) -> failure(() -> this.manager.authorize(request("user" + i)))));
			this.clock.advance(Duration.ofSeconds(2));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(failures).hasSize(48)
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant")));
		assertThat(failures.get(47))
			.hasMessageContaining("not sent: the last one failed at 2026-11-30T12:00:00Z "
					+ "with error 'invalid_grant', given to every caller until 2026-11-30T12:00:30Z "
					+ "(jwt-bearer.registration.salesforce.error-cooldown)")
			.hasMessageContaining("user hasn't approved this consumer");
		assertThat(this.guard.getCooldownEnd("salesforce")).isEqualTo(Instant.parse("2026-11-30T12:00:30Z"));
	}

	@Test
	void authorizeWhenErrorCooldownHasPassedThenRequestsAgain() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		this.clock.advance(Duration.ofSeconds(29));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void endCooldownThenNextCallRequestsAToken() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		assertThat(this.guard.endCooldown("salesforce")).isOne();
		assertThat(this.guard.getCooldownEnd("salesforce")).isNull();
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void authorizeWhenRegistrationChangedDuringCooldownThenRequestsAToken() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		// a new registration: the application's configuration was reloaded
		this.registration.set(this.endpoint.registration("salesforce", this.clock).build());
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void authorizeWhenErrorCooldownIsZeroThenEveryCallAsks() {
		this.registration
			.set(this.endpoint.registration("salesforce", this.clock).errorCooldown(Duration.ZERO).build());
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(ClientAuthorizationException.class)
				.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

	@Test
	void authorizeWhenEndpointFailsFastForAMinuteThenBacksOff() {
		// 8 callers a second for a minute against an endpoint that fails at once: today
		// every call is a failed login
		this.provider.setRetry(TokenRequestRetry.NONE);
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		int failures = 0;
		for (int second = 0; second < 60; second++) {
			for (int caller = 0; caller < 8; caller++) {
				failures += (failure(() -> this.manager.authorize(request("anonymousUser"))) != null) ? 1 : 0;
			}
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(failures).isEqualTo(480);
		// at 0, 1, 3, 7, 15, 31 seconds: the pause doubles from 1 second
		assertThat(this.endpoint.tokenRequests()).isEqualTo(6);
	}

	@Test
	void authorizeWhenBackingOffThenCallersGetTheLastFailureAndSuccessEndsIt() {
		this.provider.setRetry(TokenRequestRetry.NONE);
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("server_error"))
			.withMessageContaining("not sent: the last one failed at 2026-11-30T12:00:00Z (1 in a row); "
					+ "the next is sent from 2026-11-30T12:00:01Z");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.manager.authorize(request("anonymousUser"))).isNotNull();
		this.manager.removeAuthorizedClient(request("anonymousUser"));
		// the success ended the streak: the next failure pauses 1 second again
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		assertThat(this.guard.getCooldownEnd("salesforce")).isEqualTo(this.clock.instant().plusSeconds(1));
	}

	@Test
	void authorizeWhen64SubjectsAgainstAnUnavailableEndpointThenOnlyTheFirstIsRetried() {
		this.manager.setSubjectResolver((request) -> request.getPrincipal().getName() + "@acme.com");
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		for (int i = 0; i < 64; i++) {
			int subject = i;
			assertThat(failure(() -> this.manager.authorize(request("user" + subject)))).isNotNull();
		}
		// 3 attempts for the first subject, then one each: no 192
		assertThat(this.endpoint.tokenRequests()).isEqualTo(66);
		// a success gives retries back
		this.clock.advance(Duration.ofMinutes(5));
		this.endpoint.answer((count) -> (count == 68) ? TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}")
				: TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		assertThat(this.manager.authorize(request("user0"))).isNotNull();
		assertThat(this.manager.authorize(request("user1")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-69");
	}

	@Test
	void authorizeWhenTheApiRejectsEveryTokenThen50CallsCostThreeLogins() {
		for (int i = 0; i < 50; i++) {
			callRejectedByTheApi();
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		// a minute later a rejected token is replaced twice more, at most
		this.clock.advance(Duration.ofMinutes(1));
		for (int i = 0; i < 10; i++) {
			callRejectedByTheApi();
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(5);
	}

	@Test
	void authorizeWhenTheSessionIsRevokedTwiceInARowThenEachRevocationGetsANewToken() {
		OAuth2AccessToken first = this.manager.authorize(request("anonymousUser")).getAccessToken();
		this.manager.authorizationFailureHandler().onAuthorizationFailure(invalidToken(), principal(), rejected(first));
		OAuth2AccessToken second = this.manager.authorize(request("anonymousUser")).getAccessToken();
		this.manager.authorizationFailureHandler()
			.onAuthorizationFailure(invalidToken(), principal(), rejected(second));
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-3");
	}

	@Test
	void authorizeWhenTheApiRejectsEveryTokenThenReactive50CallsCostThreeLogins() {
		SignedAssertionReactiveOAuth2AuthorizedClientProvider reactiveProvider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				(registrationId) -> this.registration.get());
		JwtBearerReactiveOAuth2AuthorizedClientManager reactive = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				(registrationId) -> this.registration.get(),
				new BoundedInMemoryOAuth2AuthorizedClientService(1000).reactive(), reactiveProvider,
				(request) -> Mono.empty());
		reactive.setClock(this.clock);
		for (int i = 0; i < 50; i++) {
			// as the 401 retry of WebClient does
			OAuth2AccessToken used = reactive.authorize(request("anonymousUser")).block().getAccessToken();
			reactive.authorizationFailureHandler()
				.onAuthorizationFailure(invalidToken(), principal(), rejected(used))
				.block();
			reactive.authorize(request("anonymousUser")).block();
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

	// as the 401 retry of RestClient does: a call, a 401 that evicts the token, the
	// call once more with the token the manager gives, a second 401 to the caller
	private void callRejectedByTheApi() {
		OAuth2AccessToken used = this.manager.authorize(request("anonymousUser")).getAccessToken();
		this.manager.authorizationFailureHandler().onAuthorizationFailure(invalidToken(), principal(), rejected(used));
		this.manager.authorize(request("anonymousUser"));
	}

	private static ClientAuthorizationException invalidToken() {
		return new ClientAuthorizationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN), "salesforce");
	}

	private static Authentication principal() {
		return new TestingAuthenticationToken("anonymousUser", null);
	}

	private static Map<String, Object> rejected(OAuth2AccessToken token) {
		return Map.of(JwtBearerOAuth2AuthorizedClientManager.REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME, token);
	}

	private void budget(int max) {
		this.registration
			.set(this.endpoint.registration("salesforce", this.clock).maxTokenRequestsPerHour(max).build());
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal(principal).build();
	}

	private static Throwable failure(Runnable call) {
		try {
			call.run();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private static <T> List<T> concurrently(int threads, IndexedCall<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				Callable<T> task = () -> {
					start.await();
					return call.call(index);
				};
				futures.add(executor.submit(task));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface IndexedCall<T> {

		T call(int index) throws Exception;

	}

}
