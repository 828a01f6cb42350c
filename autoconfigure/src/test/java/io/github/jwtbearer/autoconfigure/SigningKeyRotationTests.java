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
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.github.jwtbearer.actuate.JwtBearerEndpoint;
import io.github.jwtbearer.actuate.JwtBearerEndpoint.RegistrationDescriptor;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestJwts.DecodedJwt;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestLogs;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code reload-on-update}: under a running application context, the key and
 * certificate files are replaced and the next token request is signed with the new key,
 * while a broken replacement is refused and the current key keeps signing.
 *
 * @author JWT Bearer for Spring contributors
 */
class SigningKeyRotationTests {

	private static final KeyPair OLD_KEY = TestKeys.rsa2048();

	private static final KeyPair NEW_KEY = TestKeys.rsa2048();

	private static final X509Certificate OLD_CERTIFICATE = TestKeys.selfSignedCertificate(OLD_KEY, "acme-2025");

	private static final X509Certificate NEW_CERTIFICATE = TestKeys.selfSignedCertificate(NEW_KEY, "acme-2026");

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final OAuth2AuthorizeRequest REQUEST = OAuth2AuthorizeRequest.withClientRegistrationId("idp")
		.principal("app")
		.build();

	@TempDir
	Path directory;

	private final List<Signed> signed = new CopyOnWriteArrayList<>();

	private final AtomicInteger tokens = new AtomicInteger();

	private MockWebServer server;

	private Path keyFile;

	private Path certificateFile;

