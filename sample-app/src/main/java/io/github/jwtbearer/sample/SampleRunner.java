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

import java.io.PrintStream;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * Calls the org and prints what happened: the records, where the token came from, the
 * {@code instance_url} of the token response, and how many token requests the calls
 * needed.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@Component
class SampleRunner implements ApplicationRunner {

	static final String QUERY = "SELECT Id, Name FROM Account";

	// tokens are stored per registration and subject, whoever asks: this one shares the
	// token the RestClient interceptor and the WebClient filter use
	private static final String PRINCIPAL = "sample-runner";

	private final SalesforceApi salesforce;

	private final RestClient restClient;

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final int calls;

	private final PrintStream out = System.out;

	SampleRunner(SalesforceApi salesforce, RestClient.Builder restClientBuilder,
			OAuth2AuthorizedClientManager authorizedClientManager, @Value("${sample.calls:50}") int calls) {
		Assert.isTrue(calls > 0, "sample.calls must be positive");
		this.salesforce = salesforce;
		this.restClient = restClientBuilder.build();
		this.authorizedClientManager = authorizedClientManager;
		this.calls = calls;
	}

	@Override
	public void run(ApplicationArguments args) {
		// what the calls below would do by themselves: here to show where the token came
		// from and the instance_url that came with it
		OAuth2AuthorizedClient client = this.authorizedClientManager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal(PRINCIPAL).build());
		Assert.state(client != null, "No authorized client for registration 'salesforce'");
		String instanceUrl = (client instanceof JwtBearerAuthorizedClient jwtBearer) ? jwtBearer.getInstanceUrl()
				: null;
		this.out.printf("Access token from %s%n", client.getClientRegistration().getProviderDetails().getTokenUri());
		this.out.printf("  instance_url  %s%n", instanceUrl);
		this.out.printf("  expires at    %s%n", client.getAccessToken().getExpiresAt());

		QueryResult result = this.salesforce.query(QUERY);
		this.out.printf("%s: %d records, through the @HttpExchange interface SalesforceApi (WebClient)%n", QUERY,
				result.totalSize());
		result.records().forEach((account) -> this.out.printf("  %s  %s%n", account.id(), account.name()));

		if (instanceUrl != null && !result.records().isEmpty()) {
			Account account = this.restClient.get()
				// a relative URI: the starter sends it to the token's instance_url
				.uri("/services/data/v62.0/sobjects/Account/{id}", result.records().get(0).id())
				.attributes(ClientAttributes.clientRegistrationId("salesforce"))
				.retrieve()
				.body(Account.class);
			Assert.state(account != null, "No account");
			this.out.printf("Account %s, through RestClient at the instance_url: %s (%s, %s)%n", account.id(),
					account.name(), account.industry(), account.billingCity());
		}

		for (int i = 1; i < this.calls; i++) {
			this.salesforce.query(QUERY);
		}
		this.out.printf("Queries sent through SalesforceApi: %d%n", this.calls);
	}

}
