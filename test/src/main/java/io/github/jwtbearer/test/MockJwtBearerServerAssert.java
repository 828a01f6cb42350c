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

package io.github.jwtbearer.test;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.MapAssert;

/**
 * AssertJ assertions on what a {@link MockJwtBearerServer} saw. <pre class="code">
 * assertThat(server).tokenRequests().hasSize(1);
 * assertThat(server).lastAssertionClaims().containsEntry("sub", "integration@acme.com");
 * assertThat(server).hasNoReplayedJti();
 * </pre>
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class MockJwtBearerServerAssert extends AbstractAssert<MockJwtBearerServerAssert, MockJwtBearerServer> {

	private MockJwtBearerServerAssert(MockJwtBearerServer actual) {
		super(actual, MockJwtBearerServerAssert.class);
	}

	/**
	 * Create assertions on a server.
	 * @param server the server
	 * @return the assertions
	 */
	public static MockJwtBearerServerAssert assertThat(MockJwtBearerServer server) {
		return new MockJwtBearerServerAssert(server);
	}

	/**
	 * Assert on the requests that reached the token endpoint.
	 * @return assertions on the token requests
	 */
	public ListAssert<TokenRequest> tokenRequests() {
		isNotNull();
		return Assertions.assertThat(this.actual.getTokenRequests()).as("token requests");
	}

	/**
	 * Assert on the tokens the server issued.
	 * @return assertions on the issued tokens
	 */
	public ListAssert<String> issuedTokens() {
		isNotNull();
		return Assertions.assertThat(this.actual.getIssuedTokens()).as("issued tokens");
	}

	/**
	 * Assert on the calls that reached the API.
	 * @return assertions on the API calls
	 */
	public ListAssert<ApiCall> apiCalls() {
		isNotNull();
		return Assertions.assertThat(this.actual.getApiCalls()).as("API calls");
	}

	/**
	 * Assert on the API calls answered 401.
	 * @return assertions on the refused API calls
	 */
	public ListAssert<ApiCall> unauthorizedApiCalls() {
		isNotNull();
		return Assertions.assertThat(this.actual.getUnauthorizedApiCalls()).as("API calls answered 401");
	}

	/**
	 * Assert on the header of the last assertion.
	 * @return assertions on the header
	 */
	public MapAssert<String, Object> lastAssertionHeader() {
		return Assertions.assertThat(lastTokenRequest().getAssertionHeader()).as("header of the last assertion");
	}

	/**
	 * Assert on the claims of the last assertion, as sent.
	 * @return assertions on the claims
	 */
	public MapAssert<String, Object> lastAssertionClaims() {
		return Assertions.assertThat(lastTokenRequest().getAssertionClaims()).as("claims of the last assertion");
	}

	/**
	 * Verify that no {@code jti} came twice.
	 * @return this
	 */
	public MockJwtBearerServerAssert hasNoReplayedJti() {
		isNotNull();
		if (!this.actual.getReplayedJtis().isEmpty()) {
			failWithMessage("Expected no replayed jti but %s came again", this.actual.getReplayedJtis());
		}
		return this;
	}

	/**
	 * Verify that every token request was answered with a token.
	 * @return this
	 */
	public MockJwtBearerServerAssert hasRefusedNoTokenRequest() {
		isNotNull();
		for (TokenRequest request : this.actual.getTokenRequests()) {
			if (request.getError() != null) {
				failWithMessage("Expected every token request to get a token but one was refused with %s: %s",
						request.getError(), request.getErrorDescription());
			}
		}
		return this;
	}

	private TokenRequest lastTokenRequest() {
		isNotNull();
		TokenRequest last = this.actual.getLastTokenRequest();
		if (last == null) {
			failWithMessage("Expected a token request but none came");
		}
		return last;
	}

}
