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

package io.github.jwtbearer.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import io.github.jwtbearer.fixtures.TestRegistrations;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthorizedClientCodecTests {

	private static final String TOKEN = "00Dxx0000001gPL!AQ4AQFS_secret_token_value";

	private final ClientRegistration registration = TestRegistrations.salesforce("https://login.salesforce.com")
		.build();

	@Test
	void readWhenWrittenThenEveryFieldComesBack() {
		Map<String, Object> extras = new LinkedHashMap<>();
		extras.put(JwtBearerAuthorizedClient.INSTANCE_URL, TestTokenEndpoint.INSTANCE_URL);
		extras.put("id", TestTokenEndpoint.IDENTITY_URL);
		extras.put("issued_at", TestTokenEndpoint.ISSUED_AT);
		extras.put("int", 42);
		extras.put("long", 4_200_000_000L);
		extras.put("double", 1.5);
		extras.put("big_integer", new BigInteger("123456789012345678901234567890"));
		extras.put("big_decimal", new BigDecimal("1.000000000000000000001"));
		extras.put("flag", true);
		extras.put("list", List.of("a", 1, false));
		extras.put("map", Map.of("nested", List.of(Map.of("deep", "value"))));
		Instant issuedAt = Instant.parse("2026-11-30T12:00:00.123456789Z");
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN, issuedAt,
				issuedAt.plusSeconds(900), Set.of("api", "refresh_token"));
		JwtBearerAuthorizedClient written = new JwtBearerAuthorizedClient(this.registration, "integration@acme.com",
				token, extras);
		OAuth2AuthorizedClient read = AuthorizedClientCodec.read(AuthorizedClientCodec.write(written),
				this.registration);
		assertThat(read).isInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(read.getClientRegistration()).isSameAs(this.registration);
		assertThat(read.getPrincipalName()).isEqualTo("integration@acme.com");
		assertThat(read.getAccessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(read.getAccessToken().getTokenValue()).isEqualTo(TOKEN);
		assertThat(read.getAccessToken().getIssuedAt()).isEqualTo(issuedAt);
		assertThat(read.getAccessToken().getExpiresAt()).isEqualTo(issuedAt.plusSeconds(900));
		assertThat(read.getAccessToken().getScopes()).containsExactlyInAnyOrder("api", "refresh_token");
		JwtBearerAuthorizedClient client = (JwtBearerAuthorizedClient) read;
		assertThat(client.getAdditionalParameters()).isEqualTo(extras);
		assertThat(client.getInstanceUrl()).isEqualTo(TestTokenEndpoint.INSTANCE_URL);
		assertThat(client.getAdditionalParameters().get("long")).isInstanceOf(Long.class);
		assertThat(client.getAdditionalParameters().get("big_decimal"))
			.isEqualTo(new BigDecimal("1.000000000000000000001"));
	}

	@Test
	void readWhenPlainAuthorizedClientThenPlainAuthorizedClient() {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN, null, null);
		OAuth2AuthorizedClient read = AuthorizedClientCodec.read(
				AuthorizedClientCodec.write(new OAuth2AuthorizedClient(this.registration, "bob", token)),
				this.registration);
		assertThat(read).isNotInstanceOf(JwtBearerAuthorizedClient.class);
		assertThat(read.getPrincipalName()).isEqualTo("bob");
		assertThat(read.getAccessToken().getIssuedAt()).isNull();
		assertThat(read.getAccessToken().getExpiresAt()).isNull();
		assertThat(read.getAccessToken().getScopes()).isEmpty();
	}

	@Test
	void readWhenAnotherRegistrationThenRefused() {
		byte[] bytes = AuthorizedClientCodec.write(new OAuth2AuthorizedClient(this.registration, "bob",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN, null, null)));
		assertThatIllegalArgumentException().isThrownBy(
				() -> AuthorizedClientCodec.read(bytes, TestRegistrations.jwtBearer("other", "https://x").build()));
	}

	@Test
	void encryptWhenSameValueTwiceThenFreshIvAndNoPlaintextInTheResult() {
		AesGcmTokenCipher cipher = new AesGcmTokenCipher(key(1));
		byte[] plaintext = TOKEN.getBytes(StandardCharsets.UTF_8);
		byte[] first = cipher.encrypt(plaintext, "jwt-bearer:token:salesforce:a");
		byte[] second = cipher.encrypt(plaintext, "jwt-bearer:token:salesforce:a");
		assertThat(first).isNotEqualTo(second);
		assertThat(Arrays.copyOfRange(first, 2, 14)).isNotEqualTo(Arrays.copyOfRange(second, 2, 14));
		assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("secret_token");
		assertThat(cipher.decrypt(first, "jwt-bearer:token:salesforce:a")).isEqualTo(plaintext);
		assertThat(cipher.decrypt(second, "jwt-bearer:token:salesforce:a")).isEqualTo(plaintext);
	}

	@Test
	void decryptWhenOtherKeyOtherStoreKeyOrChangedThenNothing() {
		AesGcmTokenCipher cipher = new AesGcmTokenCipher(key(1));
		byte[] value = cipher.encrypt(TOKEN.getBytes(StandardCharsets.UTF_8), "jwt-bearer:token:salesforce:a");
		assertThat(new AesGcmTokenCipher(key(2)).decrypt(value, "jwt-bearer:token:salesforce:a")).isNull();
		// a value copied under another subject's key does not decrypt
		assertThat(cipher.decrypt(value, "jwt-bearer:token:salesforce:b")).isNull();
		byte[] changed = value.clone();
		changed[changed.length - 1] ^= 1;
		assertThat(cipher.decrypt(changed, "jwt-bearer:token:salesforce:a")).isNull();
		assertThat(cipher.decrypt(new byte[3], "jwt-bearer:token:salesforce:a")).isNull();
	}

	static SecretKeySpec key(int seed) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) seed);
		return new SecretKeySpec(key, "AES");
	}

}
