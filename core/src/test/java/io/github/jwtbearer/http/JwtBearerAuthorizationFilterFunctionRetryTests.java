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

import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The tests of {@link JwtBearerUnauthorizedRetryFilterFunctionTests} with our
 * {@link JwtBearerAuthorizationFilterFunction} in place of Spring Security's filter, as
 * the starter wires WebClient.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerAuthorizationFilterFunctionRetryTests extends JwtBearerUnauthorizedRetryFilterFunctionTests {

	@Override
	WebClient createWebClient(TestOrg org, ReactiveOAuth2AuthorizationFailureHandler failureHandler) {
		return JwtBearerAuthorizationFilterFunctionTests.webClient(org, failureHandler);
	}

}
