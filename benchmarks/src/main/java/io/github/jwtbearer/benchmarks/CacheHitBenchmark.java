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

package io.github.jwtbearer.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * (1) {@code authorize()} through the manager when the token is cached: ours beside
 * Spring Security's {@code AuthorizedClientServiceOAuth2AuthorizedClientManager} with its
 * {@code JwtBearerOAuth2AuthorizedClientProvider}. Both get the same token response, with
 * {@code expires_in}, so that both cache.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheHitBenchmark {

	// calls timed at once: a call takes about as long as reading the clock
	private static final int BATCH = 100;

	private final OAuth2AuthorizeRequest request = Managers.request("anonymousUser");

	private TokenEndpoint endpoint;

	private OAuth2AuthorizedClientManager ours;

	private OAuth2AuthorizedClientManager stock;

	@Setup
	public void obtainTokens() {
		this.endpoint = TokenEndpoint.withExpiresIn();
		this.ours = Managers.ours(this.endpoint.tokenUri());
		this.stock = Managers.stock(this.endpoint.tokenUri());
		for (int i = 0; i < 3; i++) {
			this.ours.authorize(this.request);
			this.stock.authorize(this.request);
		}
		Checks.state(this.endpoint.tokenRequests() == 2,
				"expected one token request per manager, got " + this.endpoint.tokenRequests());
	}

	@TearDown
	public void closeEndpoint() {
		this.endpoint.close();
	}

	@Benchmark
	public void oursBesideStock(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> authorizeOurs(blackhole), () -> authorizeStock(blackhole), BATCH);
	}

	// a call site each, so that each sees one manager
	private void authorizeOurs(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.ours.authorize(this.request));
		}
	}

	private void authorizeStock(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.stock.authorize(this.request));
		}
	}

}
