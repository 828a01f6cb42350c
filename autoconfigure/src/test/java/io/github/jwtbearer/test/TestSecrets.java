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

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions that text shown to people (exception messages, {@code toString}) holds no
 * secret: no password, token or key, and no fragment of a PEM body.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestSecrets {

	// long enough never to occur by chance in a message, short enough to catch a
	// partial echo
	private static final int FRAGMENT_LENGTH = 12;

	private TestSecrets() {
	}

	/**
	 * Assert that neither the message nor the {@code toString} of the exception and of
	 * every cause and suppressed exception holds one of the secrets.
	 * @param ex the exception
	 * @param secrets passwords, tokens, or PEM text (whose base64 fragments count too)
	 */
	public static void assertNoSecretsIn(Throwable ex, String... secrets) {
		for (Throwable throwable : chain(ex)) {
			assertNoSecretsIn(String.valueOf(throwable.getMessage()), secrets);
			assertNoSecretsIn(throwable.toString(), secrets);
		}
	}

	/**
	 * Assert that the text holds none of the secrets.
	 * @param text the text shown to people
	 * @param secrets passwords, tokens, or PEM text (whose base64 fragments count too)
	 */
	public static void assertNoSecretsIn(String text, String... secrets) {
		for (String secret : secrets) {
			assertThat(text).doesNotContain(secret);
			for (String fragment : fragments(secret)) {
				assertThat(text).as("a fragment of a secret").doesNotContain(fragment);
			}
		}
	}

	/**
	 * Return the exception, its causes and their suppressed exceptions.
	 * @param ex the exception
	 * @return the chain
	 */
	public static List<Throwable> chain(Throwable ex) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> chain = new ArrayList<>();
		collect(ex, seen, chain);
		return chain;
	}

	private static void collect(Throwable ex, Set<Throwable> seen, List<Throwable> chain) {
		if (ex == null || !seen.add(ex)) {
			return;
		}
		chain.add(ex);
		for (Throwable suppressed : ex.getSuppressed()) {
			collect(suppressed, seen, chain);
		}
		collect(ex.getCause(), seen, chain);
	}

	private static Set<String> fragments(String secret) {
		Set<String> fragments = new LinkedHashSet<>();
		secret.lines()
			.filter((line) -> !line.startsWith("-----") && !line.contains(":"))
			.map((line) -> line.replace("\\n", "").strip())
			.filter((line) -> line.length() >= FRAGMENT_LENGTH)
			.forEach((line) -> {
				for (int i = 0; i + FRAGMENT_LENGTH <= line.length(); i++) {
					fragments.add(line.substring(i, i + FRAGMENT_LENGTH));
				}
			});
		return fragments;
	}

}
