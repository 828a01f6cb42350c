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
import java.util.ArrayList;
import java.util.List;

import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for token requests to a token endpoint whose certificate comes from a private CA,
 * and that may demand a client certificate: trusted and authenticated through
 * {@code token-endpoint-ssl-bundle}, with Spring Boot's HTTP client support.
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenEndpointTlsTests {

	private static final String PREFIX = "jwt-bearer.registration.idp.";

	@TempDir
	Path directory;

	private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("jwt-bearer test CA")
		.build();

	private final HeldCertificate serverCertificate = new HeldCertificate.Builder().commonName("localhost")
		.addSubjectAlternativeName("localhost")
		.addSubjectAlternativeName("127.0.0.1")
		.signedBy(this.ca)
		.build();

	private final HeldCertificate clientCertificate = new HeldCertificate.Builder().commonName("jwt-bearer client")
		.signedBy(this.ca)
		.build();

	private final MockWebServer server = new MockWebServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class));

	@BeforeEach
	void startServer() throws IOException {
		HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder()
			.heldCertificate(this.serverCertificate)
			.addTrustedCertificate(this.ca.certificate())
			.build();
		this.server.useHttps(serverCertificates.sslSocketFactory());
		for (int i = 0; i < 4; i++) {
			this.server.enqueue(TestTokenEndpoint.responseWithExpiresIn("token-" + i, 3600));
		}
	}

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	@Test
	void tokenRequestWhenCertificateFromPrivateCaAndNoBundleThenFailsWithTlsHint() throws IOException {
		this.server.start();
		this.contextRunner.withPropertyValues(properties()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> authorize(context))
				.withMessageContaining("the TLS handshake failed (SSLHandshakeException)")
				.withMessageContaining("set token-endpoint-ssl-bundle to an SSL bundle whose trust store holds the CA "
						+ "of the token endpoint");
		});
	}

	@Test
	void tokenRequestWhenBundleTrustsPrivateCaThenSucceeds() throws IOException {
		this.server.start();
		this.contextRunner.withPropertyValues(properties(trustOnly())).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(authorize(context).getAccessToken().getTokenValue()).isEqualTo("token-0");
		});
	}

	@Test
	void tokenRequestWhenEndpointDemandsClientCertificateAndBundleHasNoKeyThenFails() throws IOException {
		this.server.requireClientAuth();
		this.server.start();
		// TLS 1.2: the server refuses within the handshake. Under TLS 1.3 its refusal may
		// come after the client has finished its part, and shows as a closed connection
		List<String> properties = new ArrayList<>(trustOnly());
		properties.add("spring.ssl.bundle.pem.idp.options.enabled-protocols=TLSv1.2");
		this.contextRunner.withPropertyValues(properties(properties)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> authorize(context))
				.withMessageContaining("the TLS handshake failed (SSLHandshakeException)")
				.withMessageContaining("(and whose key is the client certificate's, for mutual TLS)");
		});
	}

	@Test
	void tokenRequestWhenEndpointDemandsClientCertificateAndBundleHasKeyThenSucceedsWithMutualTls() throws Exception {
		this.server.requireClientAuth();
		this.server.start();
		this.contextRunner.withPropertyValues(properties(withKey())).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(authorize(context).getAccessToken().getTokenValue()).isEqualTo("token-0");
		});
		assertThat(this.server.takeRequest().getHandshake().peerPrincipal().getName())
			.isEqualTo("CN=jwt-bearer client");
	}

	@Test
	void reactiveTokenRequestUsesBundleForTrustAndMutualTls() throws IOException {
		this.server.requireClientAuth();
		this.server.start();
		ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class));
		reactive.withPropertyValues(properties()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatExceptionOfType(ClientAuthorizationException.class).isThrownBy(() -> authorizeReactive(context))
				.withMessageContaining("set token-endpoint-ssl-bundle");
		});
		reactive.withPropertyValues(properties(withKey())).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(authorizeReactive(context).getAccessToken().getTokenValue()).startsWith("token-");
		});
	}

	@Test
	void unknownBundleFailsStartupNamingTheProperty() throws IOException {
		this.server.start();
		this.contextRunner.withPropertyValues(properties(PREFIX + "token-endpoint-ssl-bundle=missing"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new InvalidJwtBearerRegistrationFailureAnalyzer().analyze(context.getStartupFailure()))
					.satisfies((analysis) -> {
						assertThat(analysis.getDescription()).contains("there is no SSL bundle 'missing'")
							.contains("(property " + PREFIX + "token-endpoint-ssl-bundle)");
						assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.missing");
					});
			});
	}

	private List<String> trustOnly() {
		return List.of(PREFIX + "token-endpoint-ssl-bundle=idp",
				"spring.ssl.bundle.pem.idp.truststore.certificate=" + file("ca.pem", this.ca.certificatePem()));
	}

	private List<String> withKey() {
		List<String> properties = new ArrayList<>(trustOnly());
		properties.add("spring.ssl.bundle.pem.idp.keystore.certificate="
				+ file("client.pem", this.clientCertificate.certificatePem()));
		properties.add("spring.ssl.bundle.pem.idp.keystore.private-key="
				+ file("client-key.pem", this.clientCertificate.privateKeyPkcs8Pem()));
		return properties;
	}

	private String[] properties(List<String> more) {
		List<String> properties = new ArrayList<>(List.of(properties()));
		properties.addAll(more);
		return properties.toArray(String[]::new);
	}

	private String[] properties(String... more) {
		List<String> properties = new ArrayList<>(
				List.of(PREFIX + "client-id=client", PREFIX + "subject=robot@acme.com",
						PREFIX + "private-key="
								+ file("signing-key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa())),
						PREFIX + "token-uri=" + this.server.url("/token"), "jwt-bearer.retry.max-attempts=1"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	private String file(String name, String content) {
		return "file:" + TestPemFiles.write(this.directory, name, content);
	}

	private static OAuth2AuthorizedClient authorize(AssertableApplicationContext context) {
		return context.getBean(OAuth2AuthorizedClientManager.class)
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("idp").principal("app").build());
	}

	private static OAuth2AuthorizedClient authorizeReactive(AssertableReactiveWebApplicationContext context) {
		return context.getBean(ReactiveOAuth2AuthorizedClientManager.class)
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("idp").principal("app").build())
			.block();
	}

}
