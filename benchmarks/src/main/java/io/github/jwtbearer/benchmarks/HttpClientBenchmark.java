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
import java.util.function.Supplier;

import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.http.JwtBearerExchangeFilterFunctions;
import io.github.jwtbearer.http.JwtBearerRequestInterceptors;
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
import reactor.core.publisher.Mono;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * (5) A GET to a loopback API through RestClient and WebClient with the starter's
 * interceptors or filters sending our cached token, each call timed beside a call of the
 * floor, one of each in turn: the same client, transport and request with no
 * authorization at all.
 * <ul>
 * <li>{@code ...WithToken}: registration {@code api}, called by absolute URL, beside the
 * same URL without authorization.</li>
 * <li>{@code ...WithTokenAtInstanceUrl}: registration {@code salesforce}, called by a
 * relative URL that goes to the token's {@code instance_url}, beside the same relative
 * URL on a client whose base URL is that of the API.</li>
 * <li>{@code ...WithSpringSecurityOnly}: Spring Security's interceptor or filter alone,
 * with our manager behind it, to tell its cost from ours.</li>
 * <li>{@code webClientWithToken...BesideSpringSecurity}: the starter's WebClient filters
 * beside what it added before it had an authorization filter of its own: the 401 retry
 * and the {@code instance_url} resolution around Spring Security's filter.</li>
 * <li>{@code webClientNoAuthorizationBesideItself}: the floor beside itself, an A/A check
 * of how closely a pair compares.</li>
 * </ul>
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HttpClientBenchmark {

	private static final String API = "api";

	private static final String SALESFORCE = Managers.REGISTRATION_ID;

	private ApiEndpoint api;

	private TokenEndpoint tokens;

	private RestClient restClient;

	private RestClient restClientWithBaseUrl;

	private RestClient restClientWithToken;

	private RestClient restClientWithSpringSecurityOnly;

	private WebClient webClient;

	private WebClient webClientWithBaseUrl;

	private WebClient webClientWithToken;

	private WebClient webClientWithSpringSecurityOnly;

	private WebClient webClientWithSpringSecurityAround;

	@Setup
	public void createClients() {
		this.api = new ApiEndpoint();
		this.tokens = TokenEndpoint.salesforce().instanceUrl(this.api.baseUri());
		InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
				Managers.registration(API, this.tokens.tokenUri(), SignatureAlgorithm.RS256, false),
				Managers.registration(SALESFORCE, this.tokens.tokenUri(), SignatureAlgorithm.RS256, true));
		// one store for both managers, as the starter has
		BoundedInMemoryOAuth2AuthorizedClientService store = new BoundedInMemoryOAuth2AuthorizedClientService(
				Managers.DEFAULT_STORE_SIZE);
		JwtBearerOAuth2AuthorizedClientManager manager = new JwtBearerOAuth2AuthorizedClientManager(registrations,
				store, new SignedAssertionOAuth2AuthorizedClientProvider(registrations), (authorizeRequest) -> null);
		JwtBearerReactiveOAuth2AuthorizedClientManager reactiveManager = new JwtBearerReactiveOAuth2AuthorizedClientManager(
				registrations, store.reactive(),
				new SignedAssertionReactiveOAuth2AuthorizedClientProvider(registrations),
				(authorizeRequest) -> Mono.empty());
		createRestClients(manager, registrations);
		createWebClients(reactiveManager, registrations);
		checkAuthorization(this::restClientCall, null);
		checkAuthorization(this::restClientCallToBaseUrl, null);
		checkAuthorization(this::restClientCallWithToken, "Bearer ");
		checkAuthorization(this::restClientCallAtInstanceUrl, "Bearer ");
		checkAuthorization(this::restClientCallWithSpringSecurityOnly, "Bearer ");
		checkAuthorization(this::webClientCall, null);
		checkAuthorization(this::webClientCallToBaseUrl, null);
		checkAuthorization(this::webClientCallWithToken, "Bearer ");
		checkAuthorization(this::webClientCallAtInstanceUrl, "Bearer ");
		checkAuthorization(this::webClientCallWithSpringSecurityOnly, "Bearer ");
		checkAuthorization(this::webClientCallWithSpringSecurityAround, "Bearer ");
		checkAuthorization(this::webClientCallAtInstanceUrlWithSpringSecurityAround, "Bearer ");
		Checks.state(this.tokens.tokenRequests() == 2,
				"expected one token request per registration, got " + this.tokens.tokenRequests());
	}

	private void createRestClients(JwtBearerOAuth2AuthorizedClientManager manager,
			InMemoryJwtBearerRegistrationRepository registrations) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		this.restClient = RestClient.builder().requestFactory(requestFactory).build();
		this.restClientWithBaseUrl = RestClient.builder()
			.requestFactory(requestFactory)
			.baseUrl(this.api.baseUri())
			.build();
		RestClient.Builder withToken = RestClient.builder().requestFactory(requestFactory);
		// what the starter's RestClient customizer adds; no 401 comes: the failure
		// handler is never called
		withToken
			.requestInterceptors(JwtBearerRequestInterceptors.around(new OAuth2ClientHttpRequestInterceptor(manager),
					manager, registrations, manager.authorizationFailureHandler()));
		this.restClientWithToken = withToken.build();
		this.restClientWithSpringSecurityOnly = RestClient.builder()
			.requestFactory(requestFactory)
			.requestInterceptor(new OAuth2ClientHttpRequestInterceptor(manager))
			.build();
	}

	private void createWebClients(JwtBearerReactiveOAuth2AuthorizedClientManager manager,
			InMemoryJwtBearerRegistrationRepository registrations) {
		ReactorClientHttpConnector connector = new ReactorClientHttpConnector();
		this.webClient = WebClient.builder().clientConnector(connector).build();
		this.webClientWithBaseUrl = WebClient.builder()
			.clientConnector(connector)
			.baseUrl(this.api.baseUri().toString())
			.build();
		// what the starter's WebClient customizer adds; no 401 comes: the failure handler
		// is never called
		this.webClientWithToken = WebClient.builder()
			.clientConnector(connector)
			.filters(JwtBearerExchangeFilterFunctions.filters(manager, registrations,
					manager.authorizationFailureHandler()))
			.build();
		// what the starter added before it had a filter of its own
		this.webClientWithSpringSecurityAround = WebClient.builder()
			.clientConnector(connector)
			.filters(JwtBearerExchangeFilterFunctions.around(
					new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager), manager, registrations,
					manager.authorizationFailureHandler()))
			.build();
		this.webClientWithSpringSecurityOnly = WebClient.builder()
			.clientConnector(connector)
			.filter(new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager))
			.build();
	}

	private void checkAuthorization(Supplier<String> call, String prefix) {
		this.api.takeLastAuthorization();
		Checks.state(call.get() != null, "no response body");
		String authorization = this.api.takeLastAuthorization();
		Checks.state(
				(prefix != null) ? authorization != null && authorization.startsWith(prefix) : authorization == null,
				"unexpected Authorization header: " + authorization);
	}

	@TearDown
	public void closeServers() {
		this.tokens.close();
		this.api.close();
	}

	@Benchmark
	public void restClientWithToken(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(restClientCallWithToken()), () -> blackhole.consume(restClientCall()), 1);
	}

	@Benchmark
	public void restClientWithSpringSecurityOnly(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(restClientCallWithSpringSecurityOnly()),
				() -> blackhole.consume(restClientCall()), 1);
	}

	@Benchmark
	public void restClientWithTokenAtInstanceUrl(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(restClientCallAtInstanceUrl()),
				() -> blackhole.consume(restClientCallToBaseUrl()), 1);
	}

	@Benchmark
	public void webClientWithToken(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(webClientCallWithToken()), () -> blackhole.consume(webClientCall()), 1);
	}

	@Benchmark
	public void webClientWithSpringSecurityOnly(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(webClientCallWithSpringSecurityOnly()),
				() -> blackhole.consume(webClientCall()), 1);
	}

	@Benchmark
	public void webClientWithTokenAtInstanceUrl(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(webClientCallAtInstanceUrl()),
				() -> blackhole.consume(webClientCallToBaseUrl()), 1);
	}

	@Benchmark
	public void webClientWithTokenBesideSpringSecurity(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(webClientCallWithToken()),
				() -> blackhole.consume(webClientCallWithSpringSecurityAround()), 1);
	}

	@Benchmark
	public void webClientWithTokenAtInstanceUrlBesideSpringSecurity(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(webClientCallAtInstanceUrl()),
				() -> blackhole.consume(webClientCallAtInstanceUrlWithSpringSecurityAround()), 1);
	}

	@Benchmark
	public void webClientNoAuthorizationBesideItself(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(webClientCall()), () -> blackhole.consume(webClientCall()), 1);
	}

	private String restClientCall() {
		return this.restClient.get().uri(this.api.uri()).retrieve().body(String.class);
	}

	private String restClientCallToBaseUrl() {
		return this.restClientWithBaseUrl.get().uri(ApiEndpoint.PATH).retrieve().body(String.class);
	}

	private String restClientCallWithToken() {
		return this.restClientWithToken.get()
			.uri(this.api.uri())
			.attributes(ClientAttributes.clientRegistrationId(API))
			.retrieve()
			.body(String.class);
	}

	private String restClientCallAtInstanceUrl() {
		return this.restClientWithToken.get()
			.uri(ApiEndpoint.PATH)
			.attributes(ClientAttributes.clientRegistrationId(SALESFORCE))
			.retrieve()
			.body(String.class);
	}

	private String restClientCallWithSpringSecurityOnly() {
		return this.restClientWithSpringSecurityOnly.get()
			.uri(this.api.uri())
			.attributes(ClientAttributes.clientRegistrationId(API))
			.retrieve()
			.body(String.class);
	}

	private String webClientCall() {
		return this.webClient.get().uri(this.api.uri()).retrieve().bodyToMono(String.class).block();
	}

	private String webClientCallToBaseUrl() {
		return this.webClientWithBaseUrl.get().uri(ApiEndpoint.PATH).retrieve().bodyToMono(String.class).block();
	}

	private String webClientCallWithToken() {
		return this.webClientWithToken.get()
			.uri(this.api.uri())
			.attributes(ClientAttributes.clientRegistrationId(API))
			.retrieve()
			.bodyToMono(String.class)
			.block();
	}

	private String webClientCallAtInstanceUrl() {
		return this.webClientWithToken.get()
			.uri(ApiEndpoint.PATH)
			.attributes(ClientAttributes.clientRegistrationId(SALESFORCE))
			.retrieve()
			.bodyToMono(String.class)
			.block();
	}

	private String webClientCallWithSpringSecurityAround() {
		return this.webClientWithSpringSecurityAround.get()
			.uri(this.api.uri())
			.attributes(ClientAttributes.clientRegistrationId(API))
			.retrieve()
			.bodyToMono(String.class)
			.block();
	}

	private String webClientCallAtInstanceUrlWithSpringSecurityAround() {
		return this.webClientWithSpringSecurityAround.get()
			.uri(ApiEndpoint.PATH)
			.attributes(ClientAttributes.clientRegistrationId(SALESFORCE))
			.retrieve()
			.bodyToMono(String.class)
			.block();
	}

	private String webClientCallWithSpringSecurityOnly() {
		return this.webClientWithSpringSecurityOnly.get()
			.uri(this.api.uri())
			.attributes(ClientAttributes.clientRegistrationId(API))
			.retrieve()
			.bodyToMono(String.class)
			.block();
	}

}
