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

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * (6) A new subject's token saved into a full
 * {@link BoundedInMemoryOAuth2AuthorizedClientService} (so that every save evicts one),
 * at two sizes: the cost of a save must not grow with the store's size.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StoreInsertBenchmark {

	@Param({ "10000", "100000" })
	public int entries;

	private BoundedInMemoryOAuth2AuthorizedClientService store;

	private OAuth2AuthorizedClient client;

	private long next;

	@Setup
	public void fillStore() {
		ClientRegistration registration = ClientRegistration.withRegistrationId("salesforce")
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.clientId("benchmark")
			.tokenUri("https://login.salesforce.com/services/oauth2/token")
			.build();
		Instant now = Instant.now();
		this.client = new OAuth2AuthorizedClient(registration, "benchmark",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "00Dxx!token", now, now.plusSeconds(900)));
		this.store = new BoundedInMemoryOAuth2AuthorizedClientService(this.entries);
		while (this.next < this.entries) {
			insert();
		}
		Checks.state(this.store.size() == this.entries, "expected a full store, got " + this.store.size());
	}

	@Benchmark
	public void insertIntoFullStore() {
		insert();
	}

	private void insert() {
		this.store.saveAuthorizedClient(this.client, new TestingAuthenticationToken("subject-" + this.next++, ""));
	}

}
