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

package io.github.jwtbearer.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OAuth2AuthorizedClientManagerReactiveAdapter}.
 *
 * @author JWT Bearer for Spring contributors
 */
class OAuth2AuthorizedClientManagerReactiveAdapterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final AtomicInteger tokenRequests = new AtomicInteger();

	// a token per call, on the thread that asks
	private final OAuth2AuthorizedClientProvider provider = (context) -> {
		this.tokenRequests.incrementAndGet();
		Instant now = Instant.now();
		return new OAuth2AuthorizedClient(context.getClientRegistration(), context.getPrincipal().getName(),
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "token-" + this.tokenRequests.get(), now,
						now.plus(Duration.ofMinutes(15))));
	};

	private final JwtBearerOAuth2AuthorizedClientManager manager = manager();

	private final OAuth2AuthorizedClientManagerReactiveAdapter adapter = new OAuth2AuthorizedClientManagerReactiveAdapter(
			this.manager);

	@Test
	void authorizeWhenNoTokenThenObtainsItOffTheCallingThread() {
		String thread = this.adapter.authorize(request())
			.map((authorizedClient) -> Thread.currentThread().getName())
			.block(TIMEOUT);
		assertThat(thread).startsWith("boundedElastic-");
		assertThat(this.tokenRequests).hasValue(1);
	}

	@Test
	void authorizeWhenTokenCachedThenReturnsItOnTheCallingThread() {
		OAuth2AuthorizedClient obtained = this.manager.authorize(request());
		String caller = Thread.currentThread().getName();
		OAuth2AuthorizedClient[] cached = new OAuth2AuthorizedClient[1];
		String thread = this.adapter.authorize(request()).map((authorizedClient) -> {
			cached[0] = authorizedClient;
			return Thread.currentThread().getName();
		}).block(TIMEOUT);
		assertThat(thread).isEqualTo(caller);
		assertThat(cached[0]).isSameAs(obtained);
		assertThat(this.tokenRequests).hasValue(1);
	}

	private JwtBearerOAuth2AuthorizedClientManager manager() {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce", JwtSigningKey.of(TestKeys.rsa2048().getPrivate(), null))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.build();
		JwtBearerRegistration registration = JwtBearerRegistration
			.withClientRegistration(
					TestRegistrations.jwtBearer("salesforce", "https://login.salesforce.com/services/oauth2/token")
						.build(),
					minter)
			.subject("integration@acme.com")
			.build();
		InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
				registration);
		return new JwtBearerOAuth2AuthorizedClientManager(registrations,
				new BoundedInMemoryOAuth2AuthorizedClientService(10), this.provider, (authorizeRequest) -> null);
	}

	private static OAuth2AuthorizeRequest request() {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("anonymousUser").build();
	}

}
