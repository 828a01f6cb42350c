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

package io.github.jwtbearer.starter.kit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.github.jwtbearer.test.ApiCall;
import io.github.jwtbearer.test.AutoConfigureMockJwtBearerServer;
import io.github.jwtbearer.test.MockJwtBearerServer;
import io.github.jwtbearer.test.TokenRequest;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.registry.ImportHttpServices;

import static io.github.jwtbearer.test.MockJwtBearerServerAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * An application's own test, written as a user would with the starter and its test kit
 * only: calls carry the kit's tokens, a revoked session is recovered, a 503 from the
 * token endpoint is retried.
 *
 * @author JWT Bearer for Spring contributors
 */
@SpringBootTest(classes = KitApplicationTests.AccountsApplication.class,
		properties = { "jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9example",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.retry.initial-delay=10ms" })
@AutoConfigureMockJwtBearerServer
class KitApplicationTests {

	private static final String ACCOUNT = "/services/data/v62.0/sobjects/Account/001xx000003DGb2AAG";

	@TempDir
	static Path directory;

	@Autowired
	private MockJwtBearerServer server;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private AccountApi accountApi;

	@DynamicPropertySource
	static void privateKey(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' })
					.encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Path key = Files.writeString(directory.resolve("salesforce.key"), pem, StandardCharsets.US_ASCII);
		registry.add("jwt-bearer.registration.salesforce.private-key", () -> "file:" + key);
	}

	@BeforeEach
	void fakeApi() {
		this.server.setApiDispatcher((request) -> new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"Id\":\"001xx000003DGb2AAG\",\"Name\":\"Acme\"}")
			.build());
	}

	@Test
	void restClientCallCarriesTheKitsToken() {
		String account = this.restClientBuilder.build()
			.get()
			.uri(ACCOUNT)
			.attributes(clientRegistrationId("salesforce"))
			.retrieve()
			.body(String.class);
		assertThat(account).contains("Acme");
		assertThat(this.server).apiCalls().last().extracting(ApiCall::isAuthorized).isEqualTo(true);
		assertThat(this.server).lastAssertionClaims()
			.containsEntry("iss", "3MVG9example")
			.containsEntry("sub", "integration@acme.com")
			.containsEntry("aud", "https://login.salesforce.com");
		assertThat(this.server).hasNoReplayedJti();
	}

	@Test
	void httpExchangeCallCarriesTheKitsToken() {
		assertThat(this.accountApi.account("001xx000003DGb2AAG")).contains("Acme");
		assertThat(this.server).apiCalls().last().extracting(ApiCall::isAuthorized).isEqualTo(true);
	}

	@Test
	void revokedSessionIsRecoveredWithANewToken() {
		this.accountApi.account("001xx000003DGb2AAG");
		int tokenRequests = this.server.getTokenRequests().size();
		int refused = this.server.getUnauthorizedApiCalls().size();
		this.server.expireAllSessions();
		assertThat(this.accountApi.account("001xx000003DGb2AAG")).contains("Acme");
		assertThat(this.server).tokenRequests().hasSize(tokenRequests + 1);
		assertThat(this.server).unauthorizedApiCalls().hasSize(refused + 1);
	}

	@Test
	void unavailableTokenEndpointIsRetried() {
		this.accountApi.account("001xx000003DGb2AAG");
		int tokenRequests = this.server.getTokenRequests().size();
		this.server.expireAllSessions();
		this.server.failNextTokenRequests(1, 503);
		assertThat(this.accountApi.account("001xx000003DGb2AAG")).contains("Acme");
		assertThat(this.server).tokenRequests()
			.hasSize(tokenRequests + 2)
			.extracting(TokenRequest::getStatus)
			.endsWith(503, 200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "accounts", types = AccountApi.class)
	static class AccountsApplication {

	}

}
