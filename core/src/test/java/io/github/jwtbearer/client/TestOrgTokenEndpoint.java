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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A token endpoint on a {@link MockWebServer} that counts token requests, remembers the
 * subject and {@code jti} of each assertion, answers as Salesforce does by default and
 * can be told to answer otherwise or to take its time.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TestOrgTokenEndpoint implements AutoCloseable {

	static final KeyPair KEY_PAIR = TestKeys.rsa2048();

	private final MockWebServer server = new MockWebServer();

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final Queue<String> subjects = new ConcurrentLinkedQueue<>();

	private final Queue<String> jtis = new ConcurrentLinkedQueue<>();

	private final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();

	private final AtomicReference<Function<Integer, MockResponse>> answer = new AtomicReference<>(
			(count) -> TestTokenEndpoint.salesforceResponse("00Dxx!token-" + count));

	private volatile Duration delay = Duration.ZERO;

	TestOrgTokenEndpoint() {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				TestOrgTokenEndpoint.this.arrivals.add(System.nanoTime() / 1_000_000);
				int count = TestOrgTokenEndpoint.this.tokenRequests.incrementAndGet();
				Map<String, Object> claims = TestJwts
					.verify(TestTokenEndpoint.formParameters(request).get("assertion"), KEY_PAIR.getPublic())
					.claims();
				TestOrgTokenEndpoint.this.subjects.add(String.valueOf(claims.get("sub")));
				TestOrgTokenEndpoint.this.jtis.add(String.valueOf(claims.get("jti")));
				int inFlight = TestOrgTokenEndpoint.this.inFlight.incrementAndGet();
				TestOrgTokenEndpoint.this.maxInFlight.accumulateAndGet(inFlight, Math::max);
				try {
					Thread.sleep(TestOrgTokenEndpoint.this.delay.toMillis());
					return TestOrgTokenEndpoint.this.answer.get().apply(count);
				}
				finally {
					TestOrgTokenEndpoint.this.inFlight.decrementAndGet();
				}
			}

		});
		try {
			this.server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String tokenUri() {
		return this.server.url("/services/oauth2/token").toString();
	}

	JwtBearerRegistration.Builder registration(String registrationId, Clock clock) {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey(registrationId, JwtSigningKey.of(KEY_PAIR.getPrivate(), null))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.clock(clock)
			.build();
		return JwtBearerRegistration
			.withClientRegistration(TestRegistrations.jwtBearer(registrationId, tokenUri()).build(), minter)
			.subject("integration@acme.com");
	}

	void answer(Function<Integer, MockResponse> answer) {
		this.answer.set(answer);
	}

	void delay(Duration delay) {
		this.delay = delay;
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	// the most token requests that were being answered at the same time
	int maxConcurrentTokenRequests() {
		return this.maxInFlight.get();
	}

	List<String> subjects() {
		return List.copyOf(this.subjects);
	}

	// the millisecond each token request arrived, on a monotonic clock
	List<Long> arrivals() {
		return List.copyOf(this.arrivals);
	}

	List<String> jtis() {
		return List.copyOf(this.jtis);
	}

	@Override
	public void close() {
		this.server.close();
	}

}
