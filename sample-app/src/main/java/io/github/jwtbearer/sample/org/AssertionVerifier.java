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

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Checks a JWT bearer assertion the way Salesforce's token endpoint does, as documented
 * for the "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration".
 *
 * @author JWT Bearer for Spring contributors
 */
final class AssertionVerifier {

	/**
	 * The audiences Salesforce accepts (Experience Cloud sites aside).
	 */
	static final Set<String> AUDIENCES = Set.of("https://login.salesforce.com", "https://test.salesforce.com");

	/**
	 * Salesforce: "the expiration time of the assertion within 3 minutes".
	 */
	static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(3);

	private final String consumerKey;

	private final RSASSAVerifier verifier;

	private final Set<String> preAuthorizedUsers;

	private final Clock clock;

	AssertionVerifier(String consumerKey, RSAPublicKey publicKey, Set<String> preAuthorizedUsers, Clock clock) {
		this.consumerKey = consumerKey;
		this.verifier = new RSASSAVerifier(publicKey);
		this.preAuthorizedUsers = Set.copyOf(preAuthorizedUsers);
		this.clock = clock;
	}

	/**
	 * Verify an assertion.
	 * @param assertion the serialized JWT, or {@code null} when the request had none
	 * @return the user to issue a token for: the {@code sub} claim
	 * @throws TokenRequestException with the error Salesforce answers
	 */
	String verify(@Nullable String assertion) {
		if (assertion == null) {
			throw new TokenRequestException(TokenError.INVALID_ASSERTION);
		}
		SignedJWT jwt = parse(assertion);
		JWTClaimsSet claims = claims(jwt);
		// the issuer names the app whose certificate verifies the signature
		if (!this.consumerKey.equals(claims.getIssuer())) {
			throw new TokenRequestException(TokenError.INVALID_CLIENT_ID);
		}
		// Salesforce: "the JWT must be signed using RSA SHA256"
		if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !verifySignature(jwt)) {
			throw new TokenRequestException(TokenError.INVALID_ASSERTION);
		}
		// Nimbus turns a single "aud" into a list: read the claim as it was sent
		Object audience = jwt.getPayload().toJSONObject().get("aud");
		if (!(audience instanceof String) || !AUDIENCES.contains(audience)) {
			throw new TokenRequestException(TokenError.AUDIENCE_INVALID);
		}
		checkExpiry(claims.getExpirationTime());
		String subject = claims.getSubject();
		if (subject == null || !this.preAuthorizedUsers.contains(subject)) {
			throw new TokenRequestException(TokenError.USER_NOT_APPROVED);
		}
		return subject;
	}

	private static SignedJWT parse(String assertion) {
		try {
			return SignedJWT.parse(assertion);
		}
		catch (ParseException ex) {
			throw new TokenRequestException(TokenError.INVALID_ASSERTION);
		}
	}

	private static JWTClaimsSet claims(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new TokenRequestException(TokenError.INVALID_ASSERTION);
		}
	}

	private boolean verifySignature(SignedJWT jwt) {
		try {
			return jwt.verify(this.verifier);
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private void checkExpiry(@Nullable Date expiration) {
		Instant now = this.clock.instant();
		if (expiration == null || !expiration.toInstant().isAfter(now)
				|| expiration.toInstant().isAfter(now.plus(MAX_ASSERTION_LIFETIME))) {
			throw new TokenRequestException(TokenError.EXPIRED);
		}
	}

}
