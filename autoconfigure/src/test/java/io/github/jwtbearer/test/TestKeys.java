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

package io.github.jwtbearer.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Keys, certificates, PEM text and key stores generated for tests, so that no key is ever
 * committed. Key generation is slow-ish (RSA above all): generate once per test class.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestKeys {

	private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521",
			"secp521r1");

	private TestKeys() {
	}

	/**
	 * Generate a 2048-bit RSA key pair.
	 * @return the key pair
	 */
	public static KeyPair rsa2048() {
		return rsa(2048);
	}

	/**
	 * Generate an RSA key pair.
	 * @param bits the size of the modulus
	 * @return the key pair
	 */
	public static KeyPair rsa(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Generate an EC key pair.
	 * @param curve the JOSE name of the curve: {@code P-256}, {@code P-384} or
	 * {@code P-521}
	 * @return the key pair
	 */
	public static KeyPair ec(String curve) {
		String name = CURVES.get(curve);
		if (name == null) {
			throw new IllegalArgumentException("Unknown curve " + curve);
		}
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(name));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Create a self-signed certificate of the key pair, valid from a day ago for a year,
	 * with the subject {@code CN=jwt-bearer-test}.
	 * @param keyPair the key pair
	 * @return the certificate
	 */
	public static X509Certificate selfSignedCertificate(KeyPair keyPair) {
		return selfSignedCertificate(keyPair, "jwt-bearer-test");
	}

	/**
	 * Create a self-signed certificate of the key pair, valid from a day ago for a year.
	 * @param keyPair the key pair
	 * @param commonName the common name of the subject
	 * @return the certificate
	 */
	public static X509Certificate selfSignedCertificate(KeyPair keyPair, String commonName) {
		return selfSignedCertificate(keyPair, commonName, Instant.now().plus(Duration.ofDays(365)));
	}

	/**
	 * Create a self-signed certificate of the key pair, valid from a day ago until the
	 * given instant.
	 * @param keyPair the key pair
	 * @param commonName the common name of the subject
	 * @param notAfter the end of its validity
	 * @return the certificate
	 */
	public static X509Certificate selfSignedCertificate(KeyPair keyPair, String commonName, Instant notAfter) {
		X500Name subject = new X500Name("CN=" + commonName);
		Instant now = Instant.now();
		String signatureAlgorithm = "RSA".equals(keyPair.getPrivate().getAlgorithm()) ? "SHA256withRSA"
				: "SHA256withECDSA";
		try {
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(notAfter), subject, keyPair.getPublic());
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate())));
		}
		catch (OperatorCreationException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write a private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), as
	 * {@code openssl genpkey} does.
	 * @param privateKey the key
	 * @return the PEM text
	 */
	public static String pkcs8Pem(PrivateKey privateKey) {
		try {
			return pem(new JcaPKCS8Generator(privateKey, null));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write an RSA private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}).
	 * @param rsaKey the RSA key
	 * @return the PEM text
	 */
	public static String pkcs1Pem(PrivateKey rsaKey) {
		return traditionalPem(rsaKey, "-----BEGIN RSA PRIVATE KEY-----");
	}

	/**
	 * Write an EC private key as SEC1 PEM ({@code BEGIN EC PRIVATE KEY}) with its curve
	 * and public key, as {@code openssl ecparam -genkey} does (RFC 5915 section 3: the
	 * parameters MUST be included).
	 * @param ecKeyPair the EC key pair
	 * @return the PEM text
	 */
	public static String sec1Pem(KeyPair ecKeyPair) {
		PrivateKeyInfo keyInfo = PrivateKeyInfo.getInstance(ecKeyPair.getPrivate().getEncoded());
		ASN1Encodable curve = keyInfo.getPrivateKeyAlgorithm().getParameters();
		BigInteger key = ((ECPrivateKey) ecKeyPair.getPrivate()).getS();
		int orderBits = ((ECPrivateKey) ecKeyPair.getPrivate()).getParams().getOrder().bitLength();
		DERBitString publicKey = new DERBitString(
				SubjectPublicKeyInfo.getInstance(ecKeyPair.getPublic().getEncoded()).getPublicKeyData().getOctets());
		try {
			byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, key, publicKey, curve).getEncoded();
			return pem(new PemObject("EC PRIVATE KEY", sec1));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write a private key as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}),
	 * AES-256-CBC with PBKDF2-HMAC-SHA256, as {@code openssl pkcs8 -topk8 -v2 aes256}
	 * does.
	 * @param privateKey the key
	 * @param password the password
	 * @return the PEM text
	 */
	public static String encryptedPkcs8Pem(PrivateKey privateKey, String password) {
		try {
			OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
				.setProvider(new BouncyCastleProvider())
				.setPRF(PKCS8Generator.PRF_HMACSHA256)
				.setPassword(password.toCharArray())
				.build();
			return pem(new JcaPKCS8Generator(privateKey, encryptor));
		}
		catch (OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write a certificate as PEM ({@code BEGIN CERTIFICATE}).
	 * @param certificate the certificate
	 * @return the PEM text
	 */
	public static String certificatePem(X509Certificate certificate) {
		return pem(certificate);
	}

	/**
	 * Start describing a key store.
	 * @param type {@code PKCS12} or {@code JKS}
	 * @return a builder of the key store file
	 */
	public static KeyStoreBuilder keyStore(String type) {
		return new KeyStoreBuilder(type);
	}

	private static String traditionalPem(PrivateKey privateKey, String expectedHeader) {
		// Bouncy Castle writes a bare private key in the traditional OpenSSL formats
		String pem = pem(privateKey);
		if (!pem.startsWith(expectedHeader)) {
			throw new IllegalStateException("Expected " + expectedHeader + " but got " + pem.lines().findFirst());
		}
		return pem;
	}

	private static String pem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

	/**
	 * Builds a PKCS#12 or JKS key store file.
	 */
	public static final class KeyStoreBuilder {

		private final String type;

		private final List<Entry> entries = new ArrayList<>();

		private KeyStoreBuilder(String type) {
			this.type = type;
		}

		/**
		 * Add a private key entry with a self-signed certificate.
		 * @param alias the alias
		 * @param keyPair the key pair
		 * @param keyPassword the password of the entry
		 * @return this builder
		 */
		public KeyStoreBuilder privateKey(String alias, KeyPair keyPair, String keyPassword) {
			this.entries.add(new Entry(alias, keyPair.getPrivate(), selfSignedCertificate(keyPair), keyPassword));
			return this;
		}

		/**
		 * Add a trusted certificate entry.
		 * @param alias the alias
		 * @param certificate the certificate
		 * @return this builder
		 */
		public KeyStoreBuilder certificate(String alias, X509Certificate certificate) {
			this.entries.add(new Entry(alias, null, certificate, null));
			return this;
		}

		/**
		 * Write the key store.
		 * @param file the file to write
		 * @param storePassword the key store password
		 * @return the file
		 */
		public Path writeTo(Path file, String storePassword) {
			try {
				KeyStore store = KeyStore.getInstance(this.type);
				store.load(null, null);
				for (Entry entry : this.entries) {
					if (entry.privateKey() != null) {
						store.setKeyEntry(entry.alias(), entry.privateKey(), entry.password().toCharArray(),
								new Certificate[] { entry.certificate() });
					}
					else {
						store.setCertificateEntry(entry.alias(), entry.certificate());
					}
				}
				try (OutputStream out = Files.newOutputStream(file)) {
					store.store(out, storePassword.toCharArray());
				}
				return file;
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private record Entry(String alias, PrivateKey privateKey, X509Certificate certificate, String password) {

		}

	}

}
