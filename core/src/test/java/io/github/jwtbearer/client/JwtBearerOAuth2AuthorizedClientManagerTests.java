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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestTimeouts;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtBearerOAuth2AuthorizedClientManager}: one token request per need,
 * tokens per subject, renewal ahead of expiry.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerOAuth2AuthorizedClientManagerTests {

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-28T12:00:00Z"));

	private final List<Runnable> renewals = new ArrayList<>();

	// thrown once by the next save, then cleared
	private final AtomicReference<Throwable> saveFault = new AtomicReference<>();

	private TestOrgTokenEndpoint endpoint;

	private InMemoryJwtBearerRegistrationRepository registrations;

	private SignedAssertionOAuth2AuthorizedClientProvider provider;

	private BoundedInMemoryOAuth2AuthorizedClientService store;

	private JwtBearerOAuth2AuthorizedClientManager manager;

	@BeforeEach
	void createManager() {
		this.endpoint = new TestOrgTokenEndpoint();
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", this.clock)
			.tokenLifetime(Duration.ofMinutes(15))
			.build();
		this.registrations = new InMemoryJwtBearerRegistrationRepository(registration);
		this.provider = new SignedAssertionOAuth2AuthorizedClientProvider(this.registrations);
		// the manager's clock is the only one set: it reaches the provider with each
		// request
		this.provider.setRetry(new TokenRequestRetry(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(10)));
		this.store = new BoundedInMemoryOAuth2AuthorizedClientService(10_000);
		this.manager = newManager();
		this.manager.setRenewalExecutor(this.renewals::add);
	}

	private JwtBearerOAuth2AuthorizedClientManager newManager() {
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(this.registrations,
				new FaultyStore(), this.provider, (request) -> null);
		manager.setClock(this.clock);
		return manager;
	}

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeWhen64ThreadsOnColdCacheThenOneTokenRequest() throws Exception {
		this.endpoint.delay(Duration.ofMillis(200));
		List<OAuth2AuthorizedClient> clients = concurrently(64, (i) -> this.manager.authorize(request("user" + i)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(clients).hasSize(64)
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.containsOnly("00Dxx!token-1");
	}

	@Test
	void authorizeWhenTwoSubjectsThenOneTokenRequestEach() throws Exception {
		this.manager.setSubjectResolver(
				(request) -> request.getPrincipal().getName().startsWith("a") ? "alice@acme.com" : "bob@acme.com");
		this.endpoint.delay(Duration.ofMillis(200));
		List<OAuth2AuthorizedClient> clients = concurrently(64,
				(i) -> this.manager.authorize(request(((i % 2) == 0) ? "a" + i : "b" + i)));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(this.endpoint.subjects()).containsExactlyInAnyOrder("alice@acme.com", "bob@acme.com");
		assertThat(clients).extracting(OAuth2AuthorizedClient::getPrincipalName)
			.containsOnly("alice@acme.com", "bob@acme.com");
		assertThat(clients.stream().map((client) -> client.getAccessToken().getTokenValue()).distinct()).hasSize(2);
	}

	@Test
	void authorizeWhenTokenValidThenNoTokenRequestWhoeverAsks() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser"));
		for (int i = 0; i < 50; i++) {
			assertThat(this.manager.authorize(request("user" + i))).isSameAs(first);
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(first).isInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(((JwtBearerAuthorizedClient) first).getInstanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
	}

	@Test
	void authorizeInRenewalWindowThenCurrentTokenAndOneBackgroundRenewal() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser"));
		// 15 min lifetime, 60 s clock skew, 60 s refresh-before-expiry: the window opens
		// at 13 min
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		for (int i = 0; i < 10; i++) {
			assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
				.isEqualTo(first.getAccessToken().getTokenValue());
		}
		assertThat(this.renewals).hasSize(1);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		this.renewals.get(0).run();
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		OAuth2AuthorizedClient renewed = this.manager.authorize(request("anonymousUser"));
		assertThat(renewed.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		assertThat(renewed.getAccessToken().getExpiresAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(15)));
		assertThat(this.store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "integration@acme.com"))
			.isSameAs(renewed);
		assertThat(this.renewals).hasSize(1);
	}

	@Test
	void authorizeWhenRenewalFailsThenCurrentTokenServesUntilExpiryAndFailureIsLoggedOnce() {
		TestLogs output = TestLogs.capture("io.github.jwtbearer", Level.INFO);
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser"));
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		this.manager.authorize(request("anonymousUser"));
		this.renewals.get(0).run();
		for (int i = 0; i < 10; i++) {
			assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(first);
		}
		assertThat(this.renewals).hasSize(1);
		// the renewal was tried three times (503 is transient), then given up once
		assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
		output.close();
		assertThat(output.toString().split("Renewal ahead of expiry failed", -1)).hasSize(2);
		// past expiry less the clock skew, the next caller waits for a new token
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-5");
	}

	@Test
	void authorizeWhenTokenEndpointRefusesThenEveryWaitingCallerGetsTheError() throws Exception {
		this.endpoint.delay(Duration.ofMillis(200));
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		List<Throwable> failures = concurrently(16, (i) -> {
			try {
				this.manager.authorize(request("user" + i));
				return null;
			}
			catch (ClientAuthorizationException ex) {
				return ex;
			}
		});
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		assertThat(failures).hasSize(16)
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfSatisfying(ClientAuthorizationException.class,
					(ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant")));
	}

	@Test
	void authorizeWhenErrorThenNextCallAfterTheErrorCooldownTriesAgain() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		this.clock.advance(Duration.ofSeconds(30));
		this.endpoint.answer((count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void removeAuthorizedClientThenNextCallObtainsNewToken() {
		this.manager.authorize(request("anonymousUser"));
		this.manager.removeAuthorizedClient(request("anonymousUser"));
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void removeAuthorizedClientWhenStoredTokenIsNotTheRejectedOneThenKeepsIt() {
		OAuth2AuthorizedClient current = this.manager.authorize(request("anonymousUser"));
		OAuth2AccessToken older = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!older",
				this.clock.instant().minusSeconds(600), this.clock.instant().plusSeconds(300));
		this.manager.removeAuthorizedClient(request("user"), older);
		assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(current);
		this.manager.removeAuthorizedClient(request("user"), current.getAccessToken());
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizationFailureHandlerWhenInvalidTokenThenEvictsOnlyTheRejectedToken() {
		OAuth2AuthorizedClient current = this.manager.authorize(request("anonymousUser"));
		OAuth2AccessToken older = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!older",
				this.clock.instant().minusSeconds(600), this.clock.instant().plusSeconds(300));
		OAuth2AuthorizationFailureHandler handler = this.manager.authorizationFailureHandler();
		handler.onAuthorizationFailure(failure(OAuth2ErrorCodes.INVALID_TOKEN), principal("user"), rejected(older));
		assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(current);
		handler.onAuthorizationFailure(failure(OAuth2ErrorCodes.INVALID_TOKEN), principal("user"),
				rejected(current.getAccessToken()));
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void authorizationFailureHandlerWhenNotInvalidTokenThenKeepsToken() {
		OAuth2AuthorizedClient current = this.manager.authorize(request("anonymousUser"));
		this.manager.authorizationFailureHandler()
			.onAuthorizationFailure(failure(OAuth2ErrorCodes.INSUFFICIENT_SCOPE), principal("user"),
					rejected(current.getAccessToken()));
		assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(current);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	static ClientAuthorizationException failure(String errorCode) {
		return new ClientAuthorizationException(new OAuth2Error(errorCode), "salesforce");
	}

	static Authentication principal(String name) {
		return new TestingAuthenticationToken(name, null);
	}

	static Map<String, Object> rejected(OAuth2AccessToken token) {
		return Map.of(JwtBearerOAuth2AuthorizedClientManager.REJECTED_ACCESS_TOKEN_ATTRIBUTE_NAME, token);
	}

	@Test
	void tokenListenerHearsWhatHappens() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		this.manager.setTokenListener(new JwtBearerTokenListener() {

			@Override
			public void cacheHit(JwtBearerRegistration registration) {
				events.add("hit");
			}

			@Override
			public void sharedTokenRequest(JwtBearerRegistration registration) {
				events.add("shared");
			}

			@Override
			public void tokenObtained(JwtBearerRegistration registration, String subject,
					OAuth2AuthorizedClient authorizedClient, boolean renewal) {
				events.add("obtained " + subject + " " + renewal);
			}

			@Override
			public void tokenRequestFailed(JwtBearerRegistration registration, String subject, Throwable failure,
					boolean renewal) {
				events.add("failed " + renewal);
			}

			@Override
			public void tokenRemoved(JwtBearerRegistration registration, String subject) {
				events.add("removed " + subject);
			}

		});
		this.endpoint.delay(Duration.ofMillis(200));
		concurrently(8, (i) -> this.manager.authorize(request("user" + i)));
		this.endpoint.delay(Duration.ZERO);
		this.manager.authorize(request("anonymousUser"));
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.manager.authorize(request("anonymousUser"));
		this.renewals.get(0).run();
		this.manager.removeAuthorizedClient(request("anonymousUser"));
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
		assertThat(events).containsSubsequence("obtained integration@acme.com false", "hit", "hit",
				"obtained integration@acme.com true", "removed integration@acme.com", "failed false");
		assertThat(events).filteredOn("shared"::equals).hasSizeBetween(1, 7);
		assertThat(events).filteredOn((event) -> event.startsWith("obtained")).hasSize(2);
	}

	@Test
	void authorizeWhenStoringTheTokenThrowsAnErrorThenEveryWaitingCallerGetsItAndTheNextCallTriesAgain()
			throws Exception {
		OutOfMemoryError outOfMemory = new OutOfMemoryError("test: no room to store the token");
		this.saveFault.set(outOfMemory);
		this.endpoint.delay(Duration.ofMillis(200));
		List<Throwable> failures = concurrently(16, (i) -> {
			try {
				this.manager.authorize(request("user" + i));
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		});
		assertThat(failures).hasSize(16).containsOnly(outOfMemory);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		this.endpoint.delay(Duration.ZERO);
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void authorizeWhenTokenListenerThrowsUndeclaredCheckedExceptionThenTokenServesAndFailureIsLoggedOnce() {
		this.manager.setTokenListener(new JwtBearerTokenListener() {

			@Override
			public void tokenObtained(JwtBearerRegistration registration, String subject,
					OAuth2AuthorizedClient authorizedClient, boolean renewal) {
				// as Kotlin, or Lombok's @SneakyThrows, would throw it
				throwUnchecked(new IOException("test: metrics backend down"));
			}

		});
		try (TestLogs output = TestLogs.capture("io.github.jwtbearer", Level.INFO)) {
			assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
				.isEqualTo("00Dxx!token-1");
			this.manager.removeAuthorizedClient(request("anonymousUser"));
			assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
				.isEqualTo("00Dxx!token-2");
			assertThat(output.lines()).filteredOn((line) -> line.startsWith("WARN"))
				.singleElement(as(InstanceOfAssertFactories.STRING))
				.contains("threw java.io.IOException")
				.contains("is ignored");
		}
	}

	@Test
	void authorizeWhenTokenRequestInFlightOutlastsTheWaitThenFollowersFailWithTemporarilyUnavailable() {
		this.manager.setSharedTokenRequestTimeout(Duration.ofMillis(100));
		this.endpoint.delay(Duration.ofSeconds(1));
		List<Object> outcomes = TestTimeouts.within(Duration.ofSeconds(20), () -> concurrently(8, (i) -> {
			try {
				return this.manager.authorize(request("user" + i));
			}
			catch (ClientAuthorizationException ex) {
				return ex;
			}
		}));
		assertThat(outcomes).filteredOn(OAuth2AuthorizedClient.class::isInstance).hasSize(1);
		assertThat(outcomes).filteredOn(ClientAuthorizationException.class::isInstance)
			.hasSize(7)
			.allSatisfy((ex) -> assertThat(((ClientAuthorizationException) ex).getError().getErrorCode())
				.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void authorizeWhenWaitingCallerIsInterruptedThenItStopsWaitingAndKeepsTheInterrupt() throws Exception {
		this.endpoint.delay(Duration.ofSeconds(3));
		CountDownLatch joined = new CountDownLatch(1);
		this.manager.setTokenListener(new JwtBearerTokenListener() {

			@Override
			public void sharedTokenRequest(JwtBearerRegistration registration) {
				joined.countDown();
			}

		});
		Thread leader = new Thread(() -> this.manager.authorize(request("leader")));
		leader.start();
		AtomicReference<Object> outcome = new AtomicReference<>();
		AtomicBoolean interrupted = new AtomicBoolean();
		Thread follower = new Thread(() -> {
			try {
				outcome.set(this.manager.authorize(request("follower")));
			}
			catch (RuntimeException ex) {
				outcome.set(ex);
			}
			interrupted.set(Thread.currentThread().isInterrupted());
		});
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.endpoint.tokenRequests() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		follower.start();
		assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
		follower.interrupt();
		follower.join(2000);
		assertThat(outcome.get()).isInstanceOfSatisfying(IllegalStateException.class,
				(ex) -> assertThat(ex).hasMessageContaining("Interrupted while waiting")
					.hasCauseInstanceOf(InterruptedException.class));
		assertThat(interrupted).isTrue();
		leader.join(10_000);
	}

	@Test
	void authorizeWhenRenewalExecutorRejectsThenCurrentTokenServesAndALaterCallRenews() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser"));
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.manager.setRenewalExecutor((task) -> {
			throw new RejectedExecutionException("test: full");
		});
		assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(first);
		this.manager.setRenewalExecutor(this.renewals::add);
		assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(first);
		assertThat(this.renewals).hasSize(1);
		this.renewals.get(0).run();
		assertThat(this.manager.authorize(request("anonymousUser")).getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void authorizeWhen1000SubjectsEnterTheirRenewalWindowThenRenewalThreadsAndTokenRequestsStayBounded() {
		int subjects = 1000;
		JwtBearerOAuth2AuthorizedClientManager manager = newManager();
		manager.setSubjectResolver((request) -> request.getPrincipal().getName());
		JwtBearerRegistration registration = this.registrations.findByRegistrationId("salesforce");
		for (int i = 0; i < subjects; i++) {
			OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!old-" + i,
					this.clock.instant(), this.clock.instant().plus(Duration.ofMinutes(15)));
			this.store.saveAuthorizedClient(
					new OAuth2AuthorizedClient(registration.getClientRegistration(), subject(i), token),
					new TestingAuthenticationToken(subject(i), ""));
		}
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.endpoint.delay(Duration.ofMillis(5));
		int maxRenewalThreads = TestTimeouts.within(Duration.ofSeconds(120), () -> {
			int maxThreads = 0;
			Set<Integer> renewed = new HashSet<>();
			while (renewed.size() < subjects) {
				// every caller keeps its valid token, whether its renewal ran, waits or
				// was
				// postponed
				for (int i = 0; i < subjects; i++) {
					OAuth2AuthorizedClient client = manager.authorize(request(subject(i)));
					assertThat(client.getPrincipalName()).isEqualTo(subject(i));
					if (!client.getAccessToken().getTokenValue().startsWith("00Dxx!old-")) {
						renewed.add(i);
					}
				}
				maxThreads = Math.max(maxThreads, renewalThreads());
				Thread.sleep(20);
			}
			return maxThreads;
		});
		assertThat(maxRenewalThreads).isBetween(1, BoundedRenewalExecutor.DEFAULT_MAX_CONCURRENT);
		assertThat(this.endpoint.maxConcurrentTokenRequests()).isBetween(1,
				BoundedRenewalExecutor.DEFAULT_MAX_CONCURRENT);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(subjects);
	}

	@Test
	void authorizeWhenRenewalRacesA401EvictionThenOneTokenRequestAndTheStoreKeepsTheTokenCallersGot() throws Exception {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser"));
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.manager.authorize(request("anonymousUser"));
		assertThat(this.renewals).hasSize(1);
		// the renewal's token request takes its time
		this.endpoint.answer((count) -> {
			if (count == 2) {
				sleep(Duration.ofSeconds(1));
			}
			return TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count);
		});
		Thread renewal = new Thread(this.renewals.get(0));
		renewal.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.endpoint.tokenRequests() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		// meanwhile the API answers 401 to the current token
		this.manager.removeAuthorizedClient(request("user"), first.getAccessToken());
		OAuth2AuthorizedClient afterEviction = TestTimeouts.within(Duration.ofSeconds(10),
				() -> this.manager.authorize(request("anonymousUser")));
		renewal.join(10_000);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(afterEviction.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		assertThat(this.store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "integration@acme.com"))
			.extracting((client) -> client.getAccessToken().getTokenValue())
			.isEqualTo("00Dxx!token-2");
	}

	@Test
	void renewalWhenANewerTokenWasStoredMeanwhileThenNoTokenRequestAndTheNewerTokenStays() {
		OAuth2AuthorizedClient first = this.manager.authorize(request("anonymousUser"));
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(30));
		this.manager.authorize(request("anonymousUser"));
		this.manager.removeAuthorizedClient(request("user"), first.getAccessToken());
		OAuth2AuthorizedClient newer = this.manager.authorize(request("anonymousUser"));
		assertThat(newer.getAccessToken().getTokenValue()).isEqualTo("00Dxx!token-2");
		this.renewals.get(0).run();
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		assertThat(this.manager.authorize(request("anonymousUser"))).isSameAs(newer);
	}

	@Test
	void authorizeWhenOtherRegistrationThenDelegates() {
		OAuth2AuthorizedClient other = this.manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("github").principal("user").build());
		assertThat(other).isNull();
		assertThat(this.endpoint.tokenRequests()).isZero();
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal(principal).build();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String subject(int index) {
		return "user-" + index + "@acme.com";
	}

	private static int renewalThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("jwt-bearer-renewal-"))
			.count();
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

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> void throwUnchecked(Throwable ex) throws E {
		throw (E) ex;
	}

	@FunctionalInterface
	interface IndexedCall<T> {

		T call(int index) throws Exception;

	}

	// the store, which can be told to fail the next save
	private final class FaultyStore implements OAuth2AuthorizedClientService {

		@Override
		public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
				String principalName) {
			return JwtBearerOAuth2AuthorizedClientManagerTests.this.store.loadAuthorizedClient(clientRegistrationId,
					principalName);
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
			Throwable fault = JwtBearerOAuth2AuthorizedClientManagerTests.this.saveFault.getAndSet(null);
			if (fault != null) {
				throwUnchecked(fault);
			}
			JwtBearerOAuth2AuthorizedClientManagerTests.this.store.saveAuthorizedClient(authorizedClient, principal);
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
			JwtBearerOAuth2AuthorizedClientManagerTests.this.store.removeAuthorizedClient(clientRegistrationId,
					principalName);
		}

	}

}
