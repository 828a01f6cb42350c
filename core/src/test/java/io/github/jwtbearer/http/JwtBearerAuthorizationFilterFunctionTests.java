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
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerAuthorizationFilterFunction}, in a WebClient as the starter
 * wires it ({@link JwtBearerExchangeFilterFunctions#filters}), with a real manager,
 * against a {@link TestOrg}. The 401 retry and {@code instance_url} tests run with it in
 * {@link JwtBearerAuthorizationFilterFunctionRetryTests} and
 * {@link JwtBearerAuthorizationFilterFunctionInstanceUrlTests}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerAuthorizationFilterFunctionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String LIMITS_PATH = "/services/data/v62.0/limits";

	private static final String OTHER = "other";

	private final TestOrg org = new TestOrg();

	// every request the manager is asked, before it answers
	private final List<OAuth2AuthorizeRequest> authorizeRequests = new CopyOnWriteArrayList<>();

	// JWT bearer registrations to the starter's manager, another registration to a
	// manager of its own, as the starter's manager delegates
	private final ReactiveOAuth2AuthorizedClientManager manager = (authorizeRequest) -> {
		this.authorizeRequests.add(authorizeRequest);
		if (OTHER.equals(authorizeRequest.getClientRegistrationId())) {
			return Mono.just(otherAuthorizedClient(authorizeRequest.getPrincipal()));
		}
		return this.org.reactiveAuthorizedClientManager().authorize(authorizeRequest);
	};

	private final WebClient webClient = WebClient.builder()
		.filters(JwtBearerExchangeFilterFunctions.filters(this.manager, this.org.registrations(),
				this.org.reactiveEvictingFailureHandler()))
		.build();

	@AfterEach
	void close() {
		this.org.close();
	}

	@Test
	void requestWithClientRegistrationIdThenSendsCachedTokenAskingManagerOncePerRequest() {
		get(this.org.instanceUrl() + LIMITS_PATH, TestOrg.GENERIC).block(TIMEOUT);
		get(this.org.instanceUrl() + LIMITS_PATH, TestOrg.GENERIC).block(TIMEOUT);
		assertThat(this.org.tokenRequests()).isOne();
		assertThat(this.authorizeRequests).hasSize(2);
		assertThat(this.org.apiRequests()).extracting((request) -> request.getHeaders().get("Authorization"))
			.containsExactly("Bearer " + this.org.issuedTokens().get(0), "Bearer " + this.org.issuedTokens().get(0));
	}

	@Test
	void relativeUriAtInstanceUrlThenAsksManagerOncePerRequest() {
		get(LIMITS_PATH, TestOrg.SALESFORCE).block(TIMEOUT);
		assertThat(this.authorizeRequests).hasSize(1);
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getTarget()).isEqualTo(LIMITS_PATH));
	}

	@Test
	void requestWithClientAttributesClientRegistrationIdThenSendsToken() {
		this.webClient.get()
			.uri(this.org.instanceUrl() + LIMITS_PATH)
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.GENERIC))
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getHeaders().get("Authorization"))
				.isEqualTo("Bearer " + this.org.issuedTokens().get(0)));
	}

	@Test
	void requestOfHttpServiceWithClientRegistrationIdThenSendsToken() {
		LimitsApi limits = HttpServiceProxyFactory.builderFor(WebClientAdapter.create(this.webClient))
			.httpRequestValuesProcessor(ClientRegistrationIdProcessor.DEFAULT_INSTANCE)
			.build()
			.createClient(LimitsApi.class);
		assertThat(limits.limits().block(TIMEOUT)).contains("totalSize");
		assertThat(this.org.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.getTarget()).isEqualTo(LIMITS_PATH);
			assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + this.org.issuedTokens().get(0));
		});
	}

	@Test
	void requestWithoutSecurityContextThenManagerIsGivenAnonymousPrincipal() {
		get(this.org.instanceUrl() + LIMITS_PATH, TestOrg.GENERIC).block(TIMEOUT);
		assertThat(this.authorizeRequests).singleElement().satisfies((authorizeRequest) -> {
			assertThat(authorizeRequest.getPrincipal().getName()).isEqualTo("anonymousUser");
			assertThat(authorizeRequest.getAttributes()).doesNotContainKey(ServerWebExchange.class.getName());
		});
	}

	@Test
	void requestWhenSecurityContextHasPrincipalThenManagerIsGivenIt() {
		Authentication alice = new TestingAuthenticationToken("alice", null);
		get(this.org.instanceUrl() + LIMITS_PATH, TestOrg.GENERIC)
			.contextWrite(ReactiveSecurityContextHolder.withAuthentication(alice))
			.block(TIMEOUT);
		assertThat(this.authorizeRequests).singleElement()
			.satisfies((authorizeRequest) -> assertThat(authorizeRequest.getPrincipal()).isSameAs(alice));
	}

	@Test
	void requestWhenServerWebExchangeAttributeThenManagerIsGivenIt() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/accounts"));
		this.webClient.get()
			.uri(this.org.instanceUrl() + LIMITS_PATH)
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId(TestOrg.GENERIC))
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.serverWebExchange(exchange))
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(this.authorizeRequests).singleElement()
			.satisfies((authorizeRequest) -> assertThat(authorizeRequest.getAttributes())
				.containsEntry(ServerWebExchange.class.getName(), exchange));
	}

	@Test
	void requestWhenServerWebExchangeInReactorContextThenManagerIsGivenIt() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/accounts"));
		get(this.org.instanceUrl() + LIMITS_PATH, TestOrg.GENERIC)
			.contextWrite((context) -> context.put(ServerWebExchange.class, exchange))
			.block(TIMEOUT);
		assertThat(this.authorizeRequests).singleElement()
			.satisfies((authorizeRequest) -> assertThat(authorizeRequest.getAttributes())
				.containsEntry(ServerWebExchange.class.getName(), exchange));
	}

	@Test
	void requestOfOtherRegistrationThenSpringSecurityFilterSendsItsToken() {
		get(this.org.instanceUrl() + LIMITS_PATH, OTHER)
			.contextWrite(
					ReactiveSecurityContextHolder.withAuthentication(new TestingAuthenticationToken("alice", null)))
			.onErrorResume((ex) -> Mono.empty())
			.block(TIMEOUT);
		// the API knows no such token: the 401 retry sends it once more
		assertThat(this.org.apiRequests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeaders().get("Authorization"))
				.isEqualTo("Bearer other-token-of-alice"));
		assertThat(this.authorizeRequests).isNotEmpty()
			.allSatisfy((authorizeRequest) -> assertThat(authorizeRequest.getClientRegistrationId()).isEqualTo(OTHER));
		assertThat(this.org.tokenRequests()).isZero();
	}

	@Test
	void requestWithoutClientRegistrationIdThenSentWithoutToken() {
		this.webClient.get()
			.uri(this.org.instanceUrl() + LIMITS_PATH)
			.retrieve()
			.toBodilessEntity()
			.onErrorResume((ex) -> Mono.empty())
			.block(TIMEOUT);
		assertThat(this.org.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getHeaders().get("Authorization")).isNull());
		assertThat(this.authorizeRequests).isEmpty();
	}

	private Mono<ResponseEntity<String>> get(String uri, String registrationId) {
		return this.webClient.get()
			.uri(uri)
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId(registrationId))
			.retrieve()
			.toEntity(String.class);
	}

	private static OAuth2AuthorizedClient otherAuthorizedClient(Authentication principal) {
		ClientRegistration registration = ClientRegistration.withRegistrationId(OTHER)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientId("other")
			.tokenUri("https://other.example.com/token")
			.build();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				"other-token-of-" + principal.getName(), null, null);
		return new OAuth2AuthorizedClient(registration, principal.getName(), token);
	}

	// the WebClient as the starter wires it: retry, our authorization filter
	static WebClient webClient(TestOrg org, ReactiveOAuth2AuthorizationFailureHandler failureHandler) {
		return WebClient.builder()
			.filters(JwtBearerExchangeFilterFunctions.filters(org.reactiveAuthorizedClientManager(),
					org.registrations(), failureHandler))
			.build();
	}

	@ClientRegistrationId(TestOrg.SALESFORCE)
	interface LimitsApi {

		@GetExchange(LIMITS_PATH)
		Mono<String> limits();

	}

}
