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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Keys, assertions and HTTP calls for the kit's own tests.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TestClients {

	static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private static final HttpClient http = HttpClient.newHttpClient();

	private TestClients() {
	}

	static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair ec() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JWTClaimsSet.Builder claims(String iss, String sub, String aud) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(iss)
			.subject(sub)
			.audience(aud)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(120)))
			.jwtID(UUID.randomUUID().toString());
	}

	static String sign(KeyPair keyPair, JWSAlgorithm algorithm, JWTClaimsSet claims) {
		try {
			JWSSigner signer = (algorithm.getName().startsWith("ES"))
					? new ECDSASigner(keyPair.getPrivate(),
							com.nimbusds.jose.jwk.Curve.forJWSAlgorithm(algorithm).iterator().next())
					: new RSASSASigner(keyPair.getPrivate());
			SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(KeyPair keyPair, JWTClaimsSet claims) {
		return sign(keyPair, JWSAlgorithm.RS256, claims);
	}

	static Response requestToken(MockJwtBearerServer server, String assertion) {
		return requestToken(server, "grant_type=" + encode(JWT_BEARER) + "&assertion=" + encode(assertion),
				(builder) -> {
				});
	}

	static Response requestToken(MockJwtBearerServer server, String form, Consumer<HttpRequest.Builder> customizer) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.getTokenUri()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		customizer.accept(builder);
		return send(builder.build());
	}

	static Response callApi(MockJwtBearerServer server, String path, String accessToken) {
		return send(HttpRequest.newBuilder(URI.create(server.getBaseUrl() + path))
			.header("Authorization", "Bearer " + accessToken)
			.build());
	}

	static Response revoke(MockJwtBearerServer server, String accessToken) {
		return send(HttpRequest.newBuilder(URI.create(server.getRevocationUri()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + encode(accessToken) + "&token_type_hint=access_token"))
			.build());
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String body, Map<String, java.util.List<String>> headers) {

		Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException(this.body, ex);
			}
		}

	}

	/**
	 * A clock a test moves.
	 */
	static final class MutableClock extends Clock {

		private Instant instant = Instant.now();

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
