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

package io.github.jwtbearer.sample.org;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.util.Assert;

/**
 * An RSA 2048 key pair and a self-signed certificate for it, made in memory: what a
 * Salesforce administrator makes with {@code openssl req -x509 -newkey rsa:2048} before
 * uploading the certificate to the External Client App. The JDK has no public API that
 * makes an X.509 certificate, so BouncyCastle builds it.
 * <p>
 * Nothing here is ever written to the repository: each run of the sample makes its own.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class DemoCredentials {

	private static final Duration VALIDITY = Duration.ofDays(365);

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private DemoCredentials(KeyPair keyPair, X509Certificate certificate) {
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	/**
	 * Generate a new key pair and a self-signed certificate valid for 365 days.
	 * @param commonName the certificate's subject and issuer CN
	 * @return the new credentials
	 */
	public static DemoCredentials generate(String commonName) {
		Assert.hasText(commonName, "commonName cannot be empty");
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keyPair = generator.generateKeyPair();
			return new DemoCredentials(keyPair, selfSign(keyPair, commonName));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Cannot generate the demo key and certificate", ex);
		}
	}

	private static X509Certificate selfSign(KeyPair keyPair, String commonName)
			throws OperatorCreationException, GeneralSecurityException, IOException {
		X500Name name = new X500Name("CN=" + commonName);
		Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
		BigInteger serial = new BigInteger(64, new SecureRandom());
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(notBefore),
				Date.from(notBefore.plus(VALIDITY)), name, keyPair.getPublic());
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	/**
	 * Return the certificate, as uploaded to the org.
	 * @return the self-signed certificate
	 */
	public X509Certificate getCertificate() {
		return this.certificate;
	}

	/**
	 * Return the private key that signs the assertions.
	 * @return the private key
	 */
	public PrivateKey getPrivateKey() {
		return this.keyPair.getPrivate();
	}

	/**
	 * Return the private key as PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}),
	 * the format {@code openssl req -newkey rsa:2048 -nodes} writes.
	 * @return the PEM text
	 */
	public String getPrivateKeyPem() {
		return pem("PRIVATE KEY", this.keyPair.getPrivate().getEncoded());
	}

	/**
	 * Return the certificate as PEM text ({@code -----BEGIN CERTIFICATE-----}).
	 * @return the PEM text
	 */
	public String getCertificatePem() {
		try {
			return pem("CERTIFICATE", this.certificate.getEncoded());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encode the demo certificate", ex);
		}
	}

	// RFC 7468: base64 lines of 64 characters between the encapsulation boundaries
	private static String pem(String label, byte[] der) {
		Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
		return "-----BEGIN " + label + "-----\n" + encoder.encodeToString(der) + "\n-----END " + label + "-----\n";
	}

	@Override
	public String toString() {
		return "DemoCredentials[subject=" + this.certificate.getSubjectX500Principal().getName() + "]";
	}

}
