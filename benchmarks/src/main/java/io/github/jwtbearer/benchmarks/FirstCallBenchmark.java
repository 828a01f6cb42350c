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

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;

import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.http.JwtBearerRequestInterceptors;
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

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.web.client.RestClient;

/**
 * (8) The first call of an application that has just started: a RestClient GET to a
 * loopback API with the starter's interceptors and a new manager, its cache empty
 * ({@code withoutPrefetch}: the call waits for an assertion and a token request) or
 * holding the token that {@code prefetch-on-startup} obtains in the background before the
 * first call ({@code withPrefetch}, emulated by an {@code authorize()} outside the timed
 * call). One call per JMH single shot, a new manager before each.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 40)
@Fork(1)
@State(Scope.Benchmark)
public class FirstCallBenchmark {

	private ApiEndpoint api;

	private TokenEndpoint tokens;

	private InMemoryJwtBearerRegistrationRepository registrations;

	private JdkClientHttpRequestFactory requestFactory;

	private RestClient restClient;

	@Setup(Level.Trial)
	public void startServers() {
		this.api = new ApiEndpoint();
		this.tokens = TokenEndpoint.withExpiresIn();
		this.registrations = new InMemoryJwtBearerRegistrationRepository(Managers.registration(Managers.REGISTRATION_ID,
				this.tokens.tokenUri(), SignatureAlgorithm.RS256, false));
		this.requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
	}

	@TearDown(Level.Trial)
	public void closeServers() {
		this.tokens.close();
		this.api.close();
	}

	@Benchmark
	public String withoutPrefetch(Started started) {
		return call();
	}

	@Benchmark
	public String withPrefetch(Started started, Prefetched prefetched) {
		return call();
	}

	private String call() {
		String body = this.restClient.get()
			.uri(this.api.uri())
			.attributes(ClientAttributes.clientRegistrationId(Managers.REGISTRATION_ID))
			.retrieve()
			.body(String.class);
		Checks.state(body != null, "no response body");
		return body;
	}

	@State(Scope.Benchmark)
	public static class Started {

		JwtBearerOAuth2AuthorizedClientManager manager;

		@Setup(Level.Invocation)
		public void start(FirstCallBenchmark benchmark) {
			this.manager = Managers.ours(benchmark.registrations);
			benchmark.restClient = RestClient.builder()
				.requestFactory(benchmark.requestFactory)
				.requestInterceptors(
						JwtBearerRequestInterceptors.around(new OAuth2ClientHttpRequestInterceptor(this.manager),
								this.manager, benchmark.registrations, this.manager.authorizationFailureHandler()))
				.build();
		}

	}

	@State(Scope.Benchmark)
	public static class Prefetched {

		private static final OAuth2AuthorizeRequest REQUEST = Managers.request("anonymousUser");

		@Setup(Level.Invocation)
		public void prefetch(Started started) {
			Checks.state(started.manager.authorize(REQUEST) != null, "no token prefetched");
		}

	}

}
