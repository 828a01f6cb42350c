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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The sample application: calls Salesforce's REST API through an {@code @HttpExchange}
 * interface and a {@code RestClient}, with tokens of the JWT bearer grant that the
 * starter obtains from {@code application.yml} alone. No base URL is set: relative URIs
 * go to the {@code instance_url} of the token.
 * <p>
 * Against a real org, set the {@code SF_*} variables (see {@code docs/salesforce.md}).
 * Against the test kit's mock org, run {@code TestSampleApplication} from the test
 * sources ({@code mvn spring-boot:test-run}).
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@SpringBootApplication
@ImportHttpServices(group = "salesforce", types = SalesforceApi.class,
		clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
public class SampleApplication {

	/**
	 * Run the sample: it calls the org, prints what happened and stops.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		int exitCode = SpringApplication.exit(SpringApplication.run(SampleApplication.class, args));
		if (exitCode != 0) {
			System.exit(exitCode);
		}
	}

}
