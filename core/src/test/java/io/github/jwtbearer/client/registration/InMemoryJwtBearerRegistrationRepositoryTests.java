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
import java.util.List;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestRegistrations;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InMemoryJwtBearerRegistrationRepository}.
 *
 * @author JWT Bearer for Spring contributors
 */
class InMemoryJwtBearerRegistrationRepositoryTests {

	private static final KeyPair EC = TestKeys.ec("P-256");

	private final JwtBearerRegistration salesforce = registration("salesforce");

	private final JwtBearerRegistration google = registration("google");

	@Test
	void findByRegistrationIdReturnsTheRegistration() {
		InMemoryJwtBearerRegistrationRepository repository = new InMemoryJwtBearerRegistrationRepository(
				this.salesforce, this.google);
		assertThat(repository.findByRegistrationId("google")).isSameAs(this.google);
		assertThat(repository.findByRegistrationId("salesforce")).isSameAs(this.salesforce);
	}

	@Test
	void findByRegistrationIdWhenUnknownThenNull() {
		assertThat(new InMemoryJwtBearerRegistrationRepository(this.salesforce).findByRegistrationId("unknown"))
			.isNull();
	}

	@Test
	void findByRegistrationIdWhenEmptyIdThenFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InMemoryJwtBearerRegistrationRepository(this.salesforce).findByRegistrationId(""));
	}

	@Test
	void createWhenDuplicateIdThenFailsNamingIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new InMemoryJwtBearerRegistrationRepository(this.salesforce, registration("salesforce")))
			.withMessage("Duplicate registration id 'salesforce'");
	}

	@Test
	void iterationAndClientRegistrationsKeepTheOrderGiven() {
		InMemoryJwtBearerRegistrationRepository repository = new InMemoryJwtBearerRegistrationRepository(
				List.of(this.salesforce, this.google));
		assertThat(repository).containsExactly(this.salesforce, this.google);
		assertThat(repository.getClientRegistrations()).containsExactly(this.salesforce.getClientRegistration(),
				this.google.getClientRegistration());
	}

	private static JwtBearerRegistration registration(String registrationId) {
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey(registrationId, JwtSigningKey.of(EC.getPrivate(), null))
			.algorithm(SignatureAlgorithm.ES256)
			.issuer(TestRegistrations.CONSUMER_KEY)
			.audience("https://example.com")
			.build();
		return JwtBearerRegistration
			.withClientRegistration(TestRegistrations.jwtBearer(registrationId, "https://example.com/token").build(),
					minter)
			.build();
	}

}
