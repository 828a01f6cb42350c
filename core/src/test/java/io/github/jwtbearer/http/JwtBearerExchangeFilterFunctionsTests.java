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

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerExchangeFilterFunctions}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerExchangeFilterFunctionsTests {

	private final ExchangeFilterFunction before = (request, next) -> next.exchange(request);

	private final ExchangeFilterFunction after = (request, next) -> next.exchange(request);

	private final ExchangeFilterFunction oauth2 = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
			(request) -> Mono.empty());

	private final JwtBearerUnauthorizedRetryFilterFunction retry = new JwtBearerUnauthorizedRetryFilterFunction(
			(exception, principal, attributes) -> Mono.empty());

	private final JwtBearerInstanceUrlFilterFunction instanceUrl = new JwtBearerInstanceUrlFilterFunction(
			(request) -> Mono.empty(), (registrationId) -> null);

	@Test
	void aroundWhenAuthorizationFilterAbsentThenAddsAllThreeLast() {
		List<ExchangeFilterFunction> filters = new ArrayList<>(List.of(this.before));
		JwtBearerExchangeFilterFunctions.around(this.oauth2, this.retry, this.instanceUrl).accept(filters);
		assertThat(filters).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl);
	}

	@Test
	void aroundWhenAuthorizationFilterPresentThenWrapsItWhereItStands() {
		List<ExchangeFilterFunction> filters = new ArrayList<>(List.of(this.before, this.oauth2, this.after));
		JwtBearerExchangeFilterFunctions.around(this.oauth2, this.retry, this.instanceUrl).accept(filters);
		assertThat(filters).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl, this.after);
	}

	@Test
	void aroundWhenAppliedTwiceThenChangesNothing() {
		List<ExchangeFilterFunction> filters = new ArrayList<>(List.of(this.before, this.oauth2, this.after));
		JwtBearerExchangeFilterFunctions.around(this.oauth2, this.retry, this.instanceUrl).accept(filters);
		JwtBearerExchangeFilterFunctions.around(this.oauth2, this.retry, this.instanceUrl).accept(filters);
		assertThat(filters).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl, this.after);
	}

	@Test
	void aroundWithoutInstanceUrlFilterThenAddsRetryOnly() {
		List<ExchangeFilterFunction> filters = new ArrayList<>(List.of(this.oauth2));
		JwtBearerExchangeFilterFunctions.around(this.oauth2, this.retry, null).accept(filters);
		assertThat(filters).containsExactly(this.retry, this.oauth2);
	}

}
