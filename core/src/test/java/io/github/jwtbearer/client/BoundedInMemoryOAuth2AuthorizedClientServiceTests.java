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

import java.time.Instant;

import io.github.jwtbearer.fixtures.TestRegistrations;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedInMemoryOAuth2AuthorizedClientService}.
 *
 * @author JWT Bearer for Spring contributors
 */
class BoundedInMemoryOAuth2AuthorizedClientServiceTests {

	private final ClientRegistration registration = TestRegistrations.salesforce("https://login.salesforce.com/token")
		.build();

	@Test
	void loadReturnsTheInstanceSaved() {
		BoundedInMemoryOAuth2AuthorizedClientService store = new BoundedInMemoryOAuth2AuthorizedClientService(10);
		OAuth2AuthorizedClient client = client("alice");
		store.saveAuthorizedClient(client, principal("alice"));
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "alice")).isSameAs(client);
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "bob")).isNull();
	}

	@Test
	void sizeStaysWithinTheBoundAndTheLastSavedIsKept() {
		BoundedInMemoryOAuth2AuthorizedClientService store = new BoundedInMemoryOAuth2AuthorizedClientService(100);
		for (int i = 0; i < 100_000; i++) {
			store.saveAuthorizedClient(client("user" + i), principal("user" + i));
			// the leader of a token request saves, then the next caller loads
			assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "user" + i)).isNotNull();
		}
		assertThat(store.size()).isEqualTo(100);
	}

	@Test
	void replacingAClientStaysWithinTheBound() {
		BoundedInMemoryOAuth2AuthorizedClientService store = new BoundedInMemoryOAuth2AuthorizedClientService(2);
		store.saveAuthorizedClient(client("alice"), principal("alice"));
		store.saveAuthorizedClient(client("bob"), principal("bob"));
		OAuth2AuthorizedClient renewed = client("alice");
		store.saveAuthorizedClient(renewed, principal("alice"));
		assertThat(store.size()).isEqualTo(2);
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "alice")).isSameAs(renewed);
		store.saveAuthorizedClient(client("carol"), principal("carol"));
		assertThat(store.size()).isEqualTo(2);
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "carol")).isNotNull();
	}

	@Test
	void removedAndSavedAgainIsHeldOnce() {
		BoundedInMemoryOAuth2AuthorizedClientService store = new BoundedInMemoryOAuth2AuthorizedClientService(2);
		store.saveAuthorizedClient(client("alice"), principal("alice"));
		store.removeAuthorizedClient("salesforce", "alice");
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "alice")).isNull();
		store.saveAuthorizedClient(client("bob"), principal("bob"));
		store.saveAuthorizedClient(client("alice"), principal("alice"));
		assertThat(store.size()).isEqualTo(2);
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "alice")).isNotNull();
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "bob")).isNotNull();
	}

	@Test
	void savesAndRemovalsInTurnKeepOnlyLiveClients() {
		BoundedInMemoryOAuth2AuthorizedClientService store = new BoundedInMemoryOAuth2AuthorizedClientService(10);
		for (int i = 0; i < 10_000; i++) {
			store.saveAuthorizedClient(client("user" + (i % 20)), principal("user" + (i % 20)));
			store.removeAuthorizedClient("salesforce", "user" + (i % 20));
		}
		store.saveAuthorizedClient(client("last"), principal("last"));
		assertThat(store.size()).isEqualTo(1);
		assertThat(store.<OAuth2AuthorizedClient>loadAuthorizedClient("salesforce", "last")).isNotNull();
	}

	private OAuth2AuthorizedClient client(String principal) {
		Instant now = Instant.now();
		return new OAuth2AuthorizedClient(this.registration, principal, new OAuth2AccessToken(
				OAuth2AccessToken.TokenType.BEARER, "token-" + principal, now, now.plusSeconds(900)));
	}

	private static TestingAuthenticationToken principal(String name) {
		return new TestingAuthenticationToken(name, "");
	}

}
