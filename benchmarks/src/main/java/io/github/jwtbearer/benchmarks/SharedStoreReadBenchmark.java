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
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.SharedTokenStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * (8) Reads on the shared token store, with Redis running: {@code authorize()} through
 * the manager when the token is in the replica's near cache, beside the same call on the
 * memory store, timed side by side; and a token read from the store by a replica that
 * lacks it (its near cache empty, the token in Redis): one {@code GET}, the decryption
 * and the decoding of the stored token.
 *
 * @author JWT Bearer for Spring contributors
 */
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SharedStoreReadBenchmark {

	// calls timed at once: a call takes about as long as reading the clock
	private static final int BATCH = 100;

	private final OAuth2AuthorizeRequest request = Managers.request("anonymousUser");

	private RedisProcess redis;

	private TokenEndpoint endpoint;

	private InMemoryJwtBearerRegistrationRepository registrations;

	private SharedReplica shared;

	private OAuth2AuthorizedClientManager memory;

	@Setup
	public void obtainTokens() {
		this.redis = RedisProcess.start();
		this.endpoint = TokenEndpoint.withExpiresIn();
		this.registrations = new InMemoryJwtBearerRegistrationRepository(Managers.registration(Managers.REGISTRATION_ID,
				this.endpoint.tokenUri(), SignatureAlgorithm.RS256, false));
		this.shared = new SharedReplica(this.redis, this.registrations);
		this.memory = Managers.ours(this.endpoint.tokenUri());
		for (int i = 0; i < 3; i++) {
			this.shared.manager.authorize(this.request);
			this.memory.authorize(this.request);
		}
		Checks.state(this.endpoint.tokenRequests() == 2,
				"expected one token request per manager, got " + this.endpoint.tokenRequests());
		Checks.state(new Replica().read(this) != null, "the token is not in Redis");
	}

	@TearDown
	public void stop() {
		this.shared.close();
		this.endpoint.close();
		this.redis.close();
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public void nearCacheBesideMemory(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> authorizeShared(blackhole), () -> authorizeMemory(blackhole), BATCH);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public OAuth2AuthorizedClient readFromStore(Replica replica) {
		return replica.read(this);
	}

	// a call site each, so that each sees one manager
	private void authorizeShared(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.shared.manager.authorize(this.request));
		}
	}

	private void authorizeMemory(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.memory.authorize(this.request));
		}
	}

	/**
	 * A replica that lacks the token: a new shared service, its near cache empty, on the
	 * same Redis connection, made before each read and not timed.
	 */
	@State(Scope.Thread)
	public static class Replica {

		private SharedOAuth2AuthorizedClientService service;

		@Setup(Level.Invocation)
		public void emptyNearCache(SharedStoreReadBenchmark benchmark) {
			this.service = new SharedOAuth2AuthorizedClientService(new UnlistenedStore(benchmark.shared.store),
					benchmark.registrations, SharedReplica.ENCRYPTION_KEY, SharedReplica.NEAR_CACHE_SIZE);
		}

		OAuth2AuthorizedClient read(SharedStoreReadBenchmark benchmark) {
			if (this.service == null) {
				emptyNearCache(benchmark);
			}
			return this.service.loadAuthorizedClient(Managers.REGISTRATION_ID, Managers.SUBJECT);
		}

	}

	// the store, without the subscription to removals that each new service would add
	private record UnlistenedStore(SharedTokenStore store) implements SharedTokenStore {

		@Override
		public byte[] get(String key) {
			return this.store.get(key);
		}

		@Override
		public void put(String key, byte[] value, Instant expiresAt) {
			this.store.put(key, value, expiresAt);
		}

		@Override
		public boolean remove(String key, byte[] expected) {
			return this.store.remove(key, expected);
		}

		@Override
		public boolean tryAcquireLease(String key, String owner, Duration timeout) {
			return this.store.tryAcquireLease(key, owner, timeout);
		}

		@Override
		public void releaseLease(String key, String owner) {
			this.store.releaseLease(key, owner);
		}

		@Override
		public void addRemovalListener(Consumer<String> listener) {
		}

	}

}
