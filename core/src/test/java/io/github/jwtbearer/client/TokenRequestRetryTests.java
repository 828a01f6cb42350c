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

package io.github.jwtbearer.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the retries of token requests ({@link TokenRequestRetry}) through the servlet
 * and reactive providers.
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenRequestRetryTests {

	private static final TokenRequestRetry FAST = new TokenRequestRetry(3, Duration.ofMillis(1), 2.0,
			Duration.ofMillis(10), Duration.ZERO, Duration.ofSeconds(5));

	private final TestOrgTokenEndpoint endpoint = new TestOrgTokenEndpoint();

	private final JwtBearerRegistration registration = this.endpoint.registration("salesforce", Clock.systemUTC())
		.build();

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void servletWhen503Then503Then200ThenThreeRequestsWithDistinctJti() {
		this.endpoint.answer((count) -> (count < 3) ? unavailable() : TestTokenEndpoint.salesforceResponse("tok"));
		OAuth2AuthorizedClient client = servlet(FAST).authorize(context());
		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("tok");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		assertThat(this.endpoint.jtis()).doesNotHaveDuplicates().hasSize(3);
	}

	@Test
	void reactiveWhen503Then503Then200ThenThreeRequestsWithDistinctJti() {
		this.endpoint.answer((count) -> (count < 3) ? unavailable() : TestTokenEndpoint.salesforceResponse("tok"));
		OAuth2AuthorizedClient client = reactive(FAST).authorize(context()).block();
		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("tok");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		assertThat(this.endpoint.jtis()).doesNotHaveDuplicates().hasSize(3);
	}

	@Test
	void servletWhenRetryAfterThenItIsWaitedFor() {
		this.endpoint
			.answer((count) -> (count == 1) ? tooManyRequests("1") : TestTokenEndpoint.salesforceResponse("tok"));
		servlet(FAST).authorize(context());
		List<Long> arrivals = this.endpoint.arrivals();
		assertThat(arrivals).hasSize(2);
		assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void reactiveWhenRetryAfterThenItIsWaitedFor() {
		this.endpoint
			.answer((count) -> (count == 1) ? tooManyRequests("1") : TestTokenEndpoint.salesforceResponse("tok"));
		reactive(FAST).authorize(context()).block();
		List<Long> arrivals = this.endpoint.arrivals();
		assertThat(arrivals).hasSize(2);
		assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void retryAfterAboveTheCapEndsTheRetries() {
		this.endpoint.answer((count) -> tooManyRequests("3600"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> servlet(FAST).authorize(context()));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void servletWhenInvalidGrantThenOneRequest() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> servlet(FAST).authorize(context()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void reactiveWhenInvalidGrantThenOneRequest() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> reactive(FAST).authorize(context()).block())
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void servletWhenUnauthorizedInvalidClientThenOneRequestAndTheOAuthError() {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(401,
				"{\"error\":\"invalid_client\",\"error_description\":\"client identifier invalid\"}"));
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> servlet(FAST).authorize(context()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	@Test
	void servletWhenAlways503ThenBoundedAttemptsAndTheLastError() {
		this.endpoint.answer((count) -> unavailable());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> servlet(FAST).authorize(context()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR))
			.withMessageContaining("HTTP 503");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

	@Test
	void reactiveWhenAlways503ThenBoundedAttempts() {
		this.endpoint.answer((count) -> unavailable());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> reactive(FAST).authorize(context()).block());
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

	@Test
	void servletWhenTokenRequestThrowsAnErrorThenTheErrorIsThrownAsIs() {
		StackOverflowError error = new StackOverflowError("test");
		SignedAssertionOAuth2AuthorizedClientProvider provider = servlet(FAST);
		provider.setAccessTokenResponseClientFactory((registration) -> (grantRequest) -> {
			throw error;
		});
		assertThatExceptionOfType(StackOverflowError.class).isThrownBy(() -> provider.authorize(context()))
			.isSameAs(error);
	}

	@Test
	void noneMeansOneAttempt() {
		this.endpoint.answer((count) -> unavailable());
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> servlet(TokenRequestRetry.NONE).authorize(context()));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
	}

	private SignedAssertionOAuth2AuthorizedClientProvider servlet(TokenRequestRetry retry) {
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(this.registration));
		provider.setRetry(retry);
		return provider;
	}

	private SignedAssertionReactiveOAuth2AuthorizedClientProvider reactive(TokenRequestRetry retry) {
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(this.registration));
		provider.setRetry(retry);
		return provider;
	}

	private OAuth2AuthorizationContext context() {
		return OAuth2AuthorizationContext.withClientRegistration(this.registration.getClientRegistration())
			.principal(new TestingAuthenticationToken("user", ""))
			.build();
	}

	private static MockResponse unavailable() {
		return new MockResponse.Builder().code(503)
			.setHeader("Content-Type", "text/html")
			.body("<html><body>Service Unavailable</body></html>")
			.build();
	}

	private static MockResponse tooManyRequests(String retryAfter) {
		return new MockResponse.Builder().code(429)
			.setHeader("Content-Type", "application/json")
			.setHeader("Retry-After", retryAfter)
			.body("{\"error\":\"temporarily_unavailable\"}")
			.build();
	}

}
