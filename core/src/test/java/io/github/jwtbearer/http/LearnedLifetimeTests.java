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

package io.github.jwtbearer.http;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestKeys;
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

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the learned lifetime: an API that ends sessions after 2 minutes while the
 * registration assumes 15 ({@code token-lifetime}, no {@code expires_in}) answers one
 * 401; from then on tokens are renewed before 2 minutes, and no call meets a 401 again.
 *
 * @author JWT Bearer for Spring contributors
 */
class LearnedLifetimeTests {

	private static final KeyPair KEY_PAIR = TestKeys.rsa2048();

	private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration CALL_INTERVAL = Duration.ofSeconds(10);

	private static final String TOKEN_PATH = "/services/oauth2/token";

	private static final String QUERY_PATH = "/services/data/v62.0/query";

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-30T12:00:00Z"));

	private final MockWebServer server = new MockWebServer();

	// when each token was issued, by the org's clock
	private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

	private final AtomicInteger unauthorized = new AtomicInteger();

	// the age of every token the API accepted or refused
	private final List<Duration> ages = new CopyOnWriteArrayList<>();

	private final List<Duration> learned = new CopyOnWriteArrayList<>();

	private final JwtBearerTokenListener listener = new JwtBearerTokenListener() {

		@Override
		public void tokenLifetimeLearned(JwtBearerRegistration registration, Duration lifetime) {
			LearnedLifetimeTests.this.learned.add(lifetime);
		}

	};

	private InMemoryJwtBearerRegistrationRepository registrations;

	@BeforeEach
	void startOrg() throws IOException {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return TOKEN_PATH.equals(request.getUrl().encodedPath()) ? token() : api(request);
			}

		});
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce", JwtSigningKey.of(KEY_PAIR.getPrivate(), null))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.clock(this.clock)
			.build();
		JwtBearerRegistration registration = JwtBearerRegistration
			.withClientRegistration(
					TestRegistrations.jwtBearer("salesforce", this.server.url(TOKEN_PATH).toString()).build(), minter)
			.subject("integration@acme.com")
			.tokenLifetime(Duration.ofMinutes(15))
			.build();
		this.registrations = new InMemoryJwtBearerRegistrationRepository(registration);
	}

	@AfterEach
	void stopOrg() {
		this.server.close();
	}

	// Salesforce's answer: no expires_in; the session ends after the org's timeout
	private MockResponse token() {
		String token = "00Dxx!token-" + (this.sessions.size() + 1);
		this.sessions.put(token, this.clock.instant());
		return TestTokenEndpoint.salesforceResponse(token);
	}

	private MockResponse api(RecordedRequest request) {
		String authorization = request.getHeaders().get("Authorization");
		Instant issuedAt = (authorization != null) ? this.sessions.get(authorization.substring("Bearer ".length()))
				: null;
		Duration age = (issuedAt != null) ? Duration.between(issuedAt, this.clock.instant()) : null;
		if (age == null || age.compareTo(SESSION_TIMEOUT) >= 0) {
			this.unauthorized.incrementAndGet();
			return TestTokenEndpoint.json(401,
					"[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
		}
		this.ages.add(age);
		return TestTokenEndpoint.json(200, "{\"totalSize\":0,\"done\":true}");
	}

	@Test
	void restClientWhenSessionsEndAfter2MinutesThenOne401AndRenewalsBefore2MinutesAfterIt() {
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(this.registrations,
				new BoundedInMemoryOAuth2AuthorizedClientService(10),
				new SignedAssertionOAuth2AuthorizedClientProvider(this.registrations), (request) -> null);
		manager.setClock(this.clock);
		manager.setTokenListener(this.listener);
		// renewals run at once, in the caller's thread
		manager.setRenewalExecutor(Runnable::run);
		RestClient restClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptors(JwtBearerRequestInterceptors.around(new OAuth2ClientHttpRequestInterceptor(manager),
					manager, null, manager.authorizationFailureHandler()))
			.build();
		TestLogs output = TestLogs.capture("io.github.jwtbearer", Level.INFO);
		// 6 minutes of calls, one every 10 seconds
		for (int i = 0; i < 36; i++) {
			restClient.get()
				.uri(this.server.url(QUERY_PATH).uri())
				.attributes(ClientAttributes.clientRegistrationId("salesforce"))
				.retrieve()
				.toBodilessEntity();
			this.clock.advance(CALL_INTERVAL);
		}
		output.close();
		assertThat(this.unauthorized).hasValue(1);
		assertThat(this.ages).hasSize(36).allSatisfy((age) -> assertThat(age).isLessThan(SESSION_TIMEOUT));
		assertThat(this.learned).containsExactly(SESSION_TIMEOUT);
		// renewed every minute after the 401, instead of a token request per call
		assertThat(this.sessions).hasSizeBetween(5, 7);
		assertThat(output.lines()).filteredOn((line) -> line.contains("assumed to live"))
			.singleElement()
			.asString()
			.contains("WARN")
			.contains("The API rejected a token of registration 'salesforce' (HTTP 401) 120 seconds after it was "
					+ "obtained, although it was assumed to live 900 seconds (the token response had no "
					+ "expires_in): later tokens are assumed to live 120 seconds and renewed before then. Set the "
					+ "registration's token-lifetime to the provider's session timeout");
	}

	@Test
	void webClientWhenSessionsEndAfter2MinutesThenOne401AndNoneAfterIt() {
		JwtBearerReactiveOAuth2AuthorizedClientManager manager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				this.registrations, new BoundedInMemoryOAuth2AuthorizedClientService(10).reactive(),
				new SignedAssertionReactiveOAuth2AuthorizedClientProvider(this.registrations),
				(request) -> Mono.empty());
		manager.setClock(this.clock);
		manager.setTokenListener(this.listener);
		WebClient webClient = WebClient.builder()
			.filters(JwtBearerExchangeFilterFunctions.around(
					new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager), manager, null,
					manager.authorizationFailureHandler()))
			.build();
		for (int i = 0; i < 36; i++) {
			webClient.get()
				.uri(this.server.url(QUERY_PATH).uri())
				.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(10));
			this.clock.advance(CALL_INTERVAL);
		}
		assertThat(this.unauthorized).hasValue(1);
		assertThat(this.ages).hasSize(36).allSatisfy((age) -> assertThat(age).isLessThan(SESSION_TIMEOUT));
		assertThat(this.learned).containsExactly(SESSION_TIMEOUT);
		assertThat(this.sessions).hasSizeLessThan(10);
	}

}
