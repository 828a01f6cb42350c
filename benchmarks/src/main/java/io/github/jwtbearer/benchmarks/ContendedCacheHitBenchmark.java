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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * (7) 64 threads calling {@code authorize()} at once on a cached token, as the threads of
 * a busy server do: the throughput of ours and of stock Spring Security, each run in turn
 * within a round. Both cache (the token response has {@code expires_in}); what differs is
 * what a cache hit reads and locks.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(64)
@State(Scope.Benchmark)
public class ContendedCacheHitBenchmark {

	private final OAuth2AuthorizeRequest request = Managers.request("anonymousUser");

	private TokenEndpoint endpoint;

	private OAuth2AuthorizedClientManager ours;

	private OAuth2AuthorizedClientManager stock;

	@Setup
	public void obtainTokens() {
		this.endpoint = TokenEndpoint.withExpiresIn();
		this.ours = Managers.ours(this.endpoint.tokenUri());
		this.stock = Managers.stock(this.endpoint.tokenUri());
		this.ours.authorize(this.request);
		this.stock.authorize(this.request);
		Checks.state(this.endpoint.tokenRequests() == 2,
				"expected one token request per manager, got " + this.endpoint.tokenRequests());
	}

	@TearDown
	public void closeEndpoint() {
		Checks.state(this.endpoint.tokenRequests() == 2,
				"a cached token was requested again: " + this.endpoint.tokenRequests() + " token requests");
		this.endpoint.close();
	}

	@Benchmark
	public OAuth2AuthorizedClient ours() {
		return this.ours.authorize(this.request);
	}

	@Benchmark
	public OAuth2AuthorizedClient stock() {
		return this.stock.authorize(this.request);
	}

}
