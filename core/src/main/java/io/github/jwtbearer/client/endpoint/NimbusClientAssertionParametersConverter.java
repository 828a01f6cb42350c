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

package io.github.jwtbearer.client.endpoint;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Objects;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Adds the client assertion of RFC 7523 section 2.2 ({@code client_assertion} and
 * {@code client_assertion_type}) to the token requests of a registration whose client
 * authentication method is {@code private_key_jwt}, signed with the registration's
 * current key: {@code iss} and {@code sub} the client id, {@code aud} the token endpoint,
 * {@code iat}, {@code exp} and a {@code jti} of its own for every request, retries
 * included.
 * <p>
 * Spring Security's {@link NimbusJwtClientAuthenticationParametersConverter} signs where
 * it can: it needs the key as a JWK, private and public half together. A key that is not
 * in memory (PKCS#11, a signer bean) or whose public half is not known (an EC key without
 * certificate) signs through a {@link JwtAssertionMinter} of its own instead, with the
 * same claims.
 *
 * @author JWT Bearer for Spring contributors
 */
final class NimbusClientAssertionParametersConverter
		implements Converter<JwtBearerGrantRequest, MultiValueMap<String, String>> {

	// RFC 7523 section 2.2
	static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	// as long as Spring Security's converter gives its own assertions
	private static final Duration LIFETIME = Duration.ofSeconds(60);

	private final JwtBearerRegistration registration;

	private final NimbusJwtClientAuthenticationParametersConverter<JwtBearerGrantRequest> converter;

	private volatile @Nullable ClientKey clientKey;

	NimbusClientAssertionParametersConverter(JwtBearerRegistration registration) {
		this.registration = registration;
		this.converter = new NimbusJwtClientAuthenticationParametersConverter<>(this::jwk);
	}

	@Override
	public MultiValueMap<String, String> convert(JwtBearerGrantRequest request) {
		ClientRegistration clientRegistration = request.getClientRegistration();
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (!ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(clientRegistration.getClientAuthenticationMethod())) {
			return parameters;
		}
		ClientKey clientKey = clientKey(clientRegistration);
		if (clientKey.jwk() != null) {
			return Objects.requireNonNull(this.converter.convert(request));
		}
		parameters.set(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE, CLIENT_ASSERTION_TYPE);
		parameters.set(OAuth2ParameterNames.CLIENT_ASSERTION,
				clientKey.requireMinter().mint(clientRegistration.getClientId()).getTokenValue());
		return parameters;
	}

	// called only for a key that has a JWK
	private JWK jwk(ClientRegistration clientRegistration) {
		return Objects.requireNonNull(clientKey(clientRegistration).jwk());
	}

	// the signer of the registration's minter at the time of the request: a key that
	// rotates signs the next client assertion too
	private ClientKey clientKey(ClientRegistration clientRegistration) {
		JwtAssertionMinter minter = this.registration.getAssertionMinter();
		JwtSigner signer = minter.getSigner();
		ClientKey clientKey = this.clientKey;
		if (clientKey != null && clientKey.signer() == signer) {
			return clientKey;
		}
		JWK jwk = (signer instanceof JwtSigningKey signingKey) ? jwk(signingKey, minter.getAlgorithm()) : null;
		// a key that never leaves its HSM or KMS has no JWK to give Spring Security's
		// converter: it signs the client assertion through the signer, as it does the
		// grant's assertion
		JwtAssertionMinter clientMinter = (jwk != null) ? null
				: JwtAssertionMinter.withSigner(clientRegistration.getRegistrationId(), signer)
					.algorithm(minter.getAlgorithm())
					.issuer(clientRegistration.getClientId())
					.audience(clientRegistration.getProviderDetails().getTokenUri())
					.lifetime(LIFETIME)
					.build();
		clientKey = new ClientKey(signer, jwk, clientMinter);
		this.clientKey = clientKey;
		return clientKey;
	}

	private static @Nullable JWK jwk(JwtSigningKey signingKey, SignatureAlgorithm algorithm) {
		PublicKey publicKey = signingKey.getPublicKey();
		JWSAlgorithm jwsAlgorithm = JWSAlgorithm.parse(algorithm.getName());
		Base64URL thumbprint = (signingKey.getCertificateThumbprint() != null)
				? new Base64URL(signingKey.getCertificateThumbprint()) : null;
		if (publicKey instanceof RSAPublicKey rsaKey) {
			return new RSAKey.Builder(rsaKey).privateKey(signingKey.getPrivateKey())
				.keyID(signingKey.getKeyId())
				.algorithm(jwsAlgorithm)
				.x509CertSHA256Thumbprint(thumbprint)
				.build();
		}
		if (publicKey instanceof ECPublicKey ecKey) {
			return new ECKey.Builder(Curve.forECParameterSpec(ecKey.getParams()), ecKey)
				.privateKey(signingKey.getPrivateKey())
				.keyID(signingKey.getKeyId())
				.algorithm(jwsAlgorithm)
				.x509CertSHA256Thumbprint(thumbprint)
				.build();
		}
		// an EC key without certificate: its public point is not known
		return null;
	}

	private record ClientKey(JwtSigner signer, @Nullable JWK jwk, @Nullable JwtAssertionMinter minter) {

		JwtAssertionMinter requireMinter() {
			if (this.minter == null) {
				throw new IllegalStateException("No minter for the client assertion");
			}
			return this.minter;
		}

	}

}
