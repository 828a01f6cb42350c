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

package io.github.jwtbearer.sample.org;

import java.security.SecureRandom;

/**
 * Salesforce record ids: a three-character key prefix that names the object ({@code 00D}
 * organization, {@code 005} user, {@code 001} account), then case-sensitive base-62
 * characters to 15, then a three-character suffix that makes the 18-character id
 * case-insensitive.
 *
 * @author JWT Bearer for Spring contributors
 */
final class SalesforceIds {

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final String SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

	private static final SecureRandom random = new SecureRandom();

	private SalesforceIds() {
	}

	/**
	 * Return a new random 15-character id.
	 * @param keyPrefix the object's key prefix, such as {@code 00D}
	 * @return the id
	 */
	static String random15(String keyPrefix) {
		return keyPrefix + randomCharacters(15 - keyPrefix.length(), BASE62);
	}

	/**
	 * Return the 18-character form of a 15-character id: each group of five characters
	 * adds one character whose bits mark the upper-case letters of the group.
	 * @param id15 the 15-character id
	 * @return the 18-character id
	 */
	static String to18(String id15) {
		StringBuilder id18 = new StringBuilder(id15);
		for (int group = 0; group < 3; group++) {
			int flags = 0;
			for (int position = 0; position < 5; position++) {
				char character = id15.charAt(group * 5 + position);
				if (character >= 'A' && character <= 'Z') {
					flags |= 1 << position;
				}
			}
			id18.append(SUFFIX_CHARACTERS.charAt(flags));
		}
		return id18.toString();
	}

	/**
	 * Return random characters from an alphabet.
	 * @param length how many characters
	 * @param alphabet the characters to choose from
	 * @return the random characters
	 */
	static String randomCharacters(int length, String alphabet) {
		StringBuilder characters = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			characters.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return characters.toString();
	}

}
