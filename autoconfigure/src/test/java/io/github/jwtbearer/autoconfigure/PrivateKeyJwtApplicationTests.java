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

package io.github.jwtbearer.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code client-authentication-method: private_key_jwt} under a running
 * application context, servlet and reactive, against a token endpoint that authenticates
 * the client by its client assertion (RFC 7523 section 2.2), as Keycloak does.
 *
 * @author JWT Bearer for Spring contributors
 */
class PrivateKeyJwtApplicationTests {

	private static final KeyPair KEY = TestKeys.rsa2048();

	private static final KeyPair NEW_KEY = TestKeys.rsa2048();

	private static final String CLIENT_ID = "orders-service";

	private static final OAuth2AuthorizeRequest REQUEST = OAuth2AuthorizeRequest.withClientRegistrationId("keycloak")
		.principal("app")
		.build();

	@TempDir
	Path directory;

	private final List<String> jtis = new CopyOnWriteArrayList<>();

	private volatile PublicKey clientKey = KEY.getPublic();

	private MockWebServer server;

	private String tokenUri;

	private Path keyFile;

	@BeforeEach
	void start() throws IOException {
		this.server = new MockWebServer();
		this.server.setDispatcher(new ClientAssertionVerifyingDispatcher());
		this.server.start();
		this.tokenUri = this.server.url("/realms/acme/protocol/openid-connect/token").toString();
		this.keyFile = TestPemFiles.write(this.directory, "client.key", TestKeys.pkcs8Pem(KEY.getPrivate()));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void authorizeWhenPrivateKeyJwtThenTokenEndpointAuthenticatesClientByItsAssertion() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> {
				JwtBearerOAuth2AuthorizedClientManager manager = context
					.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
				assertThat(manager.authorize(REQUEST).getAccessToken().getTokenValue()).isEqualTo("token-1");
				manager.removeAuthorizedClient(REQUEST);
				assertThat(manager.authorize(REQUEST).getAccessToken().getTokenValue()).isEqualTo("token-2");
				assertThat(this.jtis).hasSize(2).doesNotHaveDuplicates();
			});
	}

	@Test
	void authorizeWhenPrivateKeyJwtReactiveThenTokenEndpointAuthenticatesClientByItsAssertion() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> {
				JwtBearerReactiveOAuth2AuthorizedClientManager manager = context
					.getBean(JwtBearerReactiveOAuth2AuthorizedClientManager.class);
				assertThat(manager.authorize(REQUEST).block().getAccessToken().getTokenValue()).isEqualTo("token-1");
				assertThat(this.jtis).hasSize(1);
			});
	}

	@Test
	void authorizeWhenKeyReplacedThenClientAssertionSignedWithNewKey() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withBean(SigningKeyReloads.class, () -> new SigningKeyReloads(Duration.ofMillis(50), Clock.systemUTC()))
			.withPropertyValues(properties())
			.withPropertyValues("jwt-bearer.registration.keycloak.reload-on-update=true")
			.run((context) -> {
				JwtBearerOAuth2AuthorizedClientManager manager = context
					.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
				manager.authorize(REQUEST);
				// the client's new key is registered with the server, then swapped in
				this.clientKey = NEW_KEY.getPublic();
				TestPemFiles.write(this.directory, "client.key", TestKeys.pkcs8Pem(NEW_KEY.getPrivate()));
				ReloadingSigner signer = context.getBean(SigningKeyReloads.class).get("keycloak");
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> signer.getApplied() == 1);
				manager.removeAuthorizedClient(REQUEST);
				assertThat(manager.authorize(REQUEST).getAccessToken().getTokenValue()).isEqualTo("token-2");
			});
	}

	private String[] properties() {
		String prefix = "jwt-bearer.registration.keycloak.";
		return new String[] { "jwt-bearer.retry.max-attempts=1", prefix + "client-id=" + CLIENT_ID,
				prefix + "subject=integration@acme.com", prefix + "token-uri=" + this.tokenUri,
				prefix + "private-key=file:" + this.keyFile, prefix + "client-authentication-method=private_key_jwt" };
	}

	/**
	 * Authenticates the client by the signature and claims of its client assertion, with
	 * the client's registered public key, and answers with a token.
	 */
	private final class ClientAssertionVerifyingDispatcher extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			PrivateKeyJwtApplicationTests tests = PrivateKeyJwtApplicationTests.this;
			Map<String, String> form = TestTokenEndpoint.formParameters(request);
			if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
					|| form.get("client_assertion") == null) {
				return TestTokenEndpoint.json(401, "{\"error\":\"invalid_client\"}");
			}
			Map<String, Object> claims;
			try {
				claims = TestJwts.verify(form.get("client_assertion"), tests.clientKey).claims();
			}
			catch (AssertionError ex) {
				return TestTokenEndpoint.json(401,
						"{\"error\":\"invalid_client\",\"error_description\":\"bad signature\"}");
			}
			Object audience = claims.get("aud");
			long expiresAt = ((Number) claims.get("exp")).longValue();
			if (!CLIENT_ID.equals(claims.get("iss")) || !CLIENT_ID.equals(claims.get("sub"))
					|| !((audience instanceof List<?> list) ? list : List.of(audience)).contains(tests.tokenUri)
					|| expiresAt < Instant.now().getEpochSecond() || !(claims.get("jti") instanceof String jti)) {
				return TestTokenEndpoint.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"claims\"}");
			}
			tests.jtis.add(jti);
			return TestTokenEndpoint.responseWithExpiresIn("token-" + tests.jtis.size(), 3600);
		}

	}

}
