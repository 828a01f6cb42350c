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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.ClientAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link JwtBearerRegistrationChecks}, without a Spring context.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerRegistrationChecksTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://login.salesforce.com/services/oauth2/token", "http://localhost:8080/token",
			"http://127.0.0.1:9/token", "http://127.1.2.3/token", "http://[::1]:9/token" })
	void checkTokenUriWhenHttpsOrLoopbackThenPasses(String tokenUri) {
		assertThatNoException().isThrownBy(() -> JwtBearerRegistrationChecks.checkTokenUri("sf", tokenUri, false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://login.example.com/token", "http://10.0.0.1/token",
			"http://localhost.example.com/token" })
	void checkTokenUriWhenPlainHttpElsewhereThenFailsNamingTokenUri(String tokenUri) {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkTokenUri("sf", tokenUri, false))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("jwt-bearer.registration.sf.token-uri");
				assertThat(ex.getMessage()).contains("clear text");
			});
	}

	@Test
	void checkTokenUriWhenRelativeThenFails() {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkTokenUri("sf", "/token", false))
			.withMessageContaining("not an absolute URL");
	}

	@Test
	void checkTokenUriWhenInsecureAllowedThenWarns(CapturedOutput output) {
		JwtBearerRegistrationChecks.checkTokenUri("sf", "http://login.example.com/token", true);
		assertThat(output).contains("sends its signed assertions to http://login.example.com/token");
	}

	@Test
	void assertionLifetimeWhenUnsetThenDefaultCappedByPreset() {
		assertThat(JwtBearerRegistrationChecks.assertionLifetime("sf", null, JwtBearerProvider.SALESFORCE))
			.isEqualTo(Duration.ofMinutes(2));
		assertThat(JwtBearerRegistrationChecks.assertionLifetime("g", null, JwtBearerProvider.GENERIC))
			.isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void assertionLifetimeWhenAbovePresetMaximumThenFails() {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.assertionLifetime("sf", Duration.ofMinutes(4),
					JwtBearerProvider.SALESFORCE))
			.withMessageContaining("assertion-lifetime 240s exceeds the 180s that provider salesforce accepts");
		assertThat(JwtBearerRegistrationChecks.assertionLifetime("sf", Duration.ofMinutes(3),
				JwtBearerProvider.SALESFORCE))
			.isEqualTo(Duration.ofMinutes(3));
		assertThat(JwtBearerRegistrationChecks.assertionLifetime("g", Duration.ofHours(2), JwtBearerProvider.GENERIC))
			.isEqualTo(Duration.ofHours(2));
	}

	@Test
	void assertionLifetimeWhenBelowOneSecondThenFails() {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.assertionLifetime("g", Duration.ofMillis(500),
					JwtBearerProvider.GENERIC))
			.withMessageContaining("at least one second");
	}

	@Test
	void checkAlgorithmWhenSalesforceAndNotRs256ThenFails() {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkAlgorithm("sf", JwtBearerProvider.SALESFORCE_SANDBOX,
					SignatureAlgorithm.PS256))
			.withMessageContaining("provider salesforce-sandbox accepts RS256 only, not PS256");
		assertThatNoException().isThrownBy(() -> JwtBearerRegistrationChecks.checkAlgorithm("g",
				JwtBearerProvider.GENERIC, SignatureAlgorithm.PS256));
	}

	@Test
	void checkCertificateValidityWhenConfiguredCertificateExpiredThenFails() throws Exception {
		JwtSigningKey key = keyWithCertificateUntil(Instant.parse("2026-01-01T00:00:00Z"));
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkCertificateValidity("sf", key, true,
					clockAt("2026-01-01T00:00:00Z")))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("jwt-bearer.registration.sf.certificate"))
			.withMessageContaining("expired on 2026-01-01T00:00:00Z");
	}

	@Test
	void checkCertificateValidityWhenKeyStoreCertificateExpiredThenWarns(CapturedOutput output) throws Exception {
		JwtSigningKey key = keyWithCertificateUntil(Instant.parse("2026-01-01T00:00:00Z"));
		JwtBearerRegistrationChecks.checkCertificateValidity("sf", key, false, clockAt("2026-02-01T00:00:00Z"));
		assertThat(output).contains("of the signing key of JWT bearer registration 'sf' expired on");
	}

	@Test
	void checkCertificateValidityWhenExpiringWithin30DaysThenWarnsWithDaysLeft(CapturedOutput output) throws Exception {
		JwtSigningKey key = keyWithCertificateUntil(Instant.parse("2026-01-31T00:00:00Z"));
		JwtBearerRegistrationChecks.checkCertificateValidity("sf", key, true, clockAt("2026-01-30T00:00:00Z"));
		assertThat(output).contains("of JWT bearer registration 'sf' expires in 1 day, on");
		JwtBearerRegistrationChecks.checkCertificateValidity("other", key, true, clockAt("2025-12-01T00:00:00Z"));
		assertThat(output).doesNotContain("'other'");
	}

	@Test
	void checkSubjectWhenMissingThenFailsUnlessGoogleOrResolved() {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkSubject("sf", " ", JwtBearerProvider.SALESFORCE, false))
			.withMessageContaining("no subject is configured")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("a Salesforce username pre-authorized for the app"));
		assertThatNoException()
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkSubject("g", null, JwtBearerProvider.GOOGLE, false));
		assertThatNoException()
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkSubject("sf", null, JwtBearerProvider.SALESFORCE, true));
	}

	@Test
	void checkClientSecretWhenSecretMethodWithoutSecretThenFails() {
		assertThatExceptionOfType(InvalidJwtBearerRegistrationException.class)
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkClientSecret("sf",
					ClientAuthentication.CLIENT_SECRET_POST, null))
			.withMessageContaining("client-authentication-method client_secret_post needs a client secret");
		assertThatNoException()
			.isThrownBy(() -> JwtBearerRegistrationChecks.checkClientSecret("sf", ClientAuthentication.NONE, null));
	}

	private static JwtSigningKey keyWithCertificateUntil(Instant notAfter) throws Exception {
		String pem = TestPemFiles.certificatePem(TestPemFiles.rsa(), notAfter);
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
		return JwtSigningKey.of(TestPemFiles.rsa().getPrivate(), certificate, null);
	}

	private static Clock clockAt(String instant) {
		return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
	}

}
