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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtBearerClaimsCustomizer;
import io.github.jwtbearer.assertion.JwtBearerSignerResolver;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.assertion.SigningKeyException;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.ClientAuthentication;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Registration;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.StringUtils;

/**
 * Maps {@link JwtBearerProperties} to {@link JwtBearerRegistration}s: the preset's
 * defaults under the configured values. Keys come from {@link RegistrationSigningKeys};
 * the checks that need more than a value sit in {@link JwtBearerRegistrationChecks}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerRegistrationMapper {

	private final JwtBearerProperties properties;

	private final @Nullable SslBundles sslBundles;

	private final RegistrationSigningKeys signingKeys;

	private final JwtBearerClaimsCustomizer claimsCustomizer;

	private final Clock clock;

	private final boolean subjectResolved;

	private @Nullable SigningKeyReloads keyReloads;

	/**
	 * Create a mapper.
	 * @param properties the properties to map
	 * @param resourceLoader the loader of key, certificate and credentials locations
	 * @param sslBundles the SSL bundles, for registrations that name one, or {@code null}
	 * @param claimsCustomizer the customizer applied to the claims of every assertion
	 * @param clock the clock that dates assertions
	 * @param subjectResolved whether a {@code JwtBearerSubjectResolver} picks the subject
	 * per call, making the configured {@code subject} optional
	 */
	JwtBearerRegistrationMapper(JwtBearerProperties properties, ResourceLoader resourceLoader,
			@Nullable SslBundles sslBundles, JwtBearerClaimsCustomizer claimsCustomizer, Clock clock,
			boolean subjectResolved) {
		this(properties, resourceLoader, sslBundles, claimsCustomizer, clock, subjectResolved, null);
	}

	/**
	 * Create a mapper.
	 * @param properties the properties to map
	 * @param resourceLoader the loader of key, certificate and credentials locations
	 * @param sslBundles the SSL bundles, for registrations that name one, or {@code null}
	 * @param claimsCustomizer the customizer applied to the claims of every assertion
	 * @param clock the clock that dates assertions
	 * @param subjectResolved whether a {@code JwtBearerSubjectResolver} picks the subject
	 * per call, making the configured {@code subject} optional
	 * @param signerResolver the application's signers, or {@code null}
	 */
	JwtBearerRegistrationMapper(JwtBearerProperties properties, ResourceLoader resourceLoader,
			@Nullable SslBundles sslBundles, JwtBearerClaimsCustomizer claimsCustomizer, Clock clock,
			boolean subjectResolved, @Nullable JwtBearerSignerResolver signerResolver) {
		this.properties = properties;
		this.sslBundles = sslBundles;
		this.signingKeys = new RegistrationSigningKeys(resourceLoader, sslBundles, signerResolver);
		this.claimsCustomizer = claimsCustomizer;
		this.clock = clock;
		this.subjectResolved = subjectResolved;
	}

	/**
	 * Set where registrations with {@code reload-on-update} get a signer that loads their
	 * key again when it changes; without, every key is loaded once.
	 * @param keyReloads the reloads, or {@code null}
	 */
	void setKeyReloads(@Nullable SigningKeyReloads keyReloads) {
		this.keyReloads = keyReloads;
	}

	/**
	 * Map every registration.
	 * @return the registrations, in the order they are configured
	 * @throws InvalidJwtBearerRegistrationException if a registration cannot work
	 */
	List<JwtBearerRegistration> asRegistrations() {
		List<JwtBearerRegistration> registrations = new ArrayList<>();
		this.properties.getRegistration().forEach((id, registration) -> registrations.add(map(id, registration)));
		return registrations;
	}

	private JwtBearerRegistration map(String id, Registration properties) {
		JwtBearerProvider provider = properties.getProvider();
		GoogleServiceAccount serviceAccount = this.signingKeys.serviceAccount(id, properties);
		String clientId = firstText(properties.getClientId(),
				(serviceAccount != null) ? serviceAccount.clientEmail() : null);
		JwtBearerRegistrationChecks.require(id, "client-id", clientId, "set client-id to the OAuth client id"
				+ (provider.isSalesforce() ? " (the consumer key of the Salesforce app)" : ""));
		JwtBearerRegistrationChecks.checkSubject(id, properties.getSubject(), provider, this.subjectResolved);
		String tokenUri = firstText(properties.getTokenUri(),
				(serviceAccount != null) ? serviceAccount.tokenUri() : null, provider.getTokenUri());
		JwtBearerRegistrationChecks.require(id, "token-uri", tokenUri,
				"set token-uri to the token endpoint of the authorization server, "
						+ "or choose a provider preset (salesforce, salesforce-sandbox, google)");
		JwtBearerRegistrationChecks.checkTokenUri(id, tokenUri, properties.isAllowInsecureTokenUri());
		JwtBearerRegistrationChecks.checkAlgorithm(id, provider, properties.getAlgorithm());
		Duration assertionLifetime = JwtBearerRegistrationChecks.assertionLifetime(id,
				properties.getAssertionLifetime(), provider);
		if (StringUtils.hasText(properties.getTokenEndpointSslBundle())) {
			RegistrationSigningKeys.sslBundle(this.sslBundles, id, "token-endpoint-ssl-bundle",
					properties.getTokenEndpointSslBundle());
		}
		JwtSigner signer = this.signingKeys.signer(id, properties, serviceAccount);
		JwtBearerRegistrationChecks.checkCertificateValidity(id, signer,
				StringUtils.hasText(properties.getCertificate()), this.clock);
		String audience = Objects.requireNonNullElse(firstText(properties.getAudience(), provider.getAudience()),
				tokenUri);
		return JwtBearerRegistration
			.withClientRegistration(clientRegistration(id, properties, provider, clientId, tokenUri),
					minter(id, properties, provider, signers(id, properties, signer), clientId, audience,
							assertionLifetime))
			.subject(StringUtils.hasText(properties.getSubject()) ? properties.getSubject() : null)
			.providerName(provider.presetName())
			.tokenLifetime((properties.getTokenLifetime() != null) ? properties.getTokenLifetime()
					: provider.getTokenLifetime())
			.clockSkew(properties.getClockSkew())
			.refreshBeforeExpiry(properties.getRefreshBeforeExpiry())
			.connectTimeout(properties.getConnectTimeout())
			.readTimeout(properties.getReadTimeout())
			.instanceUrlBaseUrl(provider.isSalesforce())
			.instanceUrlHosts(instanceUrlHosts(id, provider, properties.getInstanceUrlHosts()))
			.maxTokenRequestsPerHour(JwtBearerRegistrationChecks.maxTokenRequestsPerHour(id,
					properties.getMaxTokenRequestsPerHour(), provider))
			.errorCooldown(JwtBearerRegistrationChecks.errorCooldown(id, properties.getErrorCooldown()))
			.build();
	}

	private ClientRegistration clientRegistration(String id, Registration properties, JwtBearerProvider provider,
			String clientId, String tokenUri) {
		ClientAuthentication authentication = properties.getClientAuthenticationMethod();
		String method = authentication.name().toLowerCase(Locale.ROOT);
		JwtBearerRegistrationChecks.checkClientSecret(id, authentication, properties.getClientSecret());
		ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(id)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.clientId(clientId)
			.clientAuthenticationMethod(new ClientAuthenticationMethod(method))
			.tokenUri(tokenUri)
			.clientName(id);
		if (StringUtils.hasText(properties.getClientSecret())) {
			builder.clientSecret(properties.getClientSecret());
		}
		if (!provider.isScopeAsClaim() && !properties.getScope().isEmpty()) {
			builder.scope(properties.getScope());
		}
		return builder.build();
	}

	private Supplier<? extends JwtSigner> signers(String id, Registration properties, JwtSigner signer) {
		if (this.keyReloads == null || !properties.isReloadOnUpdate()) {
			return () -> signer;
		}
		if (!(signer instanceof JwtSigningKey signingKey)) {
			throw new InvalidJwtBearerRegistrationException(id, "reload-on-update",
					"reload-on-update is set but the key is not read from a file: a PKCS#11 token or a "
							+ "JwtBearerSignerResolver supplies the signer",
					"Remove reload-on-update: the token or the signer of the application chooses its key itself", null);
		}
		return this.keyReloads.watch(id, properties, signingKey, this.signingKeys, this.sslBundles);
	}

	private JwtAssertionMinter minter(String id, Registration properties, JwtBearerProvider provider,
			Supplier<? extends JwtSigner> signers, String clientId, String audience, Duration assertionLifetime) {
		SignatureAlgorithm algorithm = properties.getAlgorithm();
		try {
			return JwtAssertionMinter.withSigner(id, signers)
				.algorithm(algorithm)
				.issuer(Objects.requireNonNullElse(firstText(properties.getIssuer()), clientId))
				.audience(audience)
				.lifetime(assertionLifetime)
				.claims(new LinkedHashMap<>(properties.getClaims()))
				.scopeClaim(provider.isScopeAsClaim() ? properties.getScope() : null)
				.claimsCustomizer(this.claimsCustomizer)
				.clock(this.clock)
				.build();
		}
		catch (SigningKeyException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "algorithm", ex.getMessage(),
					"Set algorithm to one that fits the key, or configure a key that fits " + algorithm.getName(), ex);
		}
	}

	private static List<String> instanceUrlHosts(String id, JwtBearerProvider provider, List<String> configured) {
		List<String> hosts = new ArrayList<>(provider.getInstanceUrlHosts());
		for (String host : configured) {
			if (!StringUtils.hasText(host) || !host.trim().matches("(\\*\\.|\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
				throw new InvalidJwtBearerRegistrationException(id, "instance-url-hosts",
						"instance-url-hosts holds '" + host + "', which is not a host name",
						"List host names or domains such as api.acme.com, without scheme, port or path", null);
			}
			hosts.add(host.trim());
		}
		return hosts;
	}

	private static @Nullable String firstText(@Nullable String... values) {
		for (String value : values) {
			if (StringUtils.hasText(value)) {
				return value;
			}
		}
		return null;
	}

}
