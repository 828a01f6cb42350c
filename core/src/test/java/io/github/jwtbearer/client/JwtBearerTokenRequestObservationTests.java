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
import java.time.Duration;
import java.time.Instant;

import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the observation of token requests by
 * {@link SignedAssertionOAuth2AuthorizedClientProvider} and
 * {@link SignedAssertionReactiveOAuth2AuthorizedClientProvider}, against a real token
 * endpoint.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenRequestObservationTests {

	private static final String NAME = "jwt.bearer.token.request";

	private static final TokenRequestRetry FAST_RETRY = new TokenRequestRetry(2, Duration.ofMillis(1), 1.0,
			Duration.ofMillis(1), Duration.ZERO, Duration.ZERO);

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-28T12:00:00Z"));

	private final TestObservationRegistry observationRegistry = TestObservationRegistry.create();

	private TestOrgTokenEndpoint endpoint;

	private JwtBearerRegistration registration;

	@BeforeEach
	void startEndpoint() {
		this.endpoint = new TestOrgTokenEndpoint();
		this.registration = this.endpoint.registration("salesforce", this.clock).providerName("salesforce").build();
	}

	@AfterEach
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void authorizeWhenTokenObtainedThenObservationWithSuccessOutcome() {
		provider().authorize(context());
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasContextualNameEqualTo("jwt-bearer token salesforce")
			.hasOnlyKeys("registration", "provider", "outcome", "error.code")
			.hasLowCardinalityKeyValue("registration", "salesforce")
			.hasLowCardinalityKeyValue("provider", "salesforce")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("error.code", "none")
			.doesNotHaveError()
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void authorizeWhenOAuthErrorThenObservationWithErrorCode() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> provider().authorize(context()));
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("outcome", "oauth_error")
			.hasLowCardinalityKeyValue("error.code", "invalid_grant")
			.assertThatError()
			.isInstanceOf(ClientAuthorizationException.class);
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void authorizeWhen503AfterRetriesThenOneObservationWithTransientOutcome() {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> provider().authorize(context()));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("outcome", "transient_error")
			.hasLowCardinalityKeyValue("error.code", "server_error")
			.hasError();
	}

	@Test
	void authorizeWhenEndpointUnreachableThenObservationWithIoOutcome() {
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider();
		this.endpoint.close();
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> provider.authorize(context()))
			.withRootCauseInstanceOf(IOException.class);
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("outcome", "io_error")
			.hasLowCardinalityKeyValue("error.code", "none")
			.hasError();
	}

	@Test
	void authorizeWithoutObservationRegistryThenNoObservation() {
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(this.registration));
		provider.setClock(this.clock);
		provider.authorize(context());
		TestObservationRegistryAssert.assertThat(this.observationRegistry).doesNotHaveAnyObservation();
	}

	@Test
	void authorizeWithCustomConventionThenItNamesTheObservation() {
		SignedAssertionOAuth2AuthorizedClientProvider provider = provider();
		provider.setObservationConvention(new DefaultJwtBearerTokenRequestObservationConvention() {

			@Override
			public String getName() {
				return "acme.token";
			}

		});
		provider.authorize(context());
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasObservationWithNameEqualTo("acme.token")
			.that()
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void reactiveAuthorizeWhenTokenObtainedThenObservationWithSuccessOutcome() {
		reactiveProvider().authorize(context()).block();
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasContextualNameEqualTo("jwt-bearer token salesforce")
			.hasOnlyKeys("registration", "provider", "outcome", "error.code")
			.hasLowCardinalityKeyValue("registration", "salesforce")
			.hasLowCardinalityKeyValue("provider", "salesforce")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("error.code", "none")
			.doesNotHaveError()
			.hasBeenStopped();
	}

	@Test
	void reactiveAuthorizeWhenOAuthErrorThenObservationWithErrorCode() {
		this.endpoint.answer((count) -> TestTokenEndpoint.invalidGrantResponse());
		Mono<?> authorize = reactiveProvider().authorize(context());
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(authorize::block);
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("outcome", "oauth_error")
			.hasLowCardinalityKeyValue("error.code", "invalid_grant")
			.hasError();
	}

	@Test
	void reactiveAuthorizeWhen503AfterRetriesThenOneObservationWithTransientOutcome() {
		this.endpoint.answer((count) -> TestTokenEndpoint.json(503, "{\"error\":\"server_error\"}"));
		Mono<?> authorize = reactiveProvider().authorize(context());
		assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(authorize::block);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 1)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("outcome", "transient_error")
			.hasLowCardinalityKeyValue("error.code", "server_error")
			.hasError();
	}

	@Test
	void reactiveAuthorizeWhenCancelledThenObservationStoppedWithUnknownOutcome() {
		this.endpoint.delay(Duration.ofMillis(300));
		reactiveProvider().authorize(context()).subscribe().dispose();
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasObservationWithNameEqualTo(NAME)
			.that()
			.hasLowCardinalityKeyValue("outcome", "unknown")
			.doesNotHaveError()
			.hasBeenStopped();
	}

	private SignedAssertionOAuth2AuthorizedClientProvider provider() {
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(this.registration));
		provider.setClock(this.clock);
		provider.setRetry(FAST_RETRY);
		provider.setObservationRegistry(this.observationRegistry);
		return provider;
	}

	private SignedAssertionReactiveOAuth2AuthorizedClientProvider reactiveProvider() {
		SignedAssertionReactiveOAuth2AuthorizedClientProvider provider = new SignedAssertionReactiveOAuth2AuthorizedClientProvider(
				new InMemoryJwtBearerRegistrationRepository(this.registration));
		provider.setClock(this.clock);
		provider.setRetry(FAST_RETRY);
		provider.setObservationRegistry(this.observationRegistry);
		return provider;
	}

	private OAuth2AuthorizationContext context() {
		return OAuth2AuthorizationContext.withClientRegistration(this.registration.getClientRegistration())
			.principal(new TestingAuthenticationToken("app", null))
			.build();
	}

}
