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

import java.io.IOException;
import java.net.ConnectException;
import java.security.KeyPair;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.endpoint.TokenEndpointException;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultJwtBearerTokenRequestObservationConvention} and
 * {@link JwtBearerTokenRequestOutcome}.
 *
 * @author JWT Bearer for Spring contributors
 */
class DefaultJwtBearerTokenRequestObservationConventionTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private final DefaultJwtBearerTokenRequestObservationConvention convention = new DefaultJwtBearerTokenRequestObservationConvention();

	private final JwtBearerRegistration registration = JwtBearerRegistration
		.withClientRegistration(
				TestRegistrations.salesforce("https://login.salesforce.com/services/oauth2/token").build(),
				JwtAssertionMinter.withSigningKey("salesforce", JwtSigningKey.of(RSA.getPrivate(), null))
					.issuer(TestRegistrations.CONSUMER_KEY)
					.audience("https://login.salesforce.com")
					.build())
		.subject("integration@acme.com")
		.providerName("salesforce")
		.build();

	@Test
	void keyValuesWhenTokenReceivedThenSuccessAndNoErrorCode() {
		JwtBearerTokenRequestObservationContext context = context(null);
		context.setTokenReceived(true);
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("registration", "salesforce"), KeyValue.of("provider", "salesforce"),
				KeyValue.of("outcome", "success"), KeyValue.of("error.code", "none"));
		assertThat(this.convention.getHighCardinalityKeyValues(context)).isEmpty();
	}

	@Test
	void keyValuesNeverHoldTheSubject() {
		JwtBearerTokenRequestObservationContext context = context(null);
		context.setTokenReceived(true);
		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.noneMatch((keyValue) -> keyValue.getValue().contains("integration@acme.com"));
	}

	@Test
	void keyValuesWhenOAuthErrorThenItsCode() {
		assertThat(keyValues(clientAuthorizationException(new TokenEndpointException(
				new OAuth2Error("invalid_grant", "user hasn't approved this consumer", null), 400, null))))
			.contains(KeyValue.of("outcome", "oauth_error"), KeyValue.of("error.code", "invalid_grant"));
	}

	@Test
	void keyValuesWhenServerErrorOr429ThenTransient() {
		assertThat(keyValues(
				clientAuthorizationException(new TokenEndpointException(new OAuth2Error("server_error"), 503, null))))
			.contains(KeyValue.of("outcome", "transient_error"), KeyValue.of("error.code", "server_error"));
		assertThat(keyValues(new TokenEndpointException(new OAuth2Error("rate_limited"), 429, null)))
			.contains(KeyValue.of("outcome", "transient_error"), KeyValue.of("error.code", "rate_limited"));
	}

	@Test
	void keyValuesWhenIoErrorThenIoOutcomeWithoutErrorCode() {
		// Spring Security wraps an I/O error in invalid_token_response
		OAuth2AuthorizationException wrapped = new OAuth2AuthorizationException(
				new OAuth2Error("invalid_token_response"),
				new ResourceAccessException("I/O error", new ConnectException("Connection refused")));
		assertThat(keyValues(clientAuthorizationException(wrapped))).contains(KeyValue.of("outcome", "io_error"),
				KeyValue.of("error.code", "none"));
		assertThat(keyValues(new ResourceAccessException("I/O error", new IOException("closed"))))
			.contains(KeyValue.of("outcome", "io_error"));
	}

	@Test
	void keyValuesWhenOtherFailureThenUnknown() {
		assertThat(keyValues(new IllegalStateException("Cannot sign"))).contains(KeyValue.of("outcome", "unknown"),
				KeyValue.of("error.code", "none"));
	}

	@Test
	void keyValuesWhenCancelledThenUnknown() {
		assertThat(this.convention.getLowCardinalityKeyValues(context(null)))
			.contains(KeyValue.of("outcome", "unknown"));
	}

	@Test
	void keyValuesWhenErrorCodeIsNoCodeThenOther() {
		String html = "<html><body>Service Unavailable</body></html>";
		assertThat(keyValues(new TokenEndpointException(new OAuth2Error(html), 400, null)))
			.contains(KeyValue.of("error.code", "other"));
		assertThat(keyValues(new TokenEndpointException(new OAuth2Error("x".repeat(65)), 400, null)))
			.contains(KeyValue.of("error.code", "other"));
	}

	@Test
	void nameAndContextualName() {
		assertThat(this.convention.getName()).isEqualTo("jwt.bearer.token.request");
		assertThat(this.convention.getContextualName(context(null))).isEqualTo("jwt-bearer token salesforce");
		assertThat(this.convention.supportsContext(context(null))).isTrue();
	}

	private Iterable<KeyValue> keyValues(Throwable error) {
		return this.convention.getLowCardinalityKeyValues(context(error));
	}

	private JwtBearerTokenRequestObservationContext context(Throwable error) {
		JwtBearerTokenRequestObservationContext context = new JwtBearerTokenRequestObservationContext(
				this.registration);
		context.setError(error);
		return context;
	}

	private ClientAuthorizationException clientAuthorizationException(OAuth2AuthorizationException cause) {
		return JwtBearerTokens.clientAuthorizationException(this.registration, cause);
	}

}
