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

import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId;

/**
 * A reactive application with the starter: WebClient and reactive HTTP service interfaces
 * carry the token through the reactive manager, and the application's own endpoints stay
 * unsecured.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = ReactiveApplicationTests.ReactiveApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=reactive")
class ReactiveApplicationTests {

	private static final String ACCOUNT = "/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG";

	@TempDir
	static Path directory;

	static TestOrg org;

	@Autowired
	private WebClient.Builder webClientBuilder;

	@Autowired
	private ReactiveAccountsApi accountsApi;

	@Autowired
	private ReactiveOAuth2AuthorizedClientManager authorizedClientManager;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void orgProperties(DynamicPropertyRegistry registry) {
		org = new TestOrg(directory);
		org.register(registry);
		registry.add("spring.http.serviceclient.accounts.base-url", org::baseUrl);
	}

	@AfterAll
	static void closeOrg() {
		org.close();
	}

	@Test
	void managerIsTheReactiveOne() {
		assertThat(this.authorizedClientManager).isInstanceOf(JwtBearerReactiveOAuth2AuthorizedClientManager.class);
	}

	@Test
	void webClientBuilderSendsTheToken() {
		String account = this.webClientBuilder.build()
			.get()
			.uri(org.baseUrl() + ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.bodyToMono(String.class)
			.block();
		assertThat(account).contains("Acme");
		assertThat(org.apiAuthorizations()).last()
			.isEqualTo("Bearer " + org.issuedTokens().get(org.issuedTokens().size() - 1));
		assertThat(org.refusedTokenRequests()).isEmpty();
	}

	@Test
	void fiftyCallsThroughTheHttpServiceInterfaceCostOneTokenRequest() {
		assertThat(this.accountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		int tokenRequests = org.tokenRequests();
		for (int i = 0; i < 50; i++) {
			assertThat(this.accountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		}
		assertThat(org.tokenRequests()).isEqualTo(tokenRequests);
	}

	@Test
	void revokedTokenIsReplacedAfterOne401AndTheCallSucceeds() {
		assertThat(this.accountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		int tokenRequests = org.tokenRequests();
		org.revokeTokens();
		assertThat(this.accountsApi.account("001xx000003DGb2AAG").block()).contains("Acme");
		assertThat(org.tokenRequests()).isEqualTo(tokenRequests + 1);
	}

	@Test
	void applicationEndpointsStayUnsecured() {
		ResponseEntity<String> response = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/hello")
			.retrieve()
			.toEntity(String.class)
			.block();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("hello");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "accounts", types = ReactiveAccountsApi.class,
			clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	@RestController
	static class ReactiveApplication {

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

	}

}
