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
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * A servlet application with the starter: RestClient, WebClient and HTTP service
 * interfaces of both client types carry the token, one token serves them all, and the
 * application's own endpoints stay unsecured.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = ServletApplicationTests.ServletApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ServletApplicationTests {

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
	private StartupCall startupCall;

	@LocalServerPort
	private int port;

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
	void restClientBuilderSendsTheToken() {
		String account = this.restClientBuilder.build()
			.get()
			.uri(org.baseUrl() + ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class);
		assertThat(account).contains("Acme");
		assertThat(org.apiAuthorizations()).last()
			.isEqualTo("Bearer " + org.issuedTokens().get(org.issuedTokens().size() - 1));
		assertThat(org.refusedTokenRequests()).isEmpty();
	}

	@Test
	void webClientBuilderSendsTheToken() {
		String account = this.webClientBuilder.build()
			.get()
			.uri(org.baseUrl() + ACCOUNT)
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
			.retrieve()
			.bodyToMono(String.class)
			.block();
		assertThat(account).contains("Acme");
	}

	@Test
	void httpServiceInterfacesOfBothClientTypesSendTheToken() {
		assertThat(this.accountsApi.account("001xx000003DGb2AAG")).contains("Acme");
		assertThat(this.reactiveAccountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
	}

	@Test
	void requestsWithoutRegistrationAttributeCarryNoToken() {
		ResponseEntity<Void> response = this.restClientBuilder.build()
			.get()
			.uri(org.baseUrl() + ACCOUNT)
			.retrieve()
			.onStatus((status) -> true, (request, reply) -> {
			})
			.toBodilessEntity();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(org.apiAuthorizations()).last().isEqualTo("null");
	}

	@Test
	void fiftyCallsCostOneTokenRequest() {
		assertThat(this.accountsApi.account("001xx000003DGb2AAG")).contains("Acme");
		int tokenRequests = org.tokenRequests();
		for (int i = 0; i < 25; i++) {
			assertThat(this.accountsApi.account("001xx000003DGb2AAG")).contains("Acme");
			assertThat(this.reactiveAccountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		}
		assertThat(org.tokenRequests()).isEqualTo(tokenRequests);
	}

	@Test
	void revokedTokenIsReplacedAfterOne401AndTheCallSucceeds() {
		assertThat(this.accountsApi.account("001xx000003DGb2AAG")).contains("Acme");
		int tokenRequests = org.tokenRequests();
		org.revokeTokens();
		assertThat(this.accountsApi.account("001xx000003DGb2AAG")).contains("Acme");
		assertThat(this.reactiveAccountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		assertThat(org.tokenRequests()).isEqualTo(tokenRequests + 1);
	}

	@Test
	void relativeUriGoesToTheInstanceUrl() {
		String viaRestClient = this.restClientBuilder.build()
			.get()
			.uri(ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class);
		String viaWebClient = this.webClientBuilder.build()
			.get()
			.uri(ACCOUNT)
			.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
			.retrieve()
			.bodyToMono(String.class)
			.block();
		assertThat(viaRestClient).contains("Acme");
		assertThat(viaWebClient).contains("Acme");
	}

	@Test
	void callsOutsideAnyRequestWorkAtStartup() {
		assertThat(this.startupCall.result.get()).contains("Acme");
	}

	@Test
	void applicationEndpointsStayUnsecured() {
		ResponseEntity<String> response = RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + "/hello")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("hello");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "accounts", types = AccountsApi.class)
	@ImportHttpServices(group = "reactive-accounts", types = ReactiveAccountsApi.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	@RestController
	static class ServletApplication {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@Bean
		StartupCall startupCall(AccountsApi accountsApi) {
			return new StartupCall(accountsApi);
		}

	}

	static class StartupCall implements ApplicationRunner {

		final AtomicReference<String> result = new AtomicReference<>();

		private final AccountsApi accountsApi;

		StartupCall(AccountsApi accountsApi) {
			this.accountsApi = accountsApi;
		}

		@Override
		public void run(ApplicationArguments args) {
			this.result.set(this.accountsApi.account("001xx000003DGb2AAG"));
		}

	}

}
