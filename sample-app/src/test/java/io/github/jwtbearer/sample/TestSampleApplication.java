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

import java.util.ArrayList;
import java.util.List;

import io.github.jwtbearer.test.MockJwtBearerServer;

import org.springframework.boot.SpringApplication;

/**
 * Runs {@link SampleApplication} against the test kit's mock org, in Boot's
 * development-time way: {@code mvn spring-boot:test-run} (from the repository root:
 * {@code mvn -B -q -pl sample-app -am spring-boot:test-run}). With
 * {@code SF_CONSUMER_KEY} set, it runs against the real org the {@code SF_*} variables
 * name instead.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		if (System.getenv("SF_CONSUMER_KEY") != null) {
			SpringApplication.from(SampleApplication::main).run(args);
			return;
		}
		run(args);
	}

	/**
	 * Run the sample against a mock org, print what the org saw, and stop the org.
	 * @param args the command line arguments
	 * @return the stopped mock server, for what it recorded
	 */
	static MockJwtBearerServer run(String... args) {
		try (MockOrg org = new MockOrg()) {
			List<String> arguments = new ArrayList<>(org.arguments());
			arguments.addAll(List.of(args));
			SpringApplication.from(SampleApplication::main).run(arguments.toArray(String[]::new));
			MockJwtBearerServer server = org.getServer();
			System.out.printf("The mock org answered %d token request(s) and %d API request(s), %d of them refused%n",
					server.getTokenRequests().size(), server.getApiCalls().size(),
					server.getUnauthorizedApiCalls().size());
			return server;
		}
	}

}
