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

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * (4) 64 threads calling {@code authorize()} at once on a cold cache, against a token
 * endpoint that takes {@code delayMillis} to answer: each thread's latency (JMH's single
 * shot time, one sample per thread per burst) and the token requests of the burst, ours
 * beside stock Spring Security. The answer has {@code expires_in}, so that stock caches
 * too: only the sharing of one token request differs.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@Threads(64)
@State(Scope.Benchmark)
public class ColdBurstBenchmark {

	@Param("200")
	public int delayMillis;

	private final OAuth2AuthorizeRequest request = Managers.request("anonymousUser");

	private final AtomicInteger finished = new AtomicInteger();

	private int threads;

	private TokenEndpoint endpoint;

	private OAuth2AuthorizedClientManager ours;

	private OAuth2AuthorizedClientManager stock;

	@Setup(Level.Trial)
	public void startEndpoint(BenchmarkParams params) {
		this.threads = params.getThreads();
		this.endpoint = TokenEndpoint.withExpiresIn().delay(Duration.ofMillis(this.delayMillis));
	}

	@Setup(Level.Iteration)
	public void coldCache() {
		this.ours = Managers.ours(this.endpoint.tokenUri());
		this.stock = Managers.stock(this.endpoint.tokenUri());
		this.finished.set(0);
		this.endpoint.resetCount();
	}

	@TearDown(Level.Trial)
	public void closeEndpoint() {
		this.endpoint.close();
	}

	@Benchmark
	public OAuth2AuthorizedClient ours(TokenRequestCounts counts) {
		return authorize(this.ours, counts);
	}

	@Benchmark
	public OAuth2AuthorizedClient stock(TokenRequestCounts counts) {
		return authorize(this.stock, counts);
	}

	// the last caller to return counts the burst's token requests: all are answered
	private OAuth2AuthorizedClient authorize(OAuth2AuthorizedClientManager manager, TokenRequestCounts counts) {
		OAuth2AuthorizedClient authorizedClient = manager.authorize(this.request);
		if (this.finished.incrementAndGet() == this.threads) {
			counts.record(this.endpoint.tokenRequests());
		}
		return authorizedClient;
	}

}
