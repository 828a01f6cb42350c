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

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId;

/**
 * Tests for {@link JwtBearerInstanceUrlFilterFunction}, in a WebClient without a base
 * URL, with Spring Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}
 * and a real manager, against a {@link TestOrg}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerInstanceUrlFilterFunctionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TestOrg org = new TestOrg();

	// what reaches the end of the filter chain
	private final List<URI> sent = new CopyOnWriteArrayList<>();

	private final WebClient webClient = createWebClient(this.org).mutate().filter(recordUrl()).build();

	@AfterEach
	void close() {
		this.org.close();
	}

	@Test
	void relativeUriWhenRegistrationUsesInstanceUrlThenSentToInstanceUrl() {
		ResponseEntity<String> response = this.webClient.get()
			.uri("/services/data/v62.0/query?q={q}", "SELECT Id, Name FROM Account WHERE Name = 'A+B'")
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toEntity(String.class)
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getTarget()).isEqualTo(
					"/services/data/v62.0/query?q=SELECT%20Id%2C%20Name%20FROM%20Account%20WHERE%20Name%20%3D%20%27A%2BB%27"));
		assertThat(this.org.loginServerRequests()).isEqualTo(this.org.tokenRequests()).isEqualTo(1);
		assertThat(this.sent).singleElement()
			.satisfies((uri) -> assertThat(uri.toString()).startsWith(this.org.instanceUrl() + "/services/"));
	}

	@Test
	void relativeUriWithEncodedPathWhenRegistrationUsesInstanceUrlThenKeepsEncoding() {
		this.webClient.get()
			.uri(URI.create("/services/apexrest/Account%2F42/caf%C3%A9?name=a%26b&x"))
			.attributes(clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getTarget())
				.isEqualTo("/services/apexrest/Account%2F42/caf%C3%A9?name=a%26b&x"));
	}

	@Test
	void relativeUriOfHttpServiceWithoutBaseUrlThenSentToInstanceUrl() {
		AccountsApi accounts = HttpServiceProxyFactory.builderFor(WebClientAdapter.create(this.webClient))
			.httpRequestValuesProcessor(ClientRegistrationIdProcessor.DEFAULT_INSTANCE)
			.build()
			.createClient(AccountsApi.class);
		assertThat(accounts.account("001xx000003DGb2AAG", "Id,Name").block(TIMEOUT)).contains("totalSize");
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getTarget())
				.isEqualTo("/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG?fields=Id%2CName"));
	}

	@Test
	void relativeUriWhenRetriedAfter401ThenSentToInstanceUrlAgain() {
		query(TestOrg.SALESFORCE).block(TIMEOUT);
		this.org.revokeTokens();
		assertThat(query(TestOrg.SALESFORCE).block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.org.apiRequests()).hasSize(3);
		assertThat(this.org.tokenRequests()).isEqualTo(2);
		assertThat(this.sent).hasSize(3)
			.allSatisfy((uri) -> assertThat(uri.toString()).startsWith(this.org.instanceUrl() + "/services/"));
	}

	@Test
	void absoluteUriThenUntouched() throws IOException {
		try (MockWebServer other = new MockWebServer()) {
			other.enqueue(new MockResponse.Builder().code(200).body("other").build());
			other.start(InetAddress.getLoopbackAddress(), 0);
			String answer = this.webClient.get()
				.uri(other.url("/services/data/v62.0/limits").toString())
				.attributes(clientRegistrationId(TestOrg.SALESFORCE))
				.retrieve()
				.bodyToMono(String.class)
				.block(TIMEOUT);
			assertThat(answer).isEqualTo("other");
			assertThat(other.getRequestCount()).isOne();
			assertThat(this.org.apiRequests()).isEmpty();
		}
	}

	@Test
	void relativeUriOfRegistrationWithoutInstanceUrlBaseUrlThenUntouched() {
		ResponseEntity<String> response = this.webClient.mutate()
			.filter(notSendingRelativeUrls())
			.build()
			.get()
			.uri("/services/data/v62.0/limits")
			.attributes(clientRegistrationId(TestOrg.GENERIC))
			.exchangeToMono((answer) -> answer.toEntity(String.class))
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_IMPLEMENTED);
		assertThat(this.sent).containsExactly(URI.create("/services/data/v62.0/limits"));
		assertThat(this.org.apiRequests()).isEmpty();
	}

	@Test
	void relativeUriWithoutClientRegistrationIdThenUntouched() {
		ResponseEntity<String> response = this.webClient.mutate()
			.filter(notSendingRelativeUrls())
			.build()
			.get()
			.uri("/services/data/v62.0/limits")
			.exchangeToMono((answer) -> answer.toEntity(String.class))
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_IMPLEMENTED);
		assertThat(this.sent).containsExactly(URI.create("/services/data/v62.0/limits"));
		assertThat(this.org.tokenRequests()).isZero();
	}

	@Test
	void relativeUriWhenTokenResponseHasNoInstanceUrlThenFails() {
		this.org.omitInstanceUrl();
		assertThatIllegalStateException().isThrownBy(() -> query(TestOrg.SALESFORCE).block(TIMEOUT))
			.withMessageContaining("'salesforce'")
			.withMessageContaining("no instance_url")
			.withMessageNotContaining(this.org.issuedTokens().get(0));
		assertThat(this.sent).isEmpty();
	}

	// JwtBearerAuthorizationFilterFunctionInstanceUrlTests runs the same tests with our
	// own authorization filter, which resolves instance_url itself
	WebClient createWebClient(TestOrg org) {
		return JwtBearerUnauthorizedRetryFilterFunctionTests.webClient(org, org.reactiveEvictingFailureHandler());
	}

	private Mono<ResponseEntity<String>> query(String registrationId) {
		return this.webClient.get()
			.uri("/services/data/v62.0/limits")
			.attributes(clientRegistrationId(registrationId))
			.retrieve()
			.toEntity(String.class);
	}

	private ExchangeFilterFunction recordUrl() {
		return (request, next) -> {
			this.sent.add(request.url());
			return next.exchange(request);
		};
	}

	// Reactor Netty sends a relative URL to localhost:80: keep such requests off the
	// network
	private static ExchangeFilterFunction notSendingRelativeUrls() {
		return (request, next) -> InstanceUrls.isRelative(request.url())
				? Mono.just(ClientResponse.create(HttpStatus.NOT_IMPLEMENTED).build()) : next.exchange(request);
	}

	@HttpExchange("/services/data/v62.0")
	@ClientRegistrationId(TestOrg.SALESFORCE)
	interface AccountsApi {

		@GetExchange("/sobjects/Account/{id}")
		Mono<String> account(@PathVariable String id, @RequestParam String fields);

	}

}
