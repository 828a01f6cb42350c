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

package io.github.jwtbearer.client.registration;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JwtBearerRegistration}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRegistrationTests {

	private static final KeyPair EC = TestKeys.ec("P-256");

	private final ClientRegistration clientRegistration = TestRegistrations
		.salesforce("https://login.salesforce.com/services/oauth2/token")
		.build();

	private final JwtAssertionMinter minter = JwtAssertionMinter
		.withSigningKey("salesforce", JwtSigningKey.of(EC.getPrivate(), null))
		.algorithm(SignatureAlgorithm.ES256)
		.issuer(TestRegistrations.CONSUMER_KEY)
		.audience("https://login.salesforce.com")
		.build();

	@Test
	void buildThenHasDefaults() {
		JwtBearerRegistration registration = JwtBearerRegistration
			.withClientRegistration(this.clientRegistration, this.minter)
			.build();
		assertThat(registration.getRegistrationId()).isEqualTo("salesforce");
		assertThat(registration.getClientRegistration()).isSameAs(this.clientRegistration);
		assertThat(registration.getAssertionMinter()).isSameAs(this.minter);
		assertThat(registration.getSubject()).isNull();
		assertThat(registration.getProviderName()).isEqualTo("generic");
		assertThat(registration.getTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
		assertThat(registration.getClockSkew()).isEqualTo(Duration.ofSeconds(60));
		assertThat(registration.getRefreshBeforeExpiry()).isEqualTo(Duration.ofSeconds(60));
		assertThat(registration.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(registration.getReadTimeout()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void buildThenHasWhatWasSet() {
		JwtBearerRegistration registration = JwtBearerRegistration
			.withClientRegistration(this.clientRegistration, this.minter)
			.subject("integration@acme.com")
			.providerName("salesforce")
			.tokenLifetime(Duration.ofHours(2))
			.clockSkew(Duration.ZERO)
			.refreshBeforeExpiry(Duration.ofMinutes(5))
			.connectTimeout(Duration.ofSeconds(1))
			.readTimeout(Duration.ofSeconds(2))
			.build();
		assertThat(registration.getSubject()).isEqualTo("integration@acme.com");
		assertThat(registration.getProviderName()).isEqualTo("salesforce");
		assertThat(registration.getTokenLifetime()).isEqualTo(Duration.ofHours(2));
		assertThat(registration.getClockSkew()).isZero();
		assertThat(registration.getRefreshBeforeExpiry()).isEqualTo(Duration.ofMinutes(5));
		assertThat(registration.getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(registration.getReadTimeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void renewalStartIsExpiryLessClockSkewAndRefreshMargin() {
		JwtBearerRegistration registration = JwtBearerRegistration
			.withClientRegistration(this.clientRegistration, this.minter)
			.clockSkew(Duration.ofSeconds(30))
			.refreshBeforeExpiry(Duration.ofMinutes(2))
			.build();
		Instant expiresAt = Instant.parse("2026-03-01T10:30:00Z");
		assertThat(registration.renewalStart(expiresAt)).isEqualTo(Instant.parse("2026-03-01T10:27:30Z"));
	}

	@Test
	void withClientRegistrationWhenNotJwtBearerThenFails() {
		ClientRegistration clientCredentials = TestRegistrations.clientCredentials("other", "https://example.com/token")
			.build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwtBearerRegistration.withClientRegistration(clientCredentials, this.minter))
			.withMessageContaining("jwt-bearer");
	}

	@Test
	void builderRejectsOutOfRangeDurations() {
		JwtBearerRegistration.Builder builder = JwtBearerRegistration.withClientRegistration(this.clientRegistration,
				this.minter);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.tokenLifetime(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.clockSkew(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.refreshBeforeExpiry(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.connectTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.readTimeout(Duration.ZERO));
	}

	@Test
	void toStringShowsRegistrationButNoSecrets() {
		ClientRegistration withSecret = TestRegistrations
			.salesforce("https://login.salesforce.com/services/oauth2/token")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientSecret("Cl13nt!S3cr3t#88")
			.build();
		JwtBearerRegistration registration = JwtBearerRegistration.withClientRegistration(withSecret, this.minter)
			.subject("integration@acme.com")
			.build();
		String text = registration.toString();
		assertThat(text).startsWith("JwtBearerRegistration[registrationId=salesforce, subject=integration@acme.com, "
				+ "tokenLifetime=PT15M, JwtAssertionMinter[registrationId=salesforce, algorithm=ES256");
		assertNoSecretsIn(text, "Cl13nt!S3cr3t#88", TestKeys.pkcs8Pem(EC.getPrivate()),
				this.minter.mint("integration@acme.com").getTokenValue());
	}

}
