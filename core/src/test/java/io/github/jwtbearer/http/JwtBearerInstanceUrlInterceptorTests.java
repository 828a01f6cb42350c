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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link JwtBearerInstanceUrlInterceptor}, in a RestClient without a base URL,
 * with Spring Security's {@link OAuth2ClientHttpRequestInterceptor} and a real manager,
 * against a {@link TestOrg}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerInstanceUrlInterceptorTests {

	private final TestOrg org = new TestOrg();

	// what reaches the end of the interceptor chain
	private final List<URI> sent = new CopyOnWriteArrayList<>();

	private final RestClient restClient = JwtBearerUnauthorizedRetryInterceptorTests
		.restClient(this.org, this.org.evictingFailureHandler())
		.mutate()
		.requestInterceptor(recordUri())
		.build();

	@AfterEach
	void close() {
		this.org.close();
	}

	@Test
	void relativeUriWhenRegistrationUsesInstanceUrlThenSentToInstanceUrl() {
		ResponseEntity<String> response = this.restClient.get()
			.uri("/services/data/v62.0/query?q={q}", "SELECT Id, Name FROM Account WHERE Name = 'A+B'")
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toEntity(String.class);
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
		this.restClient.get()
			.uri(URI.create("/services/apexrest/Account%2F42/caf%C3%A9?name=a%26b&x"))
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toBodilessEntity();
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getTarget())
				.isEqualTo("/services/apexrest/Account%2F42/caf%C3%A9?name=a%26b&x"));
	}

	@Test
	void relativeUriOfHttpServiceWithoutBaseUrlThenSentToInstanceUrl() {
		AccountsApi accounts = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(this.restClient))
			.httpRequestValuesProcessor(ClientRegistrationIdProcessor.DEFAULT_INSTANCE)
			.build()
			.createClient(AccountsApi.class);
		assertThat(accounts.account("001xx000003DGb2AAG", "Id,Name")).contains("totalSize");
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getTarget())
				.isEqualTo("/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG?fields=Id%2CName"));
	}

	@Test
	void relativeUriWhenRetriedAfter401ThenSentToInstanceUrlAgain() {
		query(TestOrg.SALESFORCE);
		this.org.revokeTokens();
		assertThat(query(TestOrg.SALESFORCE).getStatusCode()).isEqualTo(HttpStatus.OK);
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
			String answer = this.restClient.get()
				.uri(other.url("/services/data/v62.0/limits").toString())
				.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
				.retrieve()
				.body(String.class);
			assertThat(answer).isEqualTo("other");
			assertThat(other.getRequestCount()).isOne();
			assertThat(this.org.apiRequests()).isEmpty();
		}
	}

	@Test
	void relativeUriOfRegistrationWithoutInstanceUrlBaseUrlThenUntouched() {
		assertThatIllegalArgumentException().isThrownBy(() -> query(TestOrg.GENERIC));
		assertThat(this.sent).containsExactly(URI.create("/services/data/v62.0/limits"));
		assertThat(this.org.apiRequests()).isEmpty();
	}

	@Test
	void relativeUriWithoutClientRegistrationIdThenUntouched() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.restClient.get().uri("/services/data/v62.0/limits").retrieve().toBodilessEntity());
		assertThat(this.sent).containsExactly(URI.create("/services/data/v62.0/limits"));
		assertThat(this.org.tokenRequests()).isZero();
	}

	@Test
	void relativeUriWhenTokenResponseHasNoInstanceUrlThenFails() {
		this.org.omitInstanceUrl();
		assertThatIllegalStateException().isThrownBy(() -> query(TestOrg.SALESFORCE))
			.withMessageContaining("'salesforce'")
			.withMessageContaining("no instance_url")
			.withMessageNotContaining(this.org.issuedTokens().get(0));
		assertThat(this.sent).isEmpty();
	}

	@Test
	void relativeUriWhenManagerReturnsCopiesWithoutInstanceUrlThenFailsNamingTheStore() {
		// Spring Security's in-memory service hands out plain OAuth2AuthorizedClient
		// copies: the cached token has lost its instance_url
		InMemoryClientRegistrationRepository clientRegistrations = new InMemoryClientRegistrationRepository(
				this.org.registrations().findByRegistrationId(TestOrg.SALESFORCE).getClientRegistration());
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				clientRegistrations, new InMemoryOAuth2AuthorizedClientService(clientRegistrations));
		manager
			.setAuthorizedClientProvider(new SignedAssertionOAuth2AuthorizedClientProvider(this.org.registrations()));
		RestClient restClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(new OAuth2ClientHttpRequestInterceptor(manager))
			.requestInterceptor(new JwtBearerInstanceUrlInterceptor(manager, this.org.registrations()))
			.build();
		assertThatIllegalStateException()
			.isThrownBy(() -> restClient.get()
				.uri("/services/data/v62.0/limits")
				.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
				.retrieve()
				.toBodilessEntity())
			.withMessageContaining("plain OAuth2AuthorizedClient")
			.withMessageContaining("BoundedInMemoryOAuth2AuthorizedClientService");
		assertThat(this.org.apiRequests()).isEmpty();
	}

	private ResponseEntity<String> query(String registrationId) {
		return this.restClient.get()
			.uri("/services/data/v62.0/limits")
			.attributes(ClientAttributes.clientRegistrationId(registrationId))
			.retrieve()
			.toEntity(String.class);
	}

	private ClientHttpRequestInterceptor recordUri() {
		return (request, body, execution) -> {
			this.sent.add(request.getURI());
			return execution.execute(request, body);
		};
	}

	@HttpExchange("/services/data/v62.0")
	@ClientRegistrationId(TestOrg.SALESFORCE)
	interface AccountsApi {

		@GetExchange("/sobjects/Account/{id}")
		String account(@PathVariable String id, @RequestParam String fields);

	}

}
