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

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtBearerTokenKey}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenKeyTests {

	@Test
	void principalNameOfASubjectIsTheSubject() {
		assertThat(new JwtBearerTokenKey("salesforce", "integration@acme.com").principalName())
			.isEqualTo("integration@acme.com");
	}

	@Test
	void principalNameWhenSubjectIsLiterallyTheNoSubjectNameThenItDoesNotShareTheSubjectlessSlot() {
		JwtBearerTokenKey subjectless = new JwtBearerTokenKey("google", null);
		JwtBearerTokenKey impostor = new JwtBearerTokenKey("google", "jwt-bearer:no-subject");
		assertThat(impostor.principalName()).isNotEqualTo(subjectless.principalName());
		assertThat(impostor.principal().getName()).isNotEqualTo(subjectless.principal().getName());
	}

	@Test
	void principalNamesOfDistinctSubjectsAreDistinct() {
		List<String> names = Stream
			.of(null, "jwt-bearer:no-subject", "jwt-bearer:subject:jwt-bearer:no-subject", "jwt-bearer:subject:",
					"jwt-bearer:", "no-subject", "alice@acme.com")
			.map((subject) -> new JwtBearerTokenKey("google", subject).principalName())
			.toList();
		assertThat(names).doesNotHaveDuplicates();
	}

}
