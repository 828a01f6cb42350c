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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

/**
 * (3) {@code calls} sequential {@code authorize()} calls from a cold cache against a
 * token endpoint that answers as Salesforce does, without {@code expires_in}: the token
 * requests they cost, ours beside stock Spring Security, which takes such a token to
 * expire a second after issue and, with its 60 s clock skew, as expired at once.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SequentialCallsBenchmark {

	@Param("1000")
	public int calls;

	private final OAuth2AuthorizeRequest request = Managers.request("anonymousUser");

	private TokenEndpoint endpoint;

	private OAuth2AuthorizedClientManager ours;

	private OAuth2AuthorizedClientManager stock;

	@Setup(Level.Trial)
	public void startEndpoint() {
		this.endpoint = TokenEndpoint.salesforce();
	}

	@Setup(Level.Iteration)
	public void coldCache() {
		this.ours = Managers.ours(this.endpoint.tokenUri());
		this.stock = Managers.stock(this.endpoint.tokenUri());
		this.endpoint.resetCount();
	}

	@TearDown(Level.Trial)
	public void closeEndpoint() {
		this.endpoint.close();
	}

	@Benchmark
	public void ours(TokenRequestCounts counts, Blackhole blackhole) {
		callSequentially(this.ours, counts, blackhole);
	}

	@Benchmark
	public void stock(TokenRequestCounts counts, Blackhole blackhole) {
		callSequentially(this.stock, counts, blackhole);
	}

	private void callSequentially(OAuth2AuthorizedClientManager manager, TokenRequestCounts counts,
			Blackhole blackhole) {
		for (int i = 0; i < this.calls; i++) {
			blackhole.consume(manager.authorize(this.request));
		}
		counts.record(this.endpoint.tokenRequests());
	}

}
