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
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates generated for a test and written as PEM files.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TestPemFiles {

	private static final KeyPair RSA = generate("RSA", 2048);

	private static final KeyPair OTHER_RSA = generate("RSA", 2048);

	private static final KeyPair EC = generateEc();

	private TestPemFiles() {
	}

	static KeyPair rsa() {
		return RSA;
	}

	static KeyPair otherRsa() {
		return OTHER_RSA;
	}

	static KeyPair ec() {
		return EC;
	}

	static String privateKeyPem(KeyPair keyPair) {
		return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
	}

	static String certificatePem(KeyPair keyPair, Instant notAfter) {
		try {
			Instant now = Instant.now();
			X500Name name = new X500Name("CN=jwt-bearer-test");
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
					Date.from(notAfter), name, keyPair.getPublic());
			String algorithm = "RSA".equals(keyPair.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
			byte[] der = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate())))
				.getEncoded();
			return pem("CERTIFICATE", der);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String certificatePem(KeyPair keyPair) {
		return certificatePem(keyPair, Instant.now().plus(365, ChronoUnit.DAYS));
	}

	static Path write(Path directory, String name, String content) {
		try {
			return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

	private static KeyPair generate(String algorithm, int size) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			generator.initialize(size);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair generateEc() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
