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

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a registration property value that names no resource looks like when it is key
 * material rather than a location: PEM text whose armour is damaged, a bare base64 body
 * (as a key often arrives through an environment variable) or a JSON key. Such a value is
 * described, never quoted.
 *
 * @author JWT Bearer for Spring contributors
 */
enum KeyMaterialShape {

	/**
	 * PEM text whose {@code -----BEGIN ...-----} line is missing, damaged or not upper
	 * case.
	 */
	PEM("PEM text whose '-----BEGIN ...-----' line is damaged", "PEM text"),

	/**
	 * A base64 body without its armour.
	 */
	BASE64("a key without its '-----BEGIN PRIVATE KEY-----' armour", "base64 key material"),

	/**
	 * A JSON document, such as a Google service account's key.
	 */
	JSON("JSON, not PEM text", "JSON");

	// four dashes or more, or a BEGIN or END line in any case
	private static final Pattern ARMOUR = Pattern
		.compile("-{4,}|\\b(?:begin|end)\\s+[a-z0-9 ]*\\b(?:key|certificate)\\b", Pattern.CASE_INSENSITIVE);

	// the base64 of a key is long and mixes upper and lower case letters and digits
	private static final int MIN_BASE64_LENGTH = 64;

	private static final Pattern BASE64_TEXT = Pattern.compile("[A-Za-z0-9+/=_-]+");

	private static final String KEY_LOCATION = "file:/run/secrets/key.pem";

	private final String inPemProperty;

	private final String inLocationProperty;

	KeyMaterialShape(String inPemProperty, String inLocationProperty) {
		this.inPemProperty = inPemProperty;
		this.inLocationProperty = inLocationProperty;
	}

	/**
	 * Return the shape of key material the value has.
	 * @param value a property value that names no resource
	 * @return the shape, or {@code null} when the value does not look like key material
	 */
	static @Nullable KeyMaterialShape of(String value) {
		String text = value.strip();
		if (text.startsWith("{") || text.contains("\"private_key\"")) {
			return JSON;
		}
		if (ARMOUR.matcher(text).find()) {
			return PEM;
		}
		String compact = text.replace("\\n", "").replaceAll("\\s", "");
		if (compact.length() >= MIN_BASE64_LENGTH && !compact.startsWith("/") && BASE64_TEXT.matcher(compact).matches()
				&& compact.chars().anyMatch(Character::isUpperCase) && compact.chars().anyMatch(Character::isLowerCase)
				&& compact.chars().anyMatch(Character::isDigit)) {
			return BASE64;
		}
		return null;
	}

	/**
	 * Return what is wrong with a property holding key material of this shape.
	 * @param property the property, such as {@code private-key}
	 * @return the reason, which never holds the value
	 */
	String reason(String property) {
		return switch (property) {
			case "private-key" -> property + " holds what looks like " + this.inPemProperty;
			case "certificate" -> property + " holds what looks like " + ((this != BASE64) ? this.inPemProperty
					: "a key or certificate without its '-----BEGIN CERTIFICATE-----' armour");
			case "credentials-file" -> property + " holds what looks like "
					+ ((this != JSON) ? this.inLocationProperty + ", not the location of a JSON key file"
							: "the JSON key itself, not its location");
			default -> property + " holds what looks like " + this.inLocationProperty + ", not a location";
		};
	}

	/**
	 * Return how to fix a property holding key material of this shape.
	 * @param property the property, such as {@code private-key}
	 * @return the action
	 */
	String action(String property) {
		return switch (property) {
			case "private-key", "certificate" -> pemAction(property);
			case "credentials-file" -> "Write the service account's JSON key to a file and set credentials-file to "
					+ "its location, such as file:/run/secrets/service-account.json"
					+ ((this != JSON) ? "; for a PEM key use private-key" : "");
			default -> "Set " + property + " to the location of the PKCS#12 or JKS file, such as "
					+ "file:/run/secrets/keystore.p12" + ((this != JSON) ? "; for a PEM key use private-key" : "");
		};
	}

	private String pemAction(String property) {
		boolean key = property.equals("private-key");
		String block = key ? "PRIVATE KEY" : "CERTIFICATE";
		String location = key ? KEY_LOCATION : "file:/run/secrets/certificate.pem";
		if (this == JSON) {
			return "Set " + property + " to PEM text or a location such as " + location
					+ "; for a Google service account's JSON key set credentials-file to its location instead";
		}
		return "Give the whole PEM text, from its '-----BEGIN " + block + "-----' line (five dashes each side, upper "
				+ "case) to its '-----END " + block + "-----' line, or a location such as " + location;
	}

}
