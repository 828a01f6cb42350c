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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerSubjectResolver;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestTimeouts;
import io.github.jwtbearer.test.MockJwtBearerServer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerShutdownRevocation}: {@code revoke-on-shutdown} against the
 * test kit's mock org.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerShutdownRevocationTests {

	private static final String CLIENT_ID = "3MVG9consumerkey";

	@TempDir
	static Path directory;

	static String keyLocation;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
		// the subject of a call is its "subject" attribute
		.withBean(JwtBearerSubjectResolver.class, () -> (request) -> (String) request.getAttributes().get("subject"));

	private MockJwtBearerServer org;

	@BeforeAll
	static void writeKey() {
		keyLocation = "file:"
				+ TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	@BeforeEach
	void startOrg() {
		this.org = MockJwtBearerServer.salesforce().start();
		this.org.trust(CLIENT_ID, TestPemFiles.rsa().getPublic())
			.addSubject("integration@acme.com", "alice@acme.com", "bob@acme.com");
	}

	@AfterEach
	void stopOrg() {
		this.org.close();
	}

	@Test
	void stoppingTheContextRevokesEachLiveTokenOnce() {
		List<String> live = new ArrayList<>();
		try (TestLogs logs = TestLogs.capture(JwtBearerShutdownRevocation.class.getName(), Level.DEBUG)) {
			this.contextRunner.withPropertyValues(salesforce("revoke-on-shutdown=true")).run((context) -> {
				live.add(token(context, "alice@acme.com"));
				live.add(token(context, "bob@acme.com"));
				assertThat(token(context, "alice@acme.com")).isEqualTo(live.get(0));
				context.close();
				context.close();
			});
			assertThat(this.org.getRevokedTokens()).containsExactlyInAnyOrderElementsOf(live);
			assertThat(live).noneMatch(this.org::isValid);
			assertThat(logs.lines())
				.containsExactly("INFO Revoked 2 token(s) of JWT bearer registration 'salesforce' on shutdown");
		}
	}

	@Test
	void tokenOfTheReactiveManagerIsRevokedToo() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
			.withPropertyValues(salesforce("revoke-on-shutdown=true"))
			.run((context) -> {
				OAuth2AuthorizedClient authorizedClient = context.getBean(ReactiveOAuth2AuthorizedClientManager.class)
					.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("app").build())
					.block();
				assertThat(authorizedClient).isNotNull();
				context.close();
				assertThat(this.org.getRevokedTokens())
					.containsExactly(authorizedClient.getAccessToken().getTokenValue());
			});
	}

	@Test
	void tokenEvictedAfter401IsNotRevoked() {
		this.contextRunner.withPropertyValues(salesforce("revoke-on-shutdown=true")).run((context) -> {
			OAuth2AuthorizedClient refused = authorize(context, "alice@acme.com");
			// the org ends the session: the API answers 401 and the token is evicted
			this.org.revoke(refused.getAccessToken().getTokenValue());
			context.getBean(JwtBearerOAuth2AuthorizedClientManager.class)
				.removeAuthorizedClient(request("alice@acme.com"), refused.getAccessToken());
			String replacement = token(context, "alice@acme.com");
			assertThat(replacement).isNotEqualTo(refused.getAccessToken().getTokenValue());
			context.close();
			assertThat(this.org.getRevokedTokens()).containsExactly(replacement);
		});
	}

	@Test
	void registrationsWithoutRevokeOnShutdownRevokeNothing() {
		this.contextRunner.withPropertyValues(salesforce()).run((context) -> {
			token(context, "alice@acme.com");
			context.close();
			assertThat(this.org.getRevokedTokens()).isEmpty();
		});
	}

	@Test
	void genericProviderRevokesAtItsRevocationUri() {
		try (MockJwtBearerServer server = MockJwtBearerServer.generic().start()) {
			server.trust(CLIENT_ID, TestPemFiles.rsa().getPublic()).addSubject("alice@acme.com");
			this.contextRunner
				.withPropertyValues(property("provider=generic"), property("client-id=" + CLIENT_ID),
						property("subject=integration@acme.com"), property("private-key=" + keyLocation),
						property("token-uri=" + server.getTokenUri()), property("revoke-on-shutdown=true"),
						property("revocation-uri=" + server.getRevocationUri()))
				.run((context) -> {
					String token = token(context, "alice@acme.com");
					context.close();
					assertThat(server.getRevokedTokens()).containsExactly(token);
				});
		}
	}

	@Test
	void revocationAuthenticatesTheClientAsTheTokenRequestDoes() throws Exception {
		try (MockJwtBearerServer server = MockJwtBearerServer.generic().start();
				MockWebServer revocation = new MockWebServer()) {
			revocation.start(InetAddress.getLoopbackAddress(), 0);
			revocation.enqueue(new MockResponse.Builder().code(200).build());
			server.trust(CLIENT_ID, TestPemFiles.rsa().getPublic()).addSubject("alice@acme.com");
			this.contextRunner.withPropertyValues(property("provider=generic"), property("client-id=" + CLIENT_ID),
					property("subject=integration@acme.com"), property("private-key=" + keyLocation),
					property("token-uri=" + server.getTokenUri()),
					property("client-authentication-method=client_secret_basic"), property("client-secret=s3cret/+"),
					property("revoke-on-shutdown=true"), property("revocation-uri=" + revocation.url("/revoke")))
				.run((context) -> {
					String token = token(context, "alice@acme.com");
					context.close();
					RecordedRequest request = revocation.takeRequest();
					assertThat(request.getMethod()).isEqualTo("POST");
					assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
						.encodeToString((CLIENT_ID + ":s3cret%2F%2B").getBytes(StandardCharsets.UTF_8)));
					assertThat(request.getBody().utf8()).isEqualTo("token="
							+ URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token");
				});
		}
	}

	@Test
	void genericProviderWithoutRevocationUriFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues(property("provider=generic"), property("client-id=" + CLIENT_ID),
					property("subject=integration@acme.com"), property("private-key=" + keyLocation),
					property("token-uri=" + this.org.getTokenUri()), property("revoke-on-shutdown=true"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtBearerRegistrationException.class)
				.hasMessageContaining("jwt-bearer.registration.salesforce.revocation-uri"));
	}

	@Test
	void revocationUriOverPlainHttpToAnotherHostFailsStartup() {
		this.contextRunner
			.withPropertyValues(salesforce("revoke-on-shutdown=true", "revocation-uri=http://login.example.com/revoke"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtBearerRegistrationException.class)
				.hasMessageContaining("revocation-uri uses http"));
	}

	@Test
	void shutdownEndsWithinTheTimeoutWhenTheEndpointDoesNotAnswer() throws IOException {
		// a server that accepts connections (the backlog does) and never answers
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				TestLogs logs = TestLogs.capture(JwtBearerShutdownRevocation.class.getName(), Level.DEBUG)) {
			this.contextRunner
				.withPropertyValues(salesforce("revoke-on-shutdown=true",
						"revocation-uri=http://127.0.0.1:" + silent.getLocalPort() + "/services/oauth2/revoke"))
				.withPropertyValues("jwt-bearer.revocation-timeout=300ms")
				.run((context) -> {
					token(context, "alice@acme.com");
					token(context, "bob@acme.com");
					// the read timeout is 15 s: only the revocation timeout ends the wait
					TestTimeouts.within(Duration.ofSeconds(10), () -> {
						context.close();
						return null;
					});
				});
			assertThat(logs.lines()).containsExactly("WARN Revoked 0 of 2 token(s) of JWT bearer registration "
					+ "'salesforce' on shutdown: 0 refused by the revocation endpoint, 2 without an answer within "
					+ "300 ms (jwt-bearer.revocation-timeout); those stay valid until they expire");
		}
	}

	private String[] salesforce(String... more) {
		List<String> properties = new ArrayList<>(List.of(property("provider=salesforce"),
				property("client-id=" + CLIENT_ID), property("subject=integration@acme.com"),
				property("private-key=" + keyLocation), property("token-uri=" + this.org.getTokenUri())));
		for (String value : more) {
			properties.add(property(value));
		}
		return properties.toArray(String[]::new);
	}

	private static String property(String value) {
		return "jwt-bearer.registration.salesforce." + value;
	}

	private static String token(AssertableApplicationContext context, String subject) {
		return authorize(context, subject).getAccessToken().getTokenValue();
	}

	private static OAuth2AuthorizedClient authorize(AssertableApplicationContext context, String subject) {
		OAuth2AuthorizedClient authorizedClient = context.getBean(OAuth2AuthorizedClientManager.class)
			.authorize(request(subject));
		assertThat(authorizedClient).isNotNull();
		return authorizedClient;
	}

	private static OAuth2AuthorizeRequest request(String subject) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
			.principal("app")
			.attribute("subject", subject)
			.build();
	}

}
