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

package io.github.jwtbearer.actuate;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Registrations and authorized clients for the tests of the actuate package.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestActuateRegistrations {

	public static final KeyPair RSA = TestKeys.rsa2048();

	public static final String TOKEN_URI = "https://acme.my.salesforce.com/services/oauth2/token";

	public static final String TOKEN_VALUE = "00Dxx0000001gPL!AQ4AQFakeTokenValue";

	private TestActuateRegistrations() {
	}

	public static JwtBearerRegistration salesforce() {
		return salesforce(null);
	}

	public static JwtBearerRegistration salesforce(X509Certificate certificate) {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey("salesforce", JwtSigningKey.of(RSA.getPrivate(), certificate, "kid-1"))
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://login.salesforce.com")
			.build();
		return JwtBearerRegistration.withClientRegistration(TestRegistrations.salesforce(TOKEN_URI).build(), minter)
			.subject("integration@acme.com")
			.providerName("salesforce")
			.build();
	}

	public static X509Certificate certificateUntil(Instant notAfter) {
		return TestKeys.selfSignedCertificate(RSA, "acme-integration", notAfter);
	}

	public static JwtBearerAuthorizedClient authorizedClient(JwtBearerRegistration registration, Instant issuedAt,
			Instant expiresAt) {
		return new JwtBearerAuthorizedClient(registration.getClientRegistration(), "integration@acme.com",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN_VALUE, issuedAt, expiresAt),
				Map.of("instance_url", TestTokenEndpoint.INSTANCE_URL, "id", TestTokenEndpoint.IDENTITY_URL));
	}

}
