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

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.github.jwtbearer.sample.org.EmbeddedOrg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of {@link SampleApplication}: the main path, against the embedded org.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfEnvironmentVariable(named = "SF_CONSUMER_KEY", matches = ".*",
		disabledReason = "SF_CONSUMER_KEY points the sample at a real org")
class SampleApplicationTests {

	@Test
	void runWithoutRealOrgThenCallsTheEmbeddedOrgWithOneTokenForFiftyCalls(CapturedOutput output) {
		ConfigurableApplicationContext context = SampleApplication.run();
		EmbeddedOrg org = context.getBean(EmbeddedOrgLauncher.class).getOrg();
		// 50 queries through SalesforceApi (WebClient) and one account through RestClient
		assertThat(org.getApiRequestCount()).isEqualTo(51);
		assertThat(org.getTokenRequestCount()).isEqualTo(1);
		// every call carried Authorization: Bearer with the token the org issued
		assertThat(org.getInvalidSessionCount()).isZero();
		assertThat(output).contains("Access token from " + org.getTokenUri())
			.contains("instance_url  " + org.getBaseUrl())
			.contains("SELECT Id, Name FROM Account: 5 records")
			.contains("Edge Communications", "United Oil & Gas Corp.")
			.contains("through RestClient at the instance_url: Edge Communications (Electronics, Austin)")
			.contains("Queries sent through SalesforceApi: 50")
			.contains("The embedded org answered 1 token request(s) and 51 API request(s), 0 of them refused");
		assertThat(SpringApplication.exit(context)).isZero();
	}

	@Test
	void exitThenStopsTheOrgAndDeletesThePrivateKey() {
		ConfigurableApplicationContext context = SampleApplication.run("--sample.calls=1");
		EmbeddedOrgLauncher launcher = context.getBean(EmbeddedOrgLauncher.class);
		Path privateKey = Paths.get(URI.create((String) launcher.getProperties().get("SF_PRIVATE_KEY")));
		assertThat(privateKey).exists();
		SpringApplication.exit(context);
		assertThat(privateKey).doesNotExist();
		assertThat(launcher.getOrg().isRunning()).isFalse();
	}

}
