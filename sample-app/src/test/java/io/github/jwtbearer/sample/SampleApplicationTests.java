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

package io.github.jwtbearer.sample;

import io.github.jwtbearer.test.MockJwtBearerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.jwtbearer.test.MockJwtBearerServerAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of {@link SampleApplication}, run as {@code spring-boot:test-run} runs
 * it: against the test kit's mock org.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfEnvironmentVariable(named = "SF_CONSUMER_KEY", matches = ".*",
		disabledReason = "SF_CONSUMER_KEY points the sample at a real org")
class SampleApplicationTests {

	@Test
	void runAgainstMockOrgThenOneTokenServesFiftyOneCalls(CapturedOutput output) {
		MockJwtBearerServer server = TestSampleApplication.run();
		// 50 queries through SalesforceApi (WebClient) and one account through RestClient
		assertThat(server).apiCalls().hasSize(51);
		assertThat(server).tokenRequests().hasSize(1);
		assertThat(server).hasRefusedNoTokenRequest().hasNoReplayedJti();
		// every call carried Authorization: Bearer with the token the org issued
		assertThat(server).unauthorizedApiCalls().isEmpty();
		assertThat(server).lastAssertionClaims()
			.containsEntry("iss", MockOrg.CONSUMER_KEY)
			.containsEntry("sub", MockOrg.USERNAME)
			.containsEntry("aud", "https://login.salesforce.com");
		assertThat(output).contains("Access token from " + server.getTokenUri())
			.contains("instance_url  " + server.getBaseUrl())
			.contains("SELECT Id, Name FROM Account: 5 records")
			.contains("Edge Communications", "United Oil & Gas Corp.")
			.contains("through RestClient at the instance_url: Edge Communications (Electronics, Austin)")
			.contains("Queries sent through SalesforceApi: 50")
			.contains("The mock org answered 1 token request(s) and 51 API request(s), 0 of them refused");
	}

}
