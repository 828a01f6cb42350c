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

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one {@code jwt-bearer.registration.*} entry is configured.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRegistrationsCondition extends SpringBootCondition {

	private static final Bindable<Map<String, Object>> REGISTRATIONS = Bindable.mapOf(String.class, Object.class);

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> registrations = Binder.get(context.getEnvironment())
			.bind("jwt-bearer.registration", REGISTRATIONS)
			.orElse(Map.of());
		if (registrations.isEmpty()) {
			return ConditionOutcome.noMatch("no jwt-bearer.registration.* entries are configured");
		}
		return ConditionOutcome.match("jwt-bearer registrations " + registrations.keySet());
	}

}
