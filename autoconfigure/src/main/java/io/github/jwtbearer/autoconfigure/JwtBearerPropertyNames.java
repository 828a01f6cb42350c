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

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The names of the {@code jwt-bearer.*} properties, read from {@link JwtBearerProperties}
 * itself, and the one nearest to a misspelt name.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerPropertyNames {

	static final String PREFIX = "jwt-bearer";

	// an element that stands for any map key, such as the registration id
	private static final String ANY_KEY = "*";

	private static final List<String> NAMES = names(JwtBearerProperties.class, "");

	private JwtBearerPropertyNames() {
	}

	/**
	 * Return the known property nearest to the given one, with the map keys (such as the
	 * registration id) of the given name, or {@code null} when none is near enough to be
	 * a likely misspelling.
	 * @param name the unknown property, such as
	 * {@code jwt-bearer.registration.sf.token-url}
	 * @return the nearest known property, such as
	 * {@code jwt-bearer.registration.sf.token-uri}, or {@code null}
	 */
	static @Nullable String nearest(ConfigurationPropertyName name) {
		String unknown = dashed(name);
		String nearest = NAMES.stream()
			.map((known) -> withKeysOf(known, name))
			.min(Comparator.comparingInt((known) -> distance(unknown, known)))
			.orElse(null);
		// beyond a third of its last element it is another property, not a misspelling
		int tolerance = Math.max(2, name.getLastElement(Form.DASHED).length() / 3);
		return (nearest != null && distance(unknown, nearest) <= tolerance) ? nearest : null;
	}

	private static String dashed(ConfigurationPropertyName name) {
		List<String> elements = new ArrayList<>();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			elements.add(name.getElement(i, Form.DASHED));
		}
		return String.join(".", elements);
	}

	// 'jwt-bearer.registration.*.token-uri' becomes
	// 'jwt-bearer.registration.sf.token-uri'
	private static String withKeysOf(String known, ConfigurationPropertyName name) {
		String[] elements = known.split("\\.");
		for (int i = 0; i < elements.length; i++) {
			if (ANY_KEY.equals(elements[i]) && i < name.getNumberOfElements()) {
				elements[i] = name.getElement(i, Form.DASHED);
			}
		}
		return String.join(".", elements);
	}

	private static List<String> names(Class<?> type, String parent) {
		List<String> names = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || "class".equals(property.getName())) {
				continue;
			}
			String name = parent + DataObjectPropertyName.toDashedForm(property.getName());
			Class<?> propertyType = property.getPropertyType();
			Type genericType = property.getReadMethod().getGenericReturnType();
			if (isNested(propertyType)) {
				names.addAll(names(propertyType, name + "."));
			}
			else if (Map.class.isAssignableFrom(propertyType) && genericType instanceof ParameterizedType map
					&& map.getActualTypeArguments()[1] instanceof Class<?> value && isNested(value)) {
				names.addAll(names(value, name + "." + ANY_KEY + "."));
			}
			else {
				names.add(PREFIX + "." + name);
			}
		}
		return names;
	}

	// a group of properties of ours, such as retry or a registration
	private static boolean isNested(Class<?> type) {
		return type.getEnclosingClass() == JwtBearerProperties.class && !type.isEnum();
	}

	// Levenshtein distance: the fewest single-character edits from one name to the other
	static int distance(String from, String to) {
		int[] previous = new int[to.length() + 1];
		int[] current = new int[to.length() + 1];
		for (int j = 0; j <= to.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= from.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= to.length(); j++) {
				int substitution = previous[j - 1] + ((from.charAt(i - 1) == to.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[to.length()];
	}

}