	@BeforeEach
	void start() throws IOException {
		this.server = new MockWebServer();
		this.server.setDispatcher(new TrustingBothKeys());
		this.server.start();
		this.keyFile = TestPemFiles.write(this.directory, "idp.key", TestKeys.pkcs8Pem(OLD_KEY.getPrivate()));
		this.certificateFile = TestPemFiles.write(this.directory, "idp.crt", TestKeys.certificatePem(OLD_CERTIFICATE));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void keyAndCertificateReplacedThenNextTokenRequestSignedWithNewKey() {
		contextRunner().run((context) -> {
			JwtBearerOAuth2AuthorizedClientManager manager = context
				.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
			OAuth2AuthorizedClient first = manager.authorize(REQUEST);
			assertThat(this.signed).singleElement()
				.satisfies((signed) -> assertSignedBy(signed, OLD_KEY, OLD_CERTIFICATE));
			Instant startedAt = endpoint(context).keyChangedAt();
			String oldFingerprint = endpoint(context).keyFingerprint();

			TestPemFiles.write(this.directory, "idp.key", TestKeys.pkcs8Pem(NEW_KEY.getPrivate()));
			TestPemFiles.write(this.directory, "idp.crt", TestKeys.certificatePem(NEW_CERTIFICATE));
			awaitReloads(context, 1, 0);

			// the token in hand keeps serving, with no token request
			assertThat(manager.authorize(REQUEST)).isSameAs(first);
			assertThat(this.signed).hasSize(1);
			// the next token request is signed with the new key
			manager.removeAuthorizedClient(REQUEST);
			assertThat(manager.authorize(REQUEST).getAccessToken().getTokenValue()).isEqualTo("token-2");
			assertThat(this.signed).hasSize(2)
				.last()
				.satisfies((signed) -> assertSignedBy(signed, NEW_KEY, NEW_CERTIFICATE));
			assertThat(this.server.getRequestCount()).isEqualTo(2);

			RegistrationDescriptor descriptor = endpoint(context);
			assertThat(descriptor.keyFingerprint()).hasSize(64).isNotEqualTo(oldFingerprint);
			assertThat(descriptor.keyChangedAt()).isAfter(startedAt);
			assertThat(descriptor.certificate().subject()).isEqualTo("CN=acme-2026");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(SigningKeyReloadMetrics.KEY_RELOADS)
				.tags("registration", "idp", "outcome", "applied")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(meters.get(SigningKeyReloadMetrics.KEY_CHANGED).tags("registration", "idp").gauge().value())
				.isEqualTo(descriptor.keyChangedAt().getEpochSecond());
		});
	}

	@Test
	void sslBundleReloadedThenNextTokenRequestSignedWithNewKey() {
		contextRunner("jwt-bearer.registration.idp.ssl-bundle=signing",
				"spring.ssl.bundle.pem.signing.keystore.private-key=file:" + this.keyFile,
				"spring.ssl.bundle.pem.signing.keystore.certificate=file:" + this.certificateFile,
				"spring.ssl.bundle.pem.signing.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=50ms")
			.run((context) -> {
				JwtBearerOAuth2AuthorizedClientManager manager = context
					.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
				manager.authorize(REQUEST);
				// Boot's watcher reloads the bundle, whose update handler reloads the key
				TestPemFiles.write(this.directory, "idp.key", TestKeys.pkcs8Pem(NEW_KEY.getPrivate()));
				TestPemFiles.write(this.directory, "idp.crt", TestKeys.certificatePem(NEW_CERTIFICATE));
				awaitReloads(context, 1, 0);
				manager.removeAuthorizedClient(REQUEST);
				manager.authorize(REQUEST);
				assertThat(this.signed).hasSize(2);
				assertSignedBy(this.signed.get(0), OLD_KEY, OLD_CERTIFICATE);
				assertSignedBy(this.signed.get(1), NEW_KEY, NEW_CERTIFICATE);
			});
	}

	@Test
	void garbageReplacementThenRefusedAndCurrentKeyKeepsSigning() {
		contextRunner().run((context) -> {
			JwtBearerOAuth2AuthorizedClientManager manager = context
				.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
			manager.authorize(REQUEST);
			String garbage = "-----BEGIN PRIVATE KEY-----\nnot a key at all\n-----END PRIVATE KEY-----\n";
			try (TestLogs logs = TestLogs.capture(ReloadingSigner.class.getName(), Level.INFO)) {
				TestPemFiles.write(this.directory, "idp.key", garbage);
				awaitReloads(context, 0, 1);
				assertThat(logs.lines()).singleElement()
					.asString()
					.startsWith(
							"ERROR JWT bearer registration 'idp' refused its new signing key and keeps signing with "
									+ "the key with public key fingerprint " + endpoint(context).keyFingerprint())
					.contains("jwt-bearer.registration.idp.private-key")
					.doesNotContain("not a key at all");
			}
			manager.removeAuthorizedClient(REQUEST);
			assertThat(manager.authorize(REQUEST)).isNotNull();
			assertThat(this.signed).hasSize(2).allSatisfy((signed) -> assertSignedBy(signed, OLD_KEY, OLD_CERTIFICATE));
		});
	}

	@Test
	void keyWhoseCertificateDoesNotMatchThenRefusedAndCurrentKeyKeepsSigning() {
		contextRunner().run((context) -> {
			JwtBearerOAuth2AuthorizedClientManager manager = context
				.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
			manager.authorize(REQUEST);
			try (TestLogs logs = TestLogs.capture(ReloadingSigner.class.getName(), Level.INFO)) {
				// the new key without its certificate
				TestPemFiles.write(this.directory, "idp.key", TestKeys.pkcs8Pem(NEW_KEY.getPrivate()));
				awaitReloads(context, 0, 1);
				assertThat(logs.lines()).singleElement()
					.asString()
					.startsWith("ERROR JWT bearer registration 'idp' refused its new signing key")
					.contains("does not belong to the private key")
					.contains("jwt-bearer.registration.idp.certificate");
			}
			manager.removeAuthorizedClient(REQUEST);
			manager.authorize(REQUEST);
			assertThat(this.signed).hasSize(2).allSatisfy((signed) -> assertSignedBy(signed, OLD_KEY, OLD_CERTIFICATE));
			// its certificate follows: the pair is applied
			TestPemFiles.write(this.directory, "idp.crt", TestKeys.certificatePem(NEW_CERTIFICATE));
			awaitReloads(context, 1, 1);
			manager.removeAuthorizedClient(REQUEST);
			manager.authorize(REQUEST);
			assertThat(this.signed).hasSize(3)
				.last()
				.satisfies((signed) -> assertSignedBy(signed, NEW_KEY, NEW_CERTIFICATE));
		});
	}

	@Test
	void keyWithExpiredCertificateThenRefusedAndCurrentKeyKeepsSigning() {
		X509Certificate expired = TestKeys.selfSignedCertificate(NEW_KEY, "acme-expired",
				Instant.now().minus(Duration.ofHours(1)));
		assertRefusedThenOldKeySigns(TestKeys.pkcs8Pem(NEW_KEY.getPrivate()), TestKeys.certificatePem(expired),
				"certificate CN=acme-expired expired on");
	}

	@Test
	void keyThatDoesNotFitAlgorithmThenRefusedAndCurrentKeyKeepsSigning() {
		KeyPair ec = TestKeys.ec("P-256");
		assertRefusedThenOldKeySigns(TestKeys.pkcs8Pem(ec.getPrivate()),
				TestKeys.certificatePem(TestKeys.selfSignedCertificate(ec, "acme-ec")),
				"the new key does not sign with RS256, the algorithm of the registration: it signs with [ES256]");
	}

	private void assertRefusedThenOldKeySigns(String keyPem, String certificatePem, String cause) {
		contextRunner().run((context) -> {
			JwtBearerOAuth2AuthorizedClientManager manager = context
				.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
			manager.authorize(REQUEST);
			try (TestLogs logs = TestLogs.capture(ReloadingSigner.class.getName(), Level.INFO)) {
				TestPemFiles.write(this.directory, "idp.key", keyPem);
				TestPemFiles.write(this.directory, "idp.crt", certificatePem);
				awaitReloads(context, 0, 1);
				assertThat(logs.lines()).singleElement()
					.asString()
					.startsWith("ERROR JWT bearer registration 'idp' refused its new signing key")
					.contains(cause);
			}
			manager.removeAuthorizedClient(REQUEST);
			manager.authorize(REQUEST);
			assertThat(this.signed).hasSize(2).allSatisfy((signed) -> assertSignedBy(signed, OLD_KEY, OLD_CERTIFICATE));
		});
	}

	@Test
	void reloadOnUpdateWithPemTextThenFailsNamingProperty() {
		contextRunner()
			.withPropertyValues("jwt-bearer.registration.idp.private-key=" + TestKeys.pkcs8Pem(OLD_KEY.getPrivate()),
					"jwt-bearer.registration.idp.certificate=" + TestKeys.certificatePem(OLD_CERTIFICATE))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtBearerRegistrationException.class)
				.hasMessageContaining("jwt-bearer.registration.idp.reload-on-update"));
	}

	@Test
	void contextClosedThenWatcherStops() {
		contextRunner().run((context) -> {
			assertThat(watcherThreads()).isOne();
			context.close();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> watcherThreads() == 0);
		});
	}

	private ApplicationContextRunner contextRunner() {
		return contextRunner("jwt-bearer.registration.idp.private-key=file:" + this.keyFile,
				"jwt-bearer.registration.idp.certificate=file:" + this.certificateFile);
	}

	private ApplicationContextRunner contextRunner(String... keyProperties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, SslAutoConfiguration.class,
					JwtBearerAutoConfiguration.class, JwtBearerObservabilityAutoConfiguration.class))
			.withBean(SigningKeyReloads.class, () -> new SigningKeyReloads(POLL_INTERVAL, Clock.systemUTC()))
			.withPropertyValues("management.endpoints.web.exposure.include=jwtbearer",
					"jwt-bearer.retry.max-attempts=1", "jwt-bearer.registration.idp.client-id=orders-service",
					"jwt-bearer.registration.idp.subject=integration@acme.com",
					"jwt-bearer.registration.idp.token-uri=" + this.server.url("/token"),
					"jwt-bearer.registration.idp.reload-on-update=true")
			.withPropertyValues(keyProperties);
	}

	private static void awaitReloads(AssertableApplicationContext context, long applied, long refused) {
		ReloadingSigner signer = context.getBean(SigningKeyReloads.class).get("idp");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(POLL_INTERVAL)
			.until(() -> signer.getApplied() == applied && signer.getRefused() == refused);
	}

	private static RegistrationDescriptor endpoint(AssertableApplicationContext context) {
		return context.getBean(JwtBearerEndpoint.class).registration("idp");
	}

	private static long watcherThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("jwt-bearer-key-watcher") && thread.isAlive())
			.count();
	}

	private static void assertSignedBy(Signed signed, KeyPair key, X509Certificate certificate) {
		assertThat(signed.key()).isSameAs(key);
		assertThat(signed.assertion().header()).containsEntry("x5t#S256", TestJwts.sha256Thumbprint(certificate));
	}

	private record Signed(KeyPair key, DecodedJwt assertion) {

	}

	/**
	 * A token endpoint that holds both certificates, as a provider does while a key is
	 * rotated, and tells which key signed each assertion.
	 */
	private final class TrustingBothKeys extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			Map<String, String> form = TestTokenEndpoint.formParameters(request);
			for (KeyPair key : List.of(OLD_KEY, NEW_KEY)) {
				try {
					DecodedJwt assertion = TestJwts.verify(form.get("assertion"), key.getPublic());
					SigningKeyRotationTests.this.signed.add(new Signed(key, assertion));
					return TestTokenEndpoint
						.responseWithExpiresIn("token-" + SigningKeyRotationTests.this.tokens.incrementAndGet(), 3600);
				}
				catch (AssertionError ex) {
					// not this key
				}
			}
			return TestTokenEndpoint.invalidGrantResponse();
		}

	}

}
