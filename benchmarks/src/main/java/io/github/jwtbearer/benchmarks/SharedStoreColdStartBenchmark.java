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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
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

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * (7) A cold start of {@value #REPLICAS} replicas: {@value #CALLERS_PER_REPLICA} callers
 * on every replica call {@code authorize()} at once, against a token endpoint that takes
 * {@code delayMillis} to answer. Each shot is one cold start of a new fleet, timed until
 * the last caller has its token; the token requests the endpoint received are counted.
 * Three fleets: replicas sharing one Redis through the shared token store, replicas on
 * the memory store, and replicas on stock Spring Security.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class SharedStoreColdStartBenchmark {

	static final int REPLICAS = 8;

	static final int CALLERS_PER_REPLICA = 8;

	@Param("200")
	public int delayMillis;

	private final OAuth2AuthorizeRequest request = Managers.request("anonymousUser");

	private final List<SharedReplica> sharedReplicas = new ArrayList<>();

	private final List<OAuth2AuthorizedClientManager> shared = new ArrayList<>();

	private final List<OAuth2AuthorizedClientManager> memory = new ArrayList<>();

	private final List<OAuth2AuthorizedClientManager> stock = new ArrayList<>();

	private RedisProcess redis;

	private TokenEndpoint endpoint;

	private ExecutorService callers;

	@Setup(Level.Trial)
	public void start() {
		this.redis = RedisProcess.start();
		this.endpoint = TokenEndpoint.withExpiresIn().delay(Duration.ofMillis(this.delayMillis));
		this.callers = Executors.newFixedThreadPool(REPLICAS * CALLERS_PER_REPLICA);
	}

	@Setup(Level.Iteration)
	public void coldFleets() {
		this.redis.flushAll();
		InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(Managers
			.registration(Managers.REGISTRATION_ID, this.endpoint.tokenUri(), SignatureAlgorithm.RS256, false));
		for (int i = 0; i < REPLICAS; i++) {
			SharedReplica replica = new SharedReplica(this.redis, registrations);
			this.sharedReplicas.add(replica);
			this.shared.add(replica.manager);
			this.memory.add(Managers.ours(this.endpoint.tokenUri()));
			this.stock.add(Managers.stock(this.endpoint.tokenUri()));
		}
	}

	@TearDown(Level.Iteration)
	public void stopFleets() {
		this.sharedReplicas.forEach(SharedReplica::close);
		this.sharedReplicas.clear();
		this.shared.clear();
		this.memory.clear();
		this.stock.clear();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.callers.shutdownNow();
		this.endpoint.close();
		this.redis.close();
	}

	@Benchmark
	public List<OAuth2AuthorizedClient> sharedStore(TokenRequestCounts counts) throws Exception {
		return coldStart(this.shared, counts);
	}

	@Benchmark
	public List<OAuth2AuthorizedClient> memoryStore(TokenRequestCounts counts) throws Exception {
		return coldStart(this.memory, counts);
	}

	@Benchmark
	public List<OAuth2AuthorizedClient> stock(TokenRequestCounts counts) throws Exception {
		return coldStart(this.stock, counts);
	}

	private List<OAuth2AuthorizedClient> coldStart(List<OAuth2AuthorizedClientManager> replicas,
			TokenRequestCounts counts) throws InterruptedException, ExecutionException, TimeoutException {
		this.endpoint.resetCount();
		CountDownLatch go = new CountDownLatch(1);
		List<Future<OAuth2AuthorizedClient>> calls = new ArrayList<>();
		for (int i = 0; i < REPLICAS * CALLERS_PER_REPLICA; i++) {
			OAuth2AuthorizedClientManager replica = replicas.get(i % REPLICAS);
			Callable<OAuth2AuthorizedClient> call = () -> {
				go.await();
				return replica.authorize(this.request);
			};
			calls.add(this.callers.submit(call));
		}
		go.countDown();
		List<OAuth2AuthorizedClient> clients = new ArrayList<>();
		for (Future<OAuth2AuthorizedClient> call : calls) {
			clients.add(call.get(30, TimeUnit.SECONDS));
		}
		counts.record(this.endpoint.tokenRequests());
		return clients;
	}

}
