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

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JwtBearerAccessTokenResponseConverter}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerAccessTokenResponseConverterTests {

	private final JwtBearerAccessTokenResponseConverter converter = new JwtBearerAccessTokenResponseConverter(
			Duration.ofMinutes(15));

	@Test
	void convertWhenExpiresInAbsentThenTokenLivesAssumedLifetime() {
		OAuth2AccessTokenResponse response = this.converter.convert(salesforce());
		assertThat(lifetime(response)).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void convertWhenExpiresInZeroStringThenTokenLivesAssumedLifetime() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", "0");
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void convertWhenExpiresInZeroNumberThenTokenLivesAssumedLifetime() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", 0);
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void convertWhenExpiresInNotANumberThenTokenLivesAssumedLifetime() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", "soon");
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void convertWhenExpiresInStringNumberThenUsesIt() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", "3599");
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofSeconds(3599));
	}

	@Test
	void convertWhenExpiresInIntegerThenUsesIt() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", 7200);
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void convertWhenExpiresInLongThenUsesIt() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", 60L);
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void convertWhenExpiresInDecimalThenUsesItsWholeSeconds() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", 3599.9);
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofSeconds(3599));
	}

	@Test
	void convertWhenExpiresInExponentStringThenUsesIt() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", "3.6e3");
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void convertWhenExpiresInBeyondAnyDateThenCapped() {
		Map<String, Object> parameters = salesforce();
		parameters.put("expires_in", new BigInteger("1" + "0".repeat(40)));
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofSeconds(Integer.MAX_VALUE));
	}

	@Test
	void convertWhenTokenTypeDpopThenFails() {
		Map<String, Object> parameters = salesforce();
		parameters.put("token_type", "DPoP");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(parameters))
			.withMessage("The token response has token_type 'DPoP'; only Bearer tokens are supported");
	}

	@Test
	void convertThenKeepsTokenScopesAndExtraParameters() {
		OAuth2AccessTokenResponse response = this.converter.convert(salesforce());
		OAuth2AccessToken accessToken = response.getAccessToken();
		assertThat(accessToken.getTokenValue()).isEqualTo("00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX");
		assertThat(accessToken.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(accessToken.getScopes()).containsExactlyInAnyOrder("web", "api");
		assertThat(response.getRefreshToken()).isNull();
		assertThat(response.getAdditionalParameters()).containsEntry("instance_url", "https://acme.my.salesforce.com")
			.containsEntry("id", "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS")
			.containsEntry("issued_at", "1772360130000")
			.containsEntry("signature", "c2lnbmF0dXJl")
			.doesNotContainKeys("access_token", "token_type", "expires_in", "scope");
	}

	@Test
	void convertDoesNotChangeTheSource() {
		Map<String, Object> parameters = Map.of("access_token", "token", "token_type", "Bearer");
		assertThat(lifetime(this.converter.convert(parameters))).isEqualTo(Duration.ofMinutes(15));
		assertThat(parameters).doesNotContainKey("expires_in");
	}

	@Test
	void convertWhenTokenTypeLowercaseBearerThenAccepts() {
		Map<String, Object> parameters = salesforce();
		parameters.put("token_type", "bearer");
		assertThat(this.converter.convert(parameters).getAccessToken().getTokenType())
			.isEqualTo(OAuth2AccessToken.TokenType.BEARER);
	}

	@Test
	void convertWhenAccessTokenMissingThenFails() {
		Map<String, Object> parameters = salesforce();
		parameters.remove("access_token");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(parameters))
			.withMessage("The token response has no access_token");
	}

	@Test
	void convertWhenAccessTokenBlankThenFails() {
		Map<String, Object> parameters = salesforce();
		parameters.put("access_token", " ");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(parameters))
			.withMessage("The token response has no access_token");
	}

	@Test
	void convertWhenTokenTypeMissingThenFails() {
		Map<String, Object> parameters = salesforce();
		parameters.remove("token_type");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(parameters))
			.withMessage("The token response has no token_type");
	}

	@Test
	void convertWhenTokenTypeNotBearerThenFailsNamingIt() {
		Map<String, Object> parameters = salesforce();
		parameters.put("token_type", "mac");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(parameters))
			.withMessage("The token response has token_type 'mac'; only Bearer tokens are supported");
	}

	@Test
	void convertWhenTokenTypeLongThenMessageAbbreviatesIt() {
		Map<String, Object> parameters = salesforce();
		parameters.put("token_type", "x".repeat(20) + "tail-that-is-not-shown");
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.convert(parameters))
			.withMessageContaining("'" + "x".repeat(20) + "...'")
			.withMessageNotContaining("tail");
	}

	@Test
	void createWhenAssumedLifetimeUnderOneSecondThenFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtBearerAccessTokenResponseConverter(Duration.ofMillis(999)));
	}

	private static Duration lifetime(OAuth2AccessTokenResponse response) {
		return Duration.between(response.getAccessToken().getIssuedAt(), response.getAccessToken().getExpiresAt());
	}

	// as Salesforce answers the JWT bearer grant: no expires_in
	private static Map<String, Object> salesforce() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("access_token", "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX");
		parameters.put("scope", "web api");
		parameters.put("instance_url", "https://acme.my.salesforce.com");
		parameters.put("id", "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS");
		parameters.put("token_type", "Bearer");
		parameters.put("issued_at", "1772360130000");
		parameters.put("signature", "c2lnbmF0dXJl");
		return parameters;
	}

}
