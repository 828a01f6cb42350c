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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtBearerUnauthorizedRetryInterceptor}, in a RestClient with Spring
 * Security's {@link OAuth2ClientHttpRequestInterceptor} and a real manager, against a
 * {@link TestOrg}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerUnauthorizedRetryInterceptorTests {

	private static final String QUERY_PATH = "/services/data/v62.0/query?q=SELECT+Id+FROM+Account";

	private final TestOrg org = new TestOrg();

	private final List<Failure> failures = new CopyOnWriteArrayList<>();

	// evicts through the manager, recording what it is told
	private final OAuth2AuthorizationFailureHandler failureHandler = (exception, principal, attributes) -> {
		this.failures.add(new Failure(exception, principal, attributes));
		this.org.evictingFailureHandler().onAuthorizationFailure(exception, principal, attributes);
	};

	private final RestClient restClient = restClient(this.org, this.failureHandler);

	@AfterEach
	void close() {
		SecurityContextHolder.clearContext();
		RequestContextHolder.resetRequestAttributes();
		this.org.close();
	}

	@Test
	void requestWhenApiRefusesTokenThenRetriesOnceWithNewToken() {
		assertThat(query().getStatusCode()).isEqualTo(HttpStatus.OK);
		this.org.revokeTokens();
		ResponseEntity<String> response = query();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.org.tokenRequests()).isEqualTo(2);
		List<String> tokens = this.org.issuedTokens();
		assertThat(this.org.apiRequests()).extracting((request) -> request.getHeaders().get("Authorization"))
			.containsExactly("Bearer " + tokens.get(0), "Bearer " + tokens.get(0), "Bearer " + tokens.get(1));
	}

	@Test
	void requestWhenApiRefusesNewTokenTooThenReturnsSecond401ToCaller() {
		this.org.refuseEveryToken();
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(this::query)
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains("INVALID_SESSION_ID"));
		assertThat(this.org.apiRequests()).hasSize(2);
		assertThat(this.org.tokenRequests()).isEqualTo(2);
		assertThat(this.failures).hasSize(1);
	}

	@Test
	void requestWhenApiRefusesNewTokenTooThenCallerCanReadSecond401() {
		this.org.refuseEveryToken();
		String answer = this.restClient.get()
			.uri(this.org.instanceUrl() + QUERY_PATH)
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
			.exchange((request, response) -> response.getStatusCode().value() + " "
					+ new String(response.getBody().readAllBytes()));
		assertThat(answer).startsWith("401 ").contains("Session expired or invalid");
		assertThat(this.org.apiRequests()).hasSize(2);
	}

	@Test
	void postWhenRetriedThenSendsSameBody() {
		query();
		this.org.revokeTokens();
		String body = "{\"Name\":\"Acme\",\"Description\":\"caf\u00e9 \u2615\"}";
		ResponseEntity<String> response = this.restClient.post()
			.uri(this.org.instanceUrl() + "/services/data/v62.0/sobjects/Account")
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		List<RecordedRequest> posts = this.org.apiRequests().subList(1, 3);
		assertThat(posts).allSatisfy((post) -> {
			assertThat(post.getMethod()).isEqualTo("POST");
			assertThat(post.getHeaders().get("Content-Type")).isEqualTo("application/json");
			assertThat(post.getBody().utf8()).isEqualTo(body);
		});
	}

	@Test
	void requestWhenRetriedThenFailureHandlerIsToldInvalidTokenForAnonymousPrincipal() {
		query();
		String refused = this.org.issuedTokens().get(0);
		this.org.revokeTokens();
		query();
		assertThat(this.failures).singleElement().satisfies((failure) -> {
			assertThat(failure.exception()).isInstanceOf(ClientAuthorizationException.class);
			assertThat(((ClientAuthorizationException) failure.exception()).getClientRegistrationId())
				.isEqualTo(TestOrg.SALESFORCE);
			assertThat(failure.exception().getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_TOKEN);
			assertThat(failure.principal().getName()).isEqualTo("anonymousUser");
			OAuth2AccessToken rejected = JwtBearerRetryAttributes.rejectedAccessToken(failure.attributes());
			assertThat(rejected).isNotNull();
			assertThat(rejected.getTokenValue()).isEqualTo(refused);
		});
	}

	@Test
	void requestWhenRetriedThenFailureHandlerIsGivenSecurityContextPrincipal() {
		Authentication alice = new TestingAuthenticationToken("alice", null);
		SecurityContextHolder.getContext().setAuthentication(alice);
		query();
		this.org.revokeTokens();
		assertThat(query().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.failures).singleElement()
			.satisfies((failure) -> assertThat(failure.principal()).isSameAs(alice));
		assertThat(this.org.tokenRequests()).isEqualTo(2);
	}

	@Test
	void requestWhenRetriedInServletRequestThenFailureHandlerIsGivenServletRequest() {
		MockHttpServletRequest servletRequest = new MockHttpServletRequest("GET", "/accounts");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(servletRequest));
		this.org.refuseEveryToken();
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(this::query);
		assertThat(this.failures).singleElement()
			.satisfies((failure) -> assertThat(failure.attributes()).containsEntry(HttpServletRequest.class.getName(),
					servletRequest));
	}

	@Test
	void requestWithoutClientRegistrationIdWhenApiAnswers401ThenNotRetried() {
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(
				() -> this.restClient.get().uri(this.org.instanceUrl() + QUERY_PATH).retrieve().toEntity(String.class));
		assertThat(this.org.apiRequests()).hasSize(1);
		assertThat(this.org.apiRequests().get(0).getHeaders().get("Authorization")).isNull();
		assertThat(this.org.tokenRequests()).isZero();
		assertThat(this.failures).isEmpty();
	}

	@Test
	void requestWhenApiAnswers403ThenNotRetried() {
		assertThatExceptionOfType(HttpClientErrorException.Forbidden.class).isThrownBy(() -> this.restClient.get()
			.uri(this.org.instanceUrl() + TestOrg.FORBIDDEN_PATH)
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toEntity(String.class));
		assertThat(this.org.apiRequests()).hasSize(1);
		assertThat(this.org.tokenRequests()).isEqualTo(1);
		assertThat(this.failures).isEmpty();
	}

	private ResponseEntity<String> query() {
		return this.restClient.get()
			.uri(this.org.instanceUrl() + QUERY_PATH)
			.attributes(ClientAttributes.clientRegistrationId(TestOrg.SALESFORCE))
			.retrieve()
			.toEntity(String.class);
	}

	// the RestClient as the starter wires it: retry, Spring Security's interceptor,
	// instance_url
	static RestClient restClient(TestOrg org, OAuth2AuthorizationFailureHandler failureHandler) {
		OAuth2ClientHttpRequestInterceptor oauth2Interceptor = new OAuth2ClientHttpRequestInterceptor(
				org.authorizedClientManager());
		JwtBearerUnauthorizedRetryInterceptor retryInterceptor = new JwtBearerUnauthorizedRetryInterceptor(
				failureHandler);
		JwtBearerInstanceUrlInterceptor instanceUrlInterceptor = new JwtBearerInstanceUrlInterceptor(
				org.authorizedClientManager(), org.registrations());
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptors(
					JwtBearerRequestInterceptors.around(oauth2Interceptor, retryInterceptor, instanceUrlInterceptor))
			.build();
	}

	record Failure(OAuth2AuthorizationException exception, Authentication principal, Map<String, Object> attributes) {

	}

}
