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

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.Pkcs11JwtSigner;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestSoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for registrations that sign with a key inside a PKCS#11 token ({@code pkcs11.*}),
 * against SoftHSM2: assertions verify with the public key alone, and each
 * misconfiguration fails startup naming the property, never the PIN.
 *
 * @author JWT Bearer for Spring contributors
 */
class Pkcs11SignersTests {

	private static final String PREFIX = "jwt-bearer.registration.sf.";

	@TempDir
	static Path directory;

	static String key;

	static String otherCertificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class));

	@BeforeAll
	static void initializeToken() {
		TestSoftHsm.get();
		key = "file:" + TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		otherCertificate = "file:"
				+ TestPemFiles.write(directory, "other.pem", TestPemFiles.certificatePem(TestPemFiles.otherRsa()));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("algorithms")
	void assertionSignedInTheTokenVerifiesWithThePublicKeyAlone(String algorithm, String label) {
		this.contextRunner.withPropertyValues(properties("algorithm=" + algorithm, "pkcs11.key-label=" + label))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtAssertionMinter minter = context.getBean(JwtBearerRegistrationRepository.class)
					.findByRegistrationId("sf")
					.getAssertionMinter();
				JwtSigner signer = minter.getSigner();
				assertThat(signer).isInstanceOf(Pkcs11JwtSigner.class);
				Jwt assertion = minter.mint("integration@acme.com");
				assertThat(TestJwts.verify(assertion.getTokenValue(), signer.getCertificate().getPublicKey()).header())
					.containsEntry("alg", algorithm)
					.containsEntry("kid", "hsm-1")
					.containsEntry("x5t#S256", TestJwts.sha256Thumbprint(signer.getCertificate()));
			});
	}

	static Stream<Arguments> algorithms() {
		return Stream.of(Arguments.of("RS256", TestSoftHsm.RSA_LABEL), Arguments.of("PS256", TestSoftHsm.RSA_LABEL),
				Arguments.of("ES256", TestSoftHsm.EC_LABEL));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("badRegistrations")
	void badPkcs11RegistrationFailsStartupNamingThePropertyAndTheFix(String property, String description, String action,
			String[] overrides) {
		this.contextRunner.withPropertyValues(properties(overrides)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("JWT bearer registration 'sf'")
				.contains(PREFIX + property)
				.contains(description)
				.doesNotContain(TestSoftHsm.PIN)
				.doesNotContain("wrong-pin-9876");
			assertThat(analysis.getAction()).contains(action)
				.doesNotContain(TestSoftHsm.PIN)
				.doesNotContain("wrong-pin-9876");
		});
	}

	static Stream<Arguments> badRegistrations() {
		return Stream.of(
				bad("pkcs11.library", "pkcs11.library names /no/such/libpkcs11.so, which is not a file",
						"/usr/lib/softhsm/libsofthsm2.so", "pkcs11.library=/no/such/libpkcs11.so"),
				bad("pkcs11.library", "cannot load", "PKCS#11 module", "pkcs11.library=" + key.substring(5)),
				bad("pkcs11.pin", "the PKCS#11 token refused the PIN", "Set pkcs11.pin to the token's user PIN",
						"pkcs11.pin=wrong-pin-9876", "pkcs11.slot-list-index=" + TestSoftHsm.pinTestSlotListIndex()),
				bad("pkcs11.pin", "pkcs11.pin is not set", "${HSM_PIN}", "pkcs11.pin="),
				bad("pkcs11.key-label", "no private key labelled 'rsa-signin'", "pkcs11.key-label",
						"pkcs11.key-label=rsa-signin"),
				bad("pkcs11.slot-list-index", "no token at slot list index 7", "--list-slots",
						"pkcs11.slot-list-index=7"),
				bad("algorithm", "algorithm RS256 does not fit the key of Pkcs11JwtSigner[keyLabel=ec-signing",
						"fits the key", "pkcs11.key-label=" + TestSoftHsm.EC_LABEL),
				bad("certificate", "does not belong to the key labelled 'rsa-signing'", "certificate of the key",
						"certificate=" + otherCertificate),
				bad("private-key", "more than one signing key is configured: pkcs11.*, private-key", "Keep exactly one",
						"private-key=" + key));
	}

	private static Arguments bad(String property, String description, String action, String... overrides) {
		return Arguments.of(property, description, action, overrides);
	}

	@Test
	void registrationToStringNeverShowsThePin() {
		JwtBearerProperties.Pkcs11 pkcs11 = new JwtBearerProperties.Pkcs11();
		pkcs11.setLibrary(TestSoftHsm.LIBRARY);
		pkcs11.setPin(TestSoftHsm.PIN);
		pkcs11.setKeyLabel(TestSoftHsm.RSA_LABEL);
		assertThat(pkcs11.toString()).contains(TestSoftHsm.RSA_LABEL).doesNotContain(TestSoftHsm.PIN);
	}

	private static String[] properties(String... overrides) {
		Map<String, String> properties = new LinkedHashMap<>();
		Stream.concat(Stream.of("provider=generic", "token-uri=https://idp.example.com/token", "client-id=3MVG9",
				"subject=integration@acme.com", "key-id=hsm-1", "pkcs11.library=" + TestSoftHsm.LIBRARY,
				"pkcs11.slot-list-index=" + TestSoftHsm.slotListIndex(), "pkcs11.pin=" + TestSoftHsm.PIN,
				"pkcs11.key-label=" + TestSoftHsm.RSA_LABEL), Arrays.stream(overrides))
			.forEach((property) -> {
				int equals = property.indexOf('=');
				properties.put(PREFIX + property.substring(0, equals), property.substring(equals + 1));
			});
		return properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

}
