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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Set;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtBearerSignerResolver;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a {@link JwtBearerSignerResolver} bean: the way an application signs with a
 * key no property describes, such as one in a cloud KMS.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerSignerResolverTests {

	private static final KeyPair EC = TestKeys.ec("P-256");

	private static final X509Certificate CERTIFICATE = TestKeys.selfSignedCertificate(EC, "kms-key");

	@TempDir
	static Path directory;

	static String key;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class))
		.withPropertyValues("jwt-bearer.registration.sf.provider=generic",
				"jwt-bearer.registration.sf.token-uri=https://idp.example.com/token",
				"jwt-bearer.registration.sf.client-id=3MVG9",
				"jwt-bearer.registration.sf.subject=integration@acme.com");

	@BeforeAll
	static void writeKey() {
		key = "file:" + TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	@Test
	void registrationSignsWithTheSignerTheResolverReturns() {
		this.contextRunner.withPropertyValues("jwt-bearer.registration.sf.algorithm=ES256")
			.withBean(JwtBearerSignerResolver.class, () -> (id) -> "sf".equals(id) ? new KmsLikeSigner() : null)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtAssertionMinter minter = context.getBean(JwtBearerRegistrationRepository.class)
					.findByRegistrationId("sf")
					.getAssertionMinter();
				assertThat(minter.getSigner()).isInstanceOf(KmsLikeSigner.class);
				Jwt assertion = minter.mint("integration@acme.com");
				assertThat(TestJwts.verify(assertion.getTokenValue(), EC.getPublic()).header())
					.containsEntry("alg", "ES256")
					.containsEntry("x5t#S256", TestJwts.sha256Thumbprint(CERTIFICATE));
			});
	}

	@Test
	void registrationTheResolverDoesNotAnswerForSignsWithItsConfiguredKey() {
		this.contextRunner.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key)
			.withBean(JwtBearerSignerResolver.class, () -> (id) -> null)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JwtBearerRegistrationRepository.class)
					.findByRegistrationId("sf")
					.getAssertionMinter()
					.getSigner()).isInstanceOf(JwtSigningKey.class);
			});
	}

	@Test
	void resolverSignerAndConfiguredKeyFailStartupNamingTheKeyProperty() {
		this.contextRunner
			.withPropertyValues("jwt-bearer.registration.sf.private-key=" + key,
					"jwt-bearer.registration.sf.algorithm=ES256")
			.withBean(JwtBearerSignerResolver.class, () -> (id) -> new KmsLikeSigner())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("a JwtBearerSignerResolver bean supplies the signer, and private-key is configured too")
					.contains("jwt-bearer.registration.sf.private-key");
				assertThat(analysis.getAction()).contains("Remove private-key, or have the JwtBearerSignerResolver");
			});
	}

	@Test
	void resolverSignerThatDoesNotFitTheAlgorithmFailsStartupNamingTheAlgorithm() {
		this.contextRunner.withBean(JwtBearerSignerResolver.class, () -> (id) -> new KmsLikeSigner()).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("algorithm RS256 does not fit the key of KmsLikeSigner")
				.contains("which signs with [ES256]")
				.contains("jwt-bearer.registration.sf.algorithm");
		});
	}

	/**
	 * A signer that, like a cloud KMS, returns ECDSA signatures in DER.
	 */
	static class KmsLikeSigner implements JwtSigner {

		@Override
		public Set<SignatureAlgorithm> getAlgorithms() {
			return Set.of(SignatureAlgorithm.ES256);
		}

		@Override
		public byte[] sign(SignatureAlgorithm algorithm, byte[] signingInput) {
			try {
				Signature signature = Signature.getInstance("SHA256withECDSA");
				signature.initSign(EC.getPrivate());
				signature.update(signingInput);
				return signature.sign();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public X509Certificate getCertificate() {
			return CERTIFICATE;
		}

		@Override
		public String toString() {
			return "KmsLikeSigner[kms-key]";
		}

	}

}
