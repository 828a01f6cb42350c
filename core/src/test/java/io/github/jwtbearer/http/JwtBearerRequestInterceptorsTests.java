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

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerRequestInterceptors}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRequestInterceptorsTests {

	private final ClientHttpRequestInterceptor before = (request, body, execution) -> execution.execute(request, body);

	private final ClientHttpRequestInterceptor after = (request, body, execution) -> execution.execute(request, body);

	private final ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor((request) -> null);

	private final JwtBearerUnauthorizedRetryInterceptor retry = new JwtBearerUnauthorizedRetryInterceptor(
			(exception, principal, attributes) -> {
			});

	private final JwtBearerInstanceUrlInterceptor instanceUrl = new JwtBearerInstanceUrlInterceptor((request) -> null,
			(registrationId) -> null);

	@Test
	void aroundWhenAuthorizationInterceptorAbsentThenAddsAllThreeLast() {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(List.of(this.before));
		JwtBearerRequestInterceptors.around(this.oauth2, this.retry, this.instanceUrl).accept(interceptors);
		assertThat(interceptors).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl);
	}

	@Test
	void aroundWhenAuthorizationInterceptorPresentThenWrapsItWhereItStands() {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(
				List.of(this.before, this.oauth2, this.after));
		JwtBearerRequestInterceptors.around(this.oauth2, this.retry, this.instanceUrl).accept(interceptors);
		assertThat(interceptors).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl, this.after);
	}

	@Test
	void aroundWhenAppliedTwiceThenChangesNothing() {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(
				List.of(this.before, this.oauth2, this.after));
		JwtBearerRequestInterceptors.around(this.oauth2, this.retry, this.instanceUrl).accept(interceptors);
		JwtBearerRequestInterceptors.around(this.oauth2, this.retry, this.instanceUrl).accept(interceptors);
		assertThat(interceptors).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl, this.after);
	}

	@Test
	void aroundWhenOursAreMisplacedThenMovesThem() {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(
				List.of(this.instanceUrl, this.before, this.oauth2, this.retry));
		JwtBearerRequestInterceptors.around(this.oauth2, this.retry, this.instanceUrl).accept(interceptors);
		assertThat(interceptors).containsExactly(this.before, this.retry, this.oauth2, this.instanceUrl);
	}

	@Test
	void aroundWithoutInstanceUrlInterceptorThenAddsRetryOnly() {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(List.of(this.oauth2));
		JwtBearerRequestInterceptors.around(this.oauth2, this.retry, null).accept(interceptors);
		assertThat(interceptors).containsExactly(this.retry, this.oauth2);
	}

}
