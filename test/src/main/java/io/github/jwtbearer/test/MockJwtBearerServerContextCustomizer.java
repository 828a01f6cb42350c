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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * {@link ContextCustomizer} that starts a {@link MockJwtBearerServer} for
 * {@link AutoConfigureMockJwtBearerServer}, points the registrations' {@code token-uri}
 * at it and trusts their keys.
 *
 * @author JWT Bearer for Spring contributors
 */
class MockJwtBearerServerContextCustomizer implements ContextCustomizer {

	static final String BEAN_NAME = "mockJwtBearerServer";

	private static final String PREFIX = "jwt-bearer.registration.";

	private final Set<String> registrations;

	private final List<MockJwtBearerServer.Provider> provider;

	MockJwtBearerServerContextCustomizer(AutoConfigureMockJwtBearerServer annotation) {
		this.registrations = new LinkedHashSet<>(Arrays.asList(annotation.registrations()));
		this.provider = List.of(annotation.provider());
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ConfigurableEnvironment environment = context.getEnvironment();
		RegistrationsPropertySource registrations = new RegistrationsPropertySource(environment, this.registrations);
		MockJwtBearerServer server = new MockJwtBearerServer(provider(registrations)).start();
		registrations.tokenUri = server.getTokenUri();
		// first: the server's token-uri wins over application.yml and the environment
		environment.getPropertySources().addFirst(registrations);
		// read the keys once the environment is complete (@DynamicPropertySource
		// included)
		server.setBeforeTokenRequest(() -> trust(server, registrations, environment, context));
		context.getBeanFactory().registerSingleton(BEAN_NAME, server);
		context.addApplicationListener(new CloseListener(server));
	}

	private MockJwtBearerServer.Provider provider(RegistrationsPropertySource registrations) {
		if (!this.provider.isEmpty()) {
			return this.provider.get(0);
		}
		for (String id : registrations.ids()) {
			String provider = registrations.environment.getProperty(PREFIX + id + ".provider", "generic");
			if (provider.startsWith("salesforce")) {
				return MockJwtBearerServer.Provider.SALESFORCE;
			}
			return "google".equals(provider) ? MockJwtBearerServer.Provider.GOOGLE
					: MockJwtBearerServer.Provider.GENERIC;
		}
		return MockJwtBearerServer.Provider.GENERIC;
	}

	private static void trust(MockJwtBearerServer server, RegistrationsPropertySource registrations,
			ConfigurableEnvironment environment, ResourceLoader resourceLoader) {
		for (String id : registrations.ids()) {
			String prefix = PREFIX + id + ".";
			String subject = environment.getProperty(prefix + "subject");
			if (subject != null) {
				server.addSubject(subject);
			}
			String credentialsFile = environment.getProperty(prefix + "credentials-file");
			if (credentialsFile != null) {
				Map<String, Object> credentials = googleCredentials(read(resourceLoader, credentialsFile));
				String clientId = environment.getProperty(prefix + "client-id",
						String.valueOf(credentials.get("client_email")));
				server.trust(clientId, publicKey(PemContent.of(String.valueOf(credentials.get("private_key"))), null));
				continue;
			}
			String clientId = environment.getProperty(prefix + "issuer",
					environment.getProperty(prefix + "client-id", ""));
			PublicKey key = publicKey(environment, prefix, resourceLoader);
			if (key != null) {
				server.trust(clientId, key);
			}
		}
	}

	private static @Nullable PublicKey publicKey(ConfigurableEnvironment environment, String prefix,
			ResourceLoader resourceLoader) {
		String certificate = environment.getProperty(prefix + "certificate");
		if (certificate != null) {
			return pem(resourceLoader, certificate).getCertificates().get(0).getPublicKey();
		}
		String privateKey = environment.getProperty(prefix + "private-key");
		if (privateKey != null) {
			return publicKey(pem(resourceLoader, privateKey), environment.getProperty(prefix + "private-key-password"));
		}
		String keyStore = environment.getProperty(prefix + "key-store");
		if (keyStore != null) {
			return keyStorePublicKey(resourceLoader.getResource(keyStore),
					environment.getProperty(prefix + "key-store-type"),
					environment.getProperty(prefix + "key-store-password"),
					environment.getProperty(prefix + "key-alias"));
		}
		return null;
	}

