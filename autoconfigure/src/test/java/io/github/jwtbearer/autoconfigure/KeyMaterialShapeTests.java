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

package io.github.jwtbearer.autoconfigure;

import java.security.KeyPair;
import java.util.Base64;

import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyMaterialShape}: key material is recognised in the forms it reaches
 * a property in, and a location is never taken for key material.
 *
 * @author JWT Bearer for Spring contributors
 */
class KeyMaterialShapeTests {

	private static final KeyPair EC = TestKeys.ec("P-256");

	@ParameterizedTest
	@ValueSource(strings = { "file:/run/secrets/key.pem", "/run/secrets/salesforce.key", "classpath:keys/key.pem",
			"keys/key.pem", "3f786850e387550fdab836ed7e6dc881de23001b",
			"/run/secrets/Salesforce2024IntegrationUserPrivateKeyForTheProductionOrg1",
			"secrets/salesforce-integration-user-private-key-for-the-production-org.pem",
			"file:/var/run/secrets/..2026_01_31_12_00_00.123456789/key.pem", "${SF_PRIVATE_KEY}" })
	void ofWhenLocationThenNull(String location) {
		assertThat(KeyMaterialShape.of(location)).isNull();
	}

	@Test
	void ofWhenBareBase64OfSmallEcKeyThenBase64() {
		String body = Base64.getEncoder().encodeToString(EC.getPrivate().getEncoded());
		assertThat(KeyMaterialShape.of(body)).isEqualTo(KeyMaterialShape.BASE64);
		assertThat(KeyMaterialShape.of(Base64.getMimeEncoder().encodeToString(EC.getPrivate().getEncoded())))
			.isEqualTo(KeyMaterialShape.BASE64);
	}

	@Test
	void ofWhenSec1PemInLowerCaseThenPem() {
		String pem = TestKeys.sec1Pem(EC).replace("BEGIN EC PRIVATE KEY", "begin ec private key");
		assertThat(KeyMaterialShape.of(pem)).isEqualTo(KeyMaterialShape.PEM);
	}

	@Test
	void ofWhenServiceAccountJsonThenJson() {
		assertThat(KeyMaterialShape.of(" {\"type\": \"service_account\"}")).isEqualTo(KeyMaterialShape.JSON);
	}

	@Test
	void reasonAndActionNeverHoldTheValue() {
		for (KeyMaterialShape shape : KeyMaterialShape.values()) {
			for (String property : new String[] { "private-key", "certificate", "key-store", "credentials-file" }) {
				assertThat(shape.reason(property)).startsWith(property + " holds what looks like ");
				assertThat(shape.action(property)).contains("file:/run/secrets/");
			}
		}
	}

}
