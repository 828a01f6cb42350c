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

package io.github.jwtbearer.benchmarks;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.JwtBearerOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.endpoint.RestClientJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.web.client.RestClient;

/**
 * The two managers compared, each assembled as an application would: ours as the
 * starter's auto-configuration does, and stock Spring Security's
 * {@code AuthorizedClientServiceOAuth2AuthorizedClientManager} with its
 * {@code JwtBearerOAuth2AuthorizedClientProvider}, given our minter's assertion since it
 * mints none itself.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Managers {

	static final String REGISTRATION_ID = "salesforce";

	static final String SUBJECT = "integration@acme.com";

	static final String CONSUMER_KEY = "3MVG9A2kN3Bn17hsUZ5_consumer_key";

	/**
	 * The starter's default {@code jwt-bearer.token-store.max-size}.
	 */
	static final int DEFAULT_STORE_SIZE = 10_000;

	private static final KeyPair RSA_2048 = generate("RSA",
			new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));

	private static final KeyPair EC_P256 = generate("EC", new ECGenParameterSpec("secp256r1"));

	private Managers() {
	}

	static KeyPair keyPair(SignatureAlgorithm algorithm) {
		return algorithm.getName().startsWith("ES") ? EC_P256 : RSA_2048;
	}

	static JwtAssertionMinter minter(String registrationId, SignatureAlgorithm algorithm) {
		return JwtAssertionMinter
			.withSigningKey(registrationId, JwtSigningKey.of(keyPair(algorithm).getPrivate(), "benchmark-key"))
			.algorithm(algorithm)
			.issuer(CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.build();
	}

	static ClientRegistration clientRegistration(String registrationId, URI tokenUri) {
		return ClientRegistration.withRegistrationId(registrationId)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.clientId(CONSUMER_KEY)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.tokenUri(tokenUri.toString())
			.build();
	}

	static JwtBearerRegistration registration(String registrationId, URI tokenUri, SignatureAlgorithm algorithm,
			boolean instanceUrlBaseUrl) {
		return JwtBearerRegistration
			.withClientRegistration(clientRegistration(registrationId, tokenUri), minter(registrationId, algorithm))
			.subject(SUBJECT)
			.instanceUrlBaseUrl(instanceUrlBaseUrl)
			.build();
	}

	/**
	 * Our manager, store and provider, as the starter wires them, for one RS256
	 * registration.
	 * @param tokenUri the token endpoint
	 * @return the manager
	 */
	static JwtBearerOAuth2AuthorizedClientManager ours(URI tokenUri) {
		return ours(new InMemoryJwtBearerRegistrationRepository(
				registration(REGISTRATION_ID, tokenUri, SignatureAlgorithm.RS256, false)));
	}

	static JwtBearerOAuth2AuthorizedClientManager ours(InMemoryJwtBearerRegistrationRepository registrations) {
		return new JwtBearerOAuth2AuthorizedClientManager(registrations,
				new BoundedInMemoryOAuth2AuthorizedClientService(DEFAULT_STORE_SIZE),
				new SignedAssertionOAuth2AuthorizedClientProvider(registrations), (authorizeRequest) -> null);
	}

	/**
	 * Spring Security's manager, store and JWT bearer provider, whose assertion comes
	 * from the same minter as ours, sent with the same HTTP client (the JDK's) so that
	 * only the token handling differs.
	 * @param tokenUri the token endpoint
	 * @return the manager
	 */
	static OAuth2AuthorizedClientManager stock(URI tokenUri) {
		ClientRegistration clientRegistration = clientRegistration(REGISTRATION_ID, tokenUri);
		JwtAssertionMinter minter = minter(REGISTRATION_ID, SignatureAlgorithm.RS256);
		InMemoryClientRegistrationRepository clientRegistrations = new InMemoryClientRegistrationRepository(
				clientRegistration);
		JwtBearerOAuth2AuthorizedClientProvider provider = new JwtBearerOAuth2AuthorizedClientProvider();
		provider.setJwtAssertionResolver((context) -> minter.mint(SUBJECT));
		provider.setAccessTokenResponseClient(stockTokenResponseClient());
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				clientRegistrations, new InMemoryOAuth2AuthorizedClientService(clientRegistrations));
		manager.setAuthorizedClientProvider(provider);
		return manager;
	}

	// Spring Security's default RestClient, on the JDK's HttpClient as ours is: its
	// default request factory would otherwise be Reactor Netty's, whose pool of 16
	// connections would queue a burst
	private static RestClientJwtBearerTokenResponseClient stockTokenResponseClient() {
		RestClient restClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build();
		RestClientJwtBearerTokenResponseClient client = new RestClientJwtBearerTokenResponseClient();
		client.setRestClient(restClient);
		return client;
	}

	static OAuth2AuthorizeRequest request(String principalName) {
		return OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID).principal(principalName).build();
	}

	private static KeyPair generate(String algorithm, AlgorithmParameterSpec parameters) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			generator.initialize(parameters);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
