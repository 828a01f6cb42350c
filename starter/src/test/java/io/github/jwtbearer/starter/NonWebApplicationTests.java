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

package io.github.jwtbearer.starter;

import java.nio.file.Path;
import java.util.List;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * A non-web application with the starter, as a batch job or a scheduled task runs:
 * RestClient, WebClient and HTTP service interfaces carry the token outside any request,
 * and RestClient and WebClient share it.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = NonWebApplicationTests.BatchApplication.class,
		properties = "spring.main.web-application-type=none")
class NonWebApplicationTests {

	private static final String ACCOUNT = "/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG";

	@TempDir
	static Path directory;

	static TestOrg org;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private WebClient.Builder webClientBuilder;

	@Autowired
	private AccountsApi accountsApi;

	@Autowired
	private ReactiveAccountsApi reactiveAccountsApi;

	@Autowired
	private OAuth2AuthorizedClientManager authorizedClientManager;

	@DynamicPropertySource
	static void orgProperties(DynamicPropertyRegistry registry) {
		org = new TestOrg(directory);
		org.register(registry);
		registry.add("spring.http.serviceclient.accounts.base-url", org::baseUrl);
		registry.add("spring.http.serviceclient.reactive-accounts.base-url", org::baseUrl);
	}

	@AfterAll
	static void closeOrg() {
		org.close();
	}

	@Test
	void everyClientSendsTheSameTokenOutsideAnyRequest() {
		int tokenRequestsBefore = org.tokenRequests();
		int callsBefore = org.apiAuthorizations().size();
		assertThat(this.restClientBuilder.build()
			.get()
			.uri(org.baseUrl() + ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class)).contains("Acme");
		assertThat(this.webClientBuilder.build()
			.get()
			.uri(org.baseUrl() + ACCOUNT)
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
			.retrieve()
			.bodyToMono(String.class)
			.block()).contains("Acme");
		for (int i = 0; i < 24; i++) {
			assertThat(this.accountsApi.account("001xx000003DGb2AAG")).contains("Acme");
			assertThat(this.reactiveAccountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		}
		assertThat(org.tokenRequests() - tokenRequestsBefore).isEqualTo(1);
		List<String> authorizations = org.apiAuthorizations();
		assertThat(authorizations.subList(callsBefore, authorizations.size())).hasSize(50)
			.containsOnly("Bearer " + org.issuedTokens().get(org.issuedTokens().size() - 1));
	}

	@Test
	void managerGivesTheAuthorizedClientWithInstanceUrl() {
		OAuth2AuthorizedClient client = this.authorizedClientManager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("batch-job").build());
		assertThat(client).isInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(((JwtBearerAuthorizedClient) client).getInstanceUrl()).isEqualTo(org.baseUrl());
		assertThat(((JwtBearerAuthorizedClient) client).getAdditionalParameters()).containsKeys("id", "issued_at");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "accounts", types = AccountsApi.class)
	@ImportHttpServices(group = "reactive-accounts", types = ReactiveAccountsApi.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class BatchApplication {

	}

}