	// an RSA private key holds its public exponent; an EC key needs its certificate
	private static PublicKey publicKey(PemContent pem, @Nullable String password) {
		PrivateKey privateKey = pem.getPrivateKey(password);
		if (privateKey instanceof RSAPrivateCrtKey rsa) {
			try {
				return java.security.KeyFactory.getInstance("RSA")
					.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}
		List<java.security.cert.X509Certificate> certificates = pem.getCertificates();
		if (certificates != null && !certificates.isEmpty()) {
			return certificates.get(0).getPublicKey();
		}
		throw new IllegalStateException("MockJwtBearerServer cannot derive the public key of "
				+ ((privateKey != null) ? "a " + privateKey.getAlgorithm() + " private key"
						: "a PEM without a private key")
				+ ": set the registration's certificate, " + "or call MockJwtBearerServer.trust(clientId, publicKey)");
	}

	private static PublicKey keyStorePublicKey(Resource resource, @Nullable String type, @Nullable String password,
			@Nullable String alias) {
		try (InputStream input = resource.getInputStream()) {
			KeyStore keyStore = KeyStore.getInstance((type != null) ? type : "PKCS12");
			keyStore.load(input, (password != null) ? password.toCharArray() : null);
			String name = (alias != null) ? alias : keyStore.aliases().nextElement();
			Certificate certificate = keyStore.getCertificate(name);
			if (certificate == null) {
				throw new IllegalStateException("MockJwtBearerServer found no certificate for alias '" + name + "' in "
						+ resource.getDescription());
			}
			return certificate.getPublicKey();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static PemContent pem(ResourceLoader resourceLoader, String value) {
		String text = value.contains("-----BEGIN") ? value : read(resourceLoader, value.strip());
		return PemContent.of(text.strip());
	}

	private static String read(ResourceLoader resourceLoader, String location) {
		try {
			return resourceLoader.getResource(location).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> googleCredentials(String json) {
		try {
			return JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("MockJwtBearerServer cannot read the credentials file", ex);
		}
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (obj == null || getClass() != obj.getClass()) {
			return false;
		}
		MockJwtBearerServerContextCustomizer other = (MockJwtBearerServerContextCustomizer) obj;
		return this.registrations.equals(other.registrations) && this.provider.equals(other.provider);
	}

	@Override
	public int hashCode() {
		return 31 * this.registrations.hashCode() + this.provider.hashCode();
	}

	/**
	 * The {@code token-uri} of each registration, computed when the properties are bound
	 * so that registrations added late (such as by {@code @DynamicPropertySource}) are
	 * pointed at the server too.
	 */
	static final class RegistrationsPropertySource extends EnumerablePropertySource<Object> {

		private static final ConfigurationPropertyName REGISTRATIONS = ConfigurationPropertyName
			.of("jwt-bearer.registration");

		private final ConfigurableEnvironment environment;

		private final Set<String> named;

		private String tokenUri = "";

		RegistrationsPropertySource(ConfigurableEnvironment environment, Set<String> named) {
			super("mockJwtBearerServer", new Object());
			this.environment = environment;
			this.named = named;
		}

		Set<String> ids() {
			if (!this.named.isEmpty()) {
				return this.named;
			}
			Set<String> ids = new LinkedHashSet<>();
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
				if (source.getUnderlyingSource() == this
						|| !(source instanceof IterableConfigurationPropertySource iterable)) {
					continue;
				}
				iterable.stream()
					.filter((name) -> REGISTRATIONS.isAncestorOf(name) && name.getNumberOfElements() > 3)
					.forEach((name) -> ids.add(name.getElement(2, Form.ORIGINAL)));
			}
			return ids;
		}

		@Override
		public String[] getPropertyNames() {
			return ids().stream().map((id) -> PREFIX + id + ".token-uri").toArray(String[]::new);
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (!name.startsWith(PREFIX) || !name.endsWith(".token-uri")) {
				return null;
			}
			String id = name.substring(PREFIX.length(), name.length() - ".token-uri".length());
			return ids().contains(id) ? this.tokenUri : null;
		}

	}

	private static final class CloseListener implements ApplicationListener<ApplicationEvent> {

		private final MockJwtBearerServer server;

		CloseListener(MockJwtBearerServer server) {
			this.server = server;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ContextClosedEvent) {
				this.server.close();
			}
		}

	}

}
