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

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerRuntimeHints}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(AotServices.factories(getClass().getClassLoader()).load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(JwtBearerRuntimeHints.class);
	}

	@Test
	void sqlSchemasOfTokenStoresAreResources() {
		new JwtBearerRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(
				RuntimeHintsPredicates.resource().forResource("io/github/jwtbearer/client/store/schema-postgresql.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("io/github/jwtbearer/client/store/notes.txt"))
			.rejects(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("schema-postgresql.sql")).rejects(this.hints);
	}

	@Test
	void propertyGettersAreInvocableForNearestPropertyNames() {
		new JwtBearerRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(JwtBearerProperties.class, "getRegistration"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(JwtBearerProperties.Registration.class, "getTokenUri")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(JwtBearerProperties.Retry.class, "getMaxAttempts")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(JwtBearerProperties.TokenStore.class, "getMaxSize")).accepts(this.hints);
	}

}
