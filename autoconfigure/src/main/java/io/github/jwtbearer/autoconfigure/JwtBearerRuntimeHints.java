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

import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The {@link RuntimeHints} of the starter, for an application processed ahead of time (a
 * native image): what it reads by reflection or from the class path beyond what Spring
 * Boot registers itself. Binding {@link JwtBearerProperties} is Boot's; the names of
 * those properties are also read from the property classes' getters to suggest the
 * nearest one to a misspelt property (reflection on their public methods); SQL schemas of
 * the shared token stores are read from the class path. The Google service-account JSON
 * and token responses are parsed into maps, with no reflection on types of ours.
 * Registered in {@code META-INF/spring/aot.factories}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRuntimeHints implements RuntimeHintsRegistrar {

	// the schemas of the JDBC token store, such as
	// io/github/jwtbearer/client/store/schema-postgresql.sql
	static final String SQL_SCHEMAS = "io/github/jwtbearer/**/*.sql";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(SQL_SCHEMAS);
		// JwtBearerPropertyNames walks the property classes and those nested in them
		Deque<Class<?>> types = new ArrayDeque<>();
		types.add(JwtBearerProperties.class);
		while (!types.isEmpty()) {
			Class<?> type = types.remove();
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
			for (Class<?> nested : type.getDeclaredClasses()) {
				if (!nested.isEnum()) {
					types.add(nested);
				}
			}
		}
	}

}
