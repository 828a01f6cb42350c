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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.github.jwtbearer.fixtures.TestRegistrations;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtBearerAuthorizedClient}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerAuthorizedClientTests {

	private static final String TOKEN_VALUE = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX";

	private static final String SIGNATURE = "T2gzRm5yOFZ3eEZqSzJQcQ==";

	private final ClientRegistration clientRegistration = TestRegistrations
		.salesforce("https://login.salesforce.com/services/oauth2/token")
		.build();

	private final OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN_VALUE,
			Instant.parse("2026-03-01T10:15:30Z"), Instant.parse("2026-03-01T10:30:30Z"));

	@Test
	void getInstanceUrlReturnsTheResponseParameter() {
		JwtBearerAuthorizedClient client = new JwtBearerAuthorizedClient(this.clientRegistration, "app",
				this.accessToken, Map.of("instance_url", "https://acme.my.salesforce.com", "id", "https://id"));
		assertThat(client.getInstanceUrl()).isEqualTo("https://acme.my.salesforce.com");
		assertThat(client.getAdditionalParameters()).containsOnlyKeys("instance_url", "id");
	}

	@Test
	void getInstanceUrlWhenAbsentThenNull() {
		JwtBearerAuthorizedClient client = new JwtBearerAuthorizedClient(this.clientRegistration, "app",
				this.accessToken, Map.of());
		assertThat(client.getInstanceUrl()).isNull();
		assertThat(client.getAdditionalParameters()).isEmpty();
	}

	@Test
	void getAdditionalParametersIsAnUnmodifiableCopy() {
		Map<String, Object> parameters = new HashMap<>(Map.of("instance_url", "https://acme.my.salesforce.com"));
		JwtBearerAuthorizedClient client = new JwtBearerAuthorizedClient(this.clientRegistration, "app",
				this.accessToken, parameters);
		parameters.put("instance_url", "https://evil.example.com");
		assertThat(client.getInstanceUrl()).isEqualTo("https://acme.my.salesforce.com");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> client.getAdditionalParameters().put("id", "x"));
	}

	@Test
	void serializationKeepsAdditionalParameters() throws IOException, ClassNotFoundException {
		JwtBearerAuthorizedClient client = new JwtBearerAuthorizedClient(this.clientRegistration, "app",
				this.accessToken, Map.of("instance_url", "https://acme.my.salesforce.com"));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(client);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			JwtBearerAuthorizedClient copy = (JwtBearerAuthorizedClient) in.readObject();
			assertThat(copy.getInstanceUrl()).isEqualTo("https://acme.my.salesforce.com");
			assertThat(copy.getAccessToken().getTokenValue()).isEqualTo(TOKEN_VALUE);
		}
	}

	@Test
	void toStringShowsRegistrationPrincipalExpiryAndParameterNamesButNoToken() {
		JwtBearerAuthorizedClient client = new JwtBearerAuthorizedClient(this.clientRegistration, "app",
				this.accessToken, Map.of("signature", SIGNATURE));
		String text = client.toString();
		assertThat(text).isEqualTo("JwtBearerAuthorizedClient[registrationId=salesforce, principalName=app, "
				+ "expiresAt=2026-03-01T10:30:30Z, additionalParameters=[signature]]");
		assertNoSecretsIn(text, TOKEN_VALUE, SIGNATURE);
	}

}
