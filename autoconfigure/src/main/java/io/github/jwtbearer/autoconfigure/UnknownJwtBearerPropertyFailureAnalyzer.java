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

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * An {@link AbstractFailureAnalyzer} for a {@code jwt-bearer.*} property that
 * {@link JwtBearerProperties} does not know, such as {@code token-url} for
 * {@code token-uri}: it names the property, where it was set, and the nearest known one.
 * Ahead of Spring Boot's own analysis of unbound properties, which cannot suggest one.
 *
 * @author JWT Bearer for Spring contributors
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownJwtBearerPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(JwtBearerPropertyNames.PREFIX);

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> PREFIX.isAncestorOf(property.getName()))
			.sorted()
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder();
		StringBuilder action = new StringBuilder();
		for (ConfigurationProperty property : unknown) {
			description.append(String.format("Unknown property '%s'%s: JWT bearer for Spring has no such property%n",
					property.getName(), origin(property)));
			String nearest = JwtBearerPropertyNames.nearest(property.getName());
			action.append((nearest != null)
					? String.format("Did you mean '%s'? Rename '%s', or remove it.%n", nearest, property.getName())
					: String.format("Remove '%s', or rename it to a property listed in the configuration reference.%n",
							property.getName()));
		}
		return new FailureAnalysis(description.toString().strip(), action.toString().strip(), cause);
	}

	private static String origin(ConfigurationProperty property) {
		return (property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
	}

}
