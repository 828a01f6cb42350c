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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

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

	private TestOrgTokenEndpoint endpoint;

	private BoundedInMemoryOAuth2AuthorizedClientService store;

	private JwtBearerOAuth2AuthorizedClientManager manager;

	@BeforeEach
	void createManager() {
		this.endpoint = new TestOrgTokenEndpoint();
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", this.clock)
			.tokenLifetime(Duration.ofMinutes(15))
			.build();
		InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
				registration);
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				registrations);
		// the manager's clock is the only one set: it reaches the provider with each
		// request
		provider.setRetry(new TokenRequestRetry(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(10)));
		this.store = new BoundedInMemoryOAuth2AuthorizedClientService(1000);
		this.manager = new JwtBearerOAuth2AuthorizedClientManager(registrations, this.store, provider,
				(request) -> null);
		this.manager.setClock(this.clock);
		this.manager.setRenewalExecutor(this.renewals::add);
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
	void authorizeWhenErrorThenNextCallTriesAgain() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> this.manager.authorize(request("anonymousUser")));
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
	void authorizeWhenOtherRegistrationThenDelegates() {
		OAuth2AuthorizedClient other = this.manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("github").principal("user").build());
		assertThat(other).isNull();
		assertThat(this.endpoint.tokenRequests()).isZero();
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal(principal).build();
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
	interface IndexedCall<T> {

		T call(int index) throws Exception;

	}

}
