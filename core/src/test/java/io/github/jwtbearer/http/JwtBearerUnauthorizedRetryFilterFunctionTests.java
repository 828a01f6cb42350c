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

package io.github.jwtbearer.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId;

/**
 * Tests for {@link JwtBearerUnauthorizedRetryFilterFunction}, in a WebClient with Spring
 * Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction} (our own
 * authorization filter in a subclass) and a real manager, against a {@link TestOrg}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerUnauthorizedRetryFilterFunctionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String QUERY_PATH = "/services/data/v62.0/query?q=SELECT+Id+FROM+Account";

	private final TestOrg org = new TestOrg();

	private final List<Failure> failures = new CopyOnWriteArrayList<>();

	// evicts through the manager, recording what it is told
	private final ReactiveOAuth2AuthorizationFailureHandler failureHandler = (exception, principal, attributes) -> Mono
		.fromRunnable(() -> this.failures.add(new Failure(exception, principal, attributes)))
		.then(this.org.reactiveEvictingFailureHandler().onAuthorizationFailure(exception, principal, attributes));

	private final WebClient webClient = createWebClient(this.org, this.failureHandler);

	@AfterEach
	void close() {
		this.org.close();
	}

	@Test
	void requestWhenApiRefusesTokenThenRetriesOnceWithNewToken() {
		assertThat(query().block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		this.org.revokeTokens();
		assertThat(query().block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.org.tokenRequests()).isEqualTo(2);
		List<String> tokens = this.org.issuedTokens();
		assertThat(this.org.apiRequests()).extracting((request) -> request.getHeaders().get("Authorization"))
			.containsExactly("Bearer " + tokens.get(0), "Bearer " + tokens.get(0), "Bearer " + tokens.get(1));
	}

	@Test
	void requestWhenApiRefusesNewTokenTooThenReturnsSecond401ToCaller() {
		this.org.refuseEveryToken();
		assertThatExceptionOfType(WebClientResponseException.Unauthorized.class)
			.isThrownBy(() -> query().block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains("INVALID_SESSION_ID"));
		assertThat(this.org.apiRequests()).hasSize(2);
		assertThat(this.org.tokenRequests()).isEqualTo(2);
		assertThat(this.failures).hasSize(1);
	}

	@Test
	void requestWhenApiRefusesNewTokenTooThenCallerCanReadSecond401() {
		this.org.refuseEveryToken();
		String answer = this.webClient.get()
			.uri(this.org.instanceUrl() + QUERY_PATH)
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.map((body) -> response.statusCode().value() + " " + body))
			.block(TIMEOUT);
		assertThat(answer).startsWith("401 ").contains("Session expired or invalid");
		assertThat(this.org.apiRequests()).hasSize(2);
	}

	@Test
	void postWithBodyValueWhenRetriedThenSendsSameBody() {
		query().block(TIMEOUT);
		this.org.revokeTokens();
		String body = "{\"Name\":\"Acme\",\"Description\":\"caf\u00e9 \u2615\"}";
		ResponseEntity<String> response = this.webClient.post()
			.uri(this.org.instanceUrl() + "/services/data/v62.0/sobjects/Account")
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.toEntity(String.class)
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertSentTwice(body);
	}

	@Test
	void postWithColdPublisherWhenRetriedThenSendsSameBody() {
		query().block(TIMEOUT);
		this.org.revokeTokens();
		ResponseEntity<String> response = this.webClient.post()
			.uri(this.org.instanceUrl() + "/services/data/v62.0/sobjects/Account")
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Flux.just("{\"Name\":", "\"Acme\"}"), String.class)
			.retrieve()
			.toEntity(String.class)
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertSentTwice("{\"Name\":\"Acme\"}");
	}

	private void assertSentTwice(String body) {
		List<RecordedRequest> posts = this.org.apiRequests().subList(1, 3);
		assertThat(posts).allSatisfy((post) -> {
			assertThat(post.getMethod()).isEqualTo("POST");
			assertThat(post.getHeaders().get("Content-Type")).isEqualTo("application/json");
			assertThat(post.getBody().utf8()).isEqualTo(body);
		});
	}

	@Test
	void requestWhenRetriedThenFailureHandlerIsToldInvalidTokenForAnonymousPrincipal() {
		query().block(TIMEOUT);
		String refused = this.org.issuedTokens().get(0);
		this.org.revokeTokens();
		query().block(TIMEOUT);
		assertThat(this.failures).singleElement().satisfies((failure) -> {
			assertThat(failure.exception()).isInstanceOf(ClientAuthorizationException.class);
			assertThat(((ClientAuthorizationException) failure.exception()).getClientRegistrationId())
				.isEqualTo(TestOrg.SALESFORCE);
			assertThat(failure.exception().getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_TOKEN);
			assertThat(failure.principal().getName()).isEqualTo("anonymousUser");
			assertThat(failure.attributes()).doesNotContainKey(ServerWebExchange.class.getName());
			OAuth2AccessToken rejected = JwtBearerRetryAttributes.rejectedAccessToken(failure.attributes());
			assertThat(rejected).isNotNull();
			assertThat(rejected.getTokenValue()).isEqualTo(refused);
		});
	}

	@Test
	void requestWhenRetriedThenFailureHandlerIsGivenReactiveSecurityContextPrincipal() {
		Authentication alice = new TestingAuthenticationToken("alice", null);
		query().contextWrite(ReactiveSecurityContextHolder.withAuthentication(alice)).block(TIMEOUT);
		this.org.revokeTokens();
		ResponseEntity<String> response = query().contextWrite(ReactiveSecurityContextHolder.withAuthentication(alice))
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.failures).singleElement()
			.satisfies((failure) -> assertThat(failure.principal()).isSameAs(alice));
		assertThat(this.org.tokenRequests()).isEqualTo(2);
	}

	@Test
	void requestWhenRetriedThenFailureHandlerIsGivenServerWebExchange() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/accounts"));
		this.org.refuseEveryToken();
		assertThatExceptionOfType(WebClientResponseException.Unauthorized.class).isThrownBy(() -> this.webClient.get()
			.uri(this.org.instanceUrl() + QUERY_PATH)
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.serverWebExchange(exchange))
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
		assertThat(this.failures).singleElement()
			.satisfies((failure) -> assertThat(failure.attributes()).containsEntry(ServerWebExchange.class.getName(),
					exchange));
	}

	@Test
	void requestWithoutClientRegistrationIdWhenApiAnswers401ThenNotRetried() {
		assertThatExceptionOfType(WebClientResponseException.Unauthorized.class).isThrownBy(() -> this.webClient.get()
			.uri(this.org.instanceUrl() + QUERY_PATH)
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getHeaders().get("Authorization")).isNull());
		assertThat(this.org.tokenRequests()).isZero();
		assertThat(this.failures).isEmpty();
	}

	@Test
	void requestWhenApiAnswers403ThenNotRetried() {
		assertThatExceptionOfType(WebClientResponseException.Forbidden.class).isThrownBy(() -> this.webClient.get()
			.uri(this.org.instanceUrl() + TestOrg.FORBIDDEN_PATH)
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
		assertThat(this.org.apiRequests()).hasSize(1);
		assertThat(this.org.tokenRequests()).isEqualTo(1);
		assertThat(this.failures).isEmpty();
	}

	private Mono<ResponseEntity<String>> query() {
		return this.webClient.get()
			.uri(this.org.instanceUrl() + QUERY_PATH)
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toEntity(String.class);
	}

	// JwtBearerAuthorizationFilterFunctionRetryTests runs the same tests with our own
	// authorization filter in place of Spring Security's
	WebClient createWebClient(TestOrg org, ReactiveOAuth2AuthorizationFailureHandler failureHandler) {
		return webClient(org, failureHandler);
	}

	// the WebClient as the starter wired it before it had an authorization filter of its
	// own: retry, Spring Security's filter, instance_url
	static WebClient webClient(TestOrg org, ReactiveOAuth2AuthorizationFailureHandler failureHandler) {
		ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2Filter = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				org.reactiveAuthorizedClientManager());
		JwtBearerUnauthorizedRetryFilterFunction retryFilter = new JwtBearerUnauthorizedRetryFilterFunction(
				failureHandler);
		JwtBearerInstanceUrlFilterFunction instanceUrlFilter = new JwtBearerInstanceUrlFilterFunction(
				org.reactiveAuthorizedClientManager(), org.registrations());
		return WebClient.builder()
			.filters(JwtBearerExchangeFilterFunctions.around(oauth2Filter, retryFilter, instanceUrlFilter))
			.build();
	}

	record Failure(OAuth2AuthorizationException exception, Authentication principal, Map<String, Object> attributes) {

	}

}
