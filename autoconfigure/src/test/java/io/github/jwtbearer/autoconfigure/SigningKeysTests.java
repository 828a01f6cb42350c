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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.assertion.SigningKeyException;
import io.github.jwtbearer.fixtures.TestJwts;
import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SigningKeys}.
 *
 * @author JWT Bearer for Spring contributors
 */
class SigningKeysTests {

	private static final KeyPair RSA = TestKeys.rsa2048();

	private static final KeyPair OTHER_RSA = TestKeys.rsa2048();

	private static final KeyPair EC = TestKeys.ec("P-256");

	private static final X509Certificate RSA_CERTIFICATE = TestKeys.selfSignedCertificate(RSA, "rsa-signer");

	private static final String RSA_PKCS8 = TestKeys.pkcs8Pem(RSA.getPrivate());

	private static final String PASSWORD = "correct-horse-battery";

	// unlike any property name, so that finding them in a message means a leak
	private static final String STORE_PASSWORD = "S3cr3t!Store#91";

	private static final String KEY_PASSWORD = "K3y!Pass#72";

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void fromKeyStoreWhenFileMissingThenSaysSoEvenWhenThePathSaysMac() {
		Resource missing = new FileSystemResource(this.directory.resolve("home/mac/integration.p12"));
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(missing, null, "secret", null, null, null))
			.withMessageContaining("check that the location exists")
			.withMessageNotContaining("password is wrong");
	}

	@Test
	void fromPemWhenPkcs8RsaThenLoadsKey() {
		JwtSigningKey signingKey = SigningKeys.fromPem(RSA_PKCS8, null, null, null);
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
		assertThat(signingKey.getCertificate()).isNull();
		assertThat(signingKey.getKeyId()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "P-256", "P-384", "P-521" })
	void fromPemWhenPkcs8EcThenLoadsKey(String curve) {
		KeyPair keyPair = TestKeys.ec(curve);
		JwtSigningKey signingKey = SigningKeys.fromPem(TestKeys.pkcs8Pem(keyPair.getPrivate()), null, null, null);
		assertSameKey(signingKey.getPrivateKey(), keyPair.getPrivate());
	}

	@Test
	void fromPemWhenPkcs1RsaThenLoadsKey() {
		String pem = TestKeys.pkcs1Pem(RSA.getPrivate());
		assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
		assertSameKey(SigningKeys.fromPem(pem, null, null, null).getPrivateKey(), RSA.getPrivate());
	}

	@ParameterizedTest
	@ValueSource(strings = { "P-256", "P-384", "P-521" })
	void fromPemWhenSec1EcThenLoadsKey(String curve) {
		KeyPair keyPair = TestKeys.ec(curve);
		String pem = TestKeys.sec1Pem(keyPair);
		assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertSameKey(SigningKeys.fromPem(pem, null, null, null).getPrivateKey(), keyPair.getPrivate());
	}

	@Test
	void fromPemWhenEncryptedPkcs8AndPasswordThenLoadsKey() {
		String pem = TestKeys.encryptedPkcs8Pem(RSA.getPrivate(), PASSWORD);
		assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
		assertSameKey(SigningKeys.fromPem(pem, PASSWORD, null, null).getPrivateKey(), RSA.getPrivate());
	}

	@Test
	void fromPemWhenEncryptedPkcs8EcAndPasswordThenLoadsKey() {
		String pem = TestKeys.encryptedPkcs8Pem(EC.getPrivate(), PASSWORD);
		assertSameKey(SigningKeys.fromPem(pem, PASSWORD, null, null).getPrivateKey(), EC.getPrivate());
	}

	@Test
	void fromPemWhenNewlinesArriveEscapedThenLoadsKey() {
		// what an environment variable set to "-----BEGIN...\n..." often holds
		String escaped = RSA_PKCS8.strip().replace("\n", "\\n");
		assertThat(escaped).doesNotContain("\n");
		assertSameKey(SigningKeys.fromPem(escaped, null, null, null).getPrivateKey(), RSA.getPrivate());
	}

	@Test
	void fromPemWhenEscapedNewlinesInEncryptedKeyAndCertificateThenLoadsBoth() {
		String key = TestKeys.encryptedPkcs8Pem(RSA.getPrivate(), PASSWORD).replace("\n", "\\n");
		String certificate = TestKeys.certificatePem(RSA_CERTIFICATE).replace("\n", "\\n");
		JwtSigningKey signingKey = SigningKeys.fromPem(key, PASSWORD, certificate, null);
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
		assertThat(signingKey.getCertificate()).isEqualTo(RSA_CERTIFICATE);
	}

	@Test
	void fromPemWhenWindowsLineEndingsThenLoadsKey() {
		String pem = RSA_PKCS8.replace("\n", "\r\n");
		assertSameKey(SigningKeys.fromPem(pem, null, null, null).getPrivateKey(), RSA.getPrivate());
	}

	@Test
	void fromPemWhenKeyIdThenSigningKeyHasIt() {
		assertThat(SigningKeys.fromPem(RSA_PKCS8, null, null, "key-2026").getKeyId()).isEqualTo("key-2026");
	}

	@Test
	void fromPemWhenCertificateMatchesThenSigningKeyHasItAndItsThumbprint() {
		JwtSigningKey signingKey = SigningKeys.fromPem(RSA_PKCS8, null, TestKeys.certificatePem(RSA_CERTIFICATE), null);
		assertThat(signingKey.getCertificate()).isEqualTo(RSA_CERTIFICATE);
		assertThat(signingKey.getCertificateThumbprint()).hasToString(TestJwts.sha256Thumbprint(RSA_CERTIFICATE));
	}

	@Test
	void fromPemWhenTextHoldsKeyAndCertificateThenUsesBoth() {
		String pem = RSA_PKCS8 + TestKeys.certificatePem(RSA_CERTIFICATE);
		JwtSigningKey signingKey = SigningKeys.fromPem(pem, null, null, null);
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
		assertThat(signingKey.getCertificate()).isEqualTo(RSA_CERTIFICATE);
	}

	@Test
	void fromPemWhenEcKeyAndMatchingCertificateThenSigningKeyHasIt() {
		X509Certificate certificate = TestKeys.selfSignedCertificate(EC);
		JwtSigningKey signingKey = SigningKeys.fromPem(TestKeys.sec1Pem(EC), null, TestKeys.certificatePem(certificate),
				null);
		assertThat(signingKey.getCertificate()).isEqualTo(certificate);
	}

	@Test
	void fromPemWhenCertificateOfAnotherKeyThenFailsNamingTheFix() {
		String otherCertificate = TestKeys.certificatePem(TestKeys.selfSignedCertificate(OTHER_RSA, "someone-else"));
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(RSA_PKCS8, null, otherCertificate, null))
			.withMessageContaining("CN=someone-else")
			.withMessageContaining("does not belong to the private key")
			.withMessageContaining("configure the certificate that was issued for this key")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void fromPemWhenCertificateOfAnotherKeyTypeThenFailsNamingBothTypes() {
		String ecPem = TestKeys.pkcs8Pem(EC.getPrivate());
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(ecPem, null, TestKeys.certificatePem(RSA_CERTIFICATE), null))
			.withMessageContaining("RSA public key")
			.withMessageContaining("private key (EC)")
			.satisfies((ex) -> assertNoSecretsIn(ex, ecPem));
	}

	@Test
	void fromPemResourceThenLoadsKeyAndCertificate() throws IOException {
		Path key = Files.writeString(this.directory.resolve("signing.key"), RSA_PKCS8);
		Path certificate = Files.writeString(this.directory.resolve("signing.crt"),
				TestKeys.certificatePem(RSA_CERTIFICATE));
		JwtSigningKey signingKey = SigningKeys.fromPem(new FileSystemResource(key), null,
				new FileSystemResource(certificate), "kid-1");
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
		assertThat(signingKey.getCertificate()).isEqualTo(RSA_CERTIFICATE);
		assertThat(signingKey.getKeyId()).isEqualTo("kid-1");
	}

	@Test
	void fromPemResourceWhenMissingThenFailsNamingTheLocation() {
		Resource missing = new FileSystemResource(this.directory.resolve("missing.key"));
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(missing, null, null, null))
			.withMessageContaining("Cannot read the private key from")
			.withMessageContaining("missing.key");
	}

	@Test
	void fromPemWhenWrongPasswordThenFailsWithoutEchoingIt() {
		String pem = TestKeys.encryptedPkcs8Pem(RSA.getPrivate(), PASSWORD);
		String wrongPassword = "Tr0ub4dor&3-wrong";
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(pem, wrongPassword, null, null))
			.withMessageContaining("the password is wrong")
			.withMessageContaining("private-key-password")
			.satisfies((ex) -> assertNoSecretsIn(ex, pem, wrongPassword, PASSWORD));
	}

	@Test
	void fromPemWhenEncryptedAndNoPasswordThenFailsNamingTheProperty() {
		String pem = TestKeys.encryptedPkcs8Pem(RSA.getPrivate(), PASSWORD);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(pem, null, null, null))
			.withMessage("The private key is encrypted: set private-key-password")
			.satisfies((ex) -> assertNoSecretsIn(ex, pem, PASSWORD));
	}

	@Test
	void fromPemWhenGarbageInPemBlockThenFailsWithoutEchoingIt() {
		byte[] garbage = new byte[1200];
		new Random(7523).nextBytes(garbage);
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(garbage)
				+ "\n-----END PRIVATE KEY-----\n";
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(pem, null, null, null))
			.withMessageContaining("Cannot read the private key")
			.withMessageContaining("copied whole")
			.satisfies((ex) -> assertNoSecretsIn(ex, pem));
	}

	@Test
	void fromPemWhenKeyTruncatedThenFailsWithoutEchoingIt() {
		String truncated = RSA_PKCS8.substring(0, RSA_PKCS8.length() / 2) + "\n-----END PRIVATE KEY-----\n";
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(truncated, null, null, null))
			.withMessageContaining("Cannot read the private key")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void fromPemWhenNotPemThenFailsNamingTheExpectedFormat() {
		// the base64 body alone, headers lost
		String body = RSA_PKCS8.lines().filter((line) -> !line.startsWith("-----")).reduce("", String::concat);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(body, null, null, null))
			.withMessageContaining("The private key is not PEM text")
			.withMessageContaining("-----BEGIN")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void fromPemWhenPlainTextThenFailsNamingTheExpectedFormat() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem("file:/run/secrets/salesforce.key", null, null, null))
			.withMessageContaining("The private key is not PEM text");
	}

	@Test
	void fromPemWhenOnlyCertificateThenFailsNamingTheFix() {
		String certificate = TestKeys.certificatePem(RSA_CERTIFICATE);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(certificate, null, null, null))
			.withMessageContaining("holds no private key")
			.withMessageContaining("not only its certificate");
	}

	@Test
	void fromPemWhenCertificateTextHoldsNoCertificateThenFails() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromPem(RSA_PKCS8, null, RSA_PKCS8, null))
			.withMessageContaining("holds no certificate")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void certificateFromPemThenReadsIt() {
		assertThat(SigningKeys.certificateFromPem(TestKeys.certificatePem(RSA_CERTIFICATE))).isEqualTo(RSA_CERTIFICATE);
	}

	@Test
	void certificateFromPemWhenNotPemThenFails() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.certificateFromPem("not a certificate"))
			.withMessageContaining("The certificate is not PEM text");
	}

	@Test
	void fromKeyStoreWhenPkcs12AndAliasThenLoadsKeyAndCertificate() {
		Path file = TestKeys.keyStore("PKCS12")
			.privateKey("signing", RSA, STORE_PASSWORD)
			.privateKey("other", EC, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys.p12"), STORE_PASSWORD);
		JwtSigningKey signingKey = SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD,
				"signing", null, "kid-p12");
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
		assertThat(signingKey.getCertificate().getPublicKey()).isEqualTo(RSA.getPublic());
		assertThat(signingKey.getKeyId()).isEqualTo("kid-p12");
	}

	@Test
	void fromKeyStoreWhenPkcs12KeyPasswordDiffersThenUsesKeyPassword() {
		Path file = TestKeys.keyStore("PKCS12")
			.privateKey("signing", EC, KEY_PASSWORD)
			.writeTo(this.directory.resolve("keys.p12"), STORE_PASSWORD);
		JwtSigningKey signingKey = SigningKeys.fromKeyStore(new FileSystemResource(file), "PKCS12", STORE_PASSWORD,
				"signing", KEY_PASSWORD, null);
		assertSameKey(signingKey.getPrivateKey(), EC.getPrivate());
	}

	@Test
	void fromKeyStoreWhenJksFileThenInfersTypeAndUsesKeyPassword() {
		Path file = TestKeys.keyStore("JKS")
			.privateKey("signing", RSA, KEY_PASSWORD)
			.writeTo(this.directory.resolve("keys.jks"), STORE_PASSWORD);
		JwtSigningKey signingKey = SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD,
				"signing", KEY_PASSWORD, null);
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
		assertThat(signingKey.getCertificate()).isNotNull();
	}

	@Test
	void fromKeyStoreWhenTypeGivenThenFileNameDoesNotMatter() {
		Path file = TestKeys.keyStore("JKS")
			.privateKey("signing", RSA, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys.store"), STORE_PASSWORD);
		JwtSigningKey signingKey = SigningKeys.fromKeyStore(new FileSystemResource(file), "JKS", STORE_PASSWORD,
				"signing", null, null);
		assertSameKey(signingKey.getPrivateKey(), RSA.getPrivate());
	}

	@ParameterizedTest
	@ValueSource(strings = { "PKCS12", "JKS" })
	void fromKeyStoreWhenAliasOmittedAndOneKeyEntryThenLoadsIt(String type) {
		Path file = TestKeys.keyStore(type)
			.certificate("ca", TestKeys.selfSignedCertificate(OTHER_RSA))
			.privateKey("only-key", EC, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys." + type.toLowerCase(Locale.ROOT)), STORE_PASSWORD);
		JwtSigningKey signingKey = SigningKeys.fromKeyStore(new FileSystemResource(file), type, STORE_PASSWORD, null,
				null, null);
		assertSameKey(signingKey.getPrivateKey(), EC.getPrivate());
	}

	@ParameterizedTest
	@ValueSource(strings = { "PKCS12", "JKS" })
	void fromKeyStoreWhenWrongStorePasswordThenFailsWithoutEchoingIt(String type) {
		Path file = TestKeys.keyStore(type)
			.privateKey("signing", EC, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys." + type.toLowerCase(Locale.ROOT)), STORE_PASSWORD);
		String wrongPassword = "Wr0ng!Guess#55";
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(new FileSystemResource(file), type, wrongPassword, "signing",
					null, null))
			.withMessageContaining("Cannot open key store")
			.withMessageContaining("the key-store-password is wrong")
			.satisfies((ex) -> assertNoSecretsIn(ex, wrongPassword, STORE_PASSWORD));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PKCS12", "JKS" })
	void fromKeyStoreWhenWrongKeyPasswordThenFailsWithoutEchoingIt(String type) {
		Path file = TestKeys.keyStore(type)
			.privateKey("signing", EC, KEY_PASSWORD)
			.writeTo(this.directory.resolve("keys." + type.toLowerCase(Locale.ROOT)), STORE_PASSWORD);
		String wrongPassword = "Wr0ng!Guess#55";
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(new FileSystemResource(file), type, STORE_PASSWORD, "signing",
					wrongPassword, null))
			.withMessageContaining("Cannot recover key 'signing'")
			.withMessageContaining("the key password is wrong")
			.withMessageContaining("key-password")
			.satisfies((ex) -> assertNoSecretsIn(ex, wrongPassword, KEY_PASSWORD, STORE_PASSWORD));
	}

	@Test
	void fromKeyStoreWhenKeyPasswordDiffersAndOmittedThenFailsNamingKeyPassword() {
		Path file = TestKeys.keyStore("PKCS12")
			.privateKey("signing", EC, KEY_PASSWORD)
			.writeTo(this.directory.resolve("keys.p12"), STORE_PASSWORD);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD, "signing",
					null, null))
			.withMessageContaining("set key-password")
			.satisfies((ex) -> assertNoSecretsIn(ex, KEY_PASSWORD, STORE_PASSWORD));
	}

	@Test
	void fromKeyStoreWhenUnknownAliasThenFailsListingTheAliases() {
		Path file = TestKeys.keyStore("PKCS12")
			.privateKey("signing", EC, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys.p12"), STORE_PASSWORD);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD, "sigining",
					null, null))
			.withMessageContaining("has no entry with alias 'sigining'")
			.withMessageContaining("set key-alias to one of [signing]")
			.satisfies((ex) -> assertNoSecretsIn(ex, STORE_PASSWORD));
	}

	@Test
	void fromKeyStoreWhenTwoKeysAndNoAliasThenFailsListingThem() {
		Path file = TestKeys.keyStore("PKCS12")
			.privateKey("first", EC, STORE_PASSWORD)
			.privateKey("second", RSA, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys.p12"), STORE_PASSWORD);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD, null, null,
					null))
			.withMessageContaining("holds 2 private keys")
			.withMessageContaining("first")
			.withMessageContaining("second")
			.withMessageContaining("set key-alias");
	}

	@Test
	void fromKeyStoreWhenNoKeyEntryThenFailsNamingTheFix() {
		Path file = TestKeys.keyStore("PKCS12")
			.certificate("ca", RSA_CERTIFICATE)
			.writeTo(this.directory.resolve("trust.p12"), STORE_PASSWORD);
		assertThatExceptionOfType(SigningKeyException.class).isThrownBy(
				() -> SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD, null, null, null))
			.withMessageContaining("holds no private key entry");
	}

	@Test
	void fromKeyStoreWhenAliasNamesCertificateEntryThenFailsListingKeyEntries() {
		Path file = TestKeys.keyStore("PKCS12")
			.certificate("ca", RSA_CERTIFICATE)
			.privateKey("signing", EC, STORE_PASSWORD)
			.writeTo(this.directory.resolve("keys.p12"), STORE_PASSWORD);
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD, "ca", null,
					null))
			.withMessageContaining("Entry 'ca'")
			.withMessageContaining("holds no private key")
			.withMessageContaining("[signing]");
	}

	@Test
	void fromKeyStoreWhenNotAKeyStoreThenFailsNamingTheType() throws IOException {
		Path file = Files.writeString(this.directory.resolve("keys.p12"), RSA_PKCS8);
		assertThatExceptionOfType(SigningKeyException.class).isThrownBy(
				() -> SigningKeys.fromKeyStore(new FileSystemResource(file), null, STORE_PASSWORD, null, null, null))
			.withMessageContaining("key-store-type")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8, STORE_PASSWORD));
	}

	@Test
	void fromGoogleCredentialsThenReadsServiceAccountAndKeyWithKeyId() {
		Resource credentials = googleCredentials(serviceAccountJson(RSA_PKCS8));
		GoogleServiceAccount account = SigningKeys.fromGoogleCredentials(credentials);
		assertThat(account.clientEmail()).isEqualTo("reporter@acme-project.iam.gserviceaccount.com");
		assertThat(account.tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
		assertSameKey(account.signingKey().getPrivateKey(), RSA.getPrivate());
		assertThat(account.signingKey().getKeyId()).isEqualTo("7b1c0e3f9a2d4b8e6f5a1c3d2e4f6a8b0c1d2e3f");
	}

	@Test
	void fromGoogleCredentialsWhenFileHoldsEscapedNewlinesThenKeyIsRead() {
		String content = serviceAccountJson(RSA_PKCS8);
		// JSON escapes the PEM's newlines: the file holds the two characters '\' 'n'
		assertThat(content).contains("-----BEGIN PRIVATE KEY-----\\n");
		assertSameKey(SigningKeys.fromGoogleCredentials(googleCredentials(content)).signingKey().getPrivateKey(),
				RSA.getPrivate());
	}

	@Test
	void fromGoogleCredentialsWhenPrivateKeyMissingThenFailsNamingTheField() {
		Map<String, Object> fields = serviceAccountFields(RSA_PKCS8);
		fields.remove("private_key");
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromGoogleCredentials(googleCredentials(json.writeValueAsString(fields))))
			.withMessageContaining("has no 'private_key'")
			.withMessageContaining("Google Cloud console");
	}

	@Test
	void fromGoogleCredentialsWhenClientEmailMissingThenFailsNamingTheField() {
		Map<String, Object> fields = serviceAccountFields(RSA_PKCS8);
		fields.remove("client_email");
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromGoogleCredentials(googleCredentials(json.writeValueAsString(fields))))
			.withMessageContaining("has no 'client_email'")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void fromGoogleCredentialsWhenNotJsonThenFailsWithoutEchoingTheKey() {
		String content = serviceAccountJson(RSA_PKCS8);
		// cut off in the middle of the private key
		String truncated = content.substring(0, content.indexOf("-----END"));
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromGoogleCredentials(googleCredentials(truncated)))
			.withMessageContaining("is not valid JSON")
			.withMessageContaining("download the service account's JSON key again")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void fromGoogleCredentialsWhenPemTextInsteadOfJsonThenFails() {
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromGoogleCredentials(googleCredentials(RSA_PKCS8)))
			.withMessageContaining("is not valid JSON")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	@Test
	void fromGoogleCredentialsWhenNotServiceAccountThenFailsNamingTheType() {
		Map<String, Object> fields = serviceAccountFields(RSA_PKCS8);
		fields.put("type", "authorized_user");
		assertThatExceptionOfType(SigningKeyException.class)
			.isThrownBy(() -> SigningKeys.fromGoogleCredentials(googleCredentials(json.writeValueAsString(fields))))
			.withMessageContaining("is of type 'authorized_user', not 'service_account'")
			.satisfies((ex) -> assertNoSecretsIn(ex, RSA_PKCS8));
	}

	private static Resource googleCredentials(String content) {
		return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8), "service-account.json");
	}

	private static String serviceAccountJson(String privateKeyPem) {
		return json.writeValueAsString(serviceAccountFields(privateKeyPem));
	}

	// the fields of a key file downloaded from the Google Cloud console
	private static Map<String, Object> serviceAccountFields(String privateKeyPem) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("type", "service_account");
		fields.put("project_id", "acme-project");
		fields.put("private_key_id", "7b1c0e3f9a2d4b8e6f5a1c3d2e4f6a8b0c1d2e3f");
		fields.put("private_key", privateKeyPem);
		fields.put("client_email", "reporter@acme-project.iam.gserviceaccount.com");
		fields.put("client_id", "112233445566778899000");
		fields.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
		fields.put("token_uri", "https://oauth2.googleapis.com/token");
		return fields;
	}

	private static void assertSameKey(PrivateKey actual, PrivateKey expected) {
		if (expected instanceof RSAPrivateKey rsa) {
			assertThat(actual).isInstanceOf(RSAPrivateKey.class);
			assertThat(((RSAPrivateKey) actual).getModulus()).isEqualTo(rsa.getModulus());
			assertThat(((RSAPrivateKey) actual).getPrivateExponent()).isEqualTo(rsa.getPrivateExponent());
		}
		else {
			assertThat(actual).isInstanceOf(ECPrivateKey.class);
			assertThat(((ECPrivateKey) actual).getS()).isEqualTo(((ECPrivateKey) expected).getS());
			assertThat(((ECPrivateKey) actual).getParams().getCurve())
				.isEqualTo(((ECPrivateKey) expected).getParams().getCurve());
		}
	}

}
