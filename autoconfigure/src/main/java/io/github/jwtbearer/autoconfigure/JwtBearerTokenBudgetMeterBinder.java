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

import io.github.jwtbearer.client.JwtBearerTokenRequestGuard;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A {@link MeterBinder} for the login budget of each registration that has one: the share
 * of {@code max-token-requests-per-hour} used in the last hour by its busiest subject. It
 * has no subject tag: subjects are unbounded.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerTokenBudgetMeterBinder implements MeterBinder {

	/**
	 * Share of the login budget used in the last hour, from 0 to 1, by the busiest
	 * subject of a registration.
	 */
	static final String BUDGET_USED = "jwt.bearer.token.budget.used";

	private final List<JwtBearerRegistration> registrations;

	private final JwtBearerTokenRequestGuard guard;

	JwtBearerTokenBudgetMeterBinder(List<JwtBearerRegistration> registrations, JwtBearerTokenRequestGuard guard) {
		this.registrations = registrations;
		this.guard = guard;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (JwtBearerRegistration registration : this.registrations) {
			if (registration.getMaxTokenRequestsPerHour() > 0) {
				Gauge.builder(BUDGET_USED, registration, this.guard::getBudgetUsed)
					.description("Share of the login budget (max-token-requests-per-hour) used in the last hour by "
							+ "the busiest subject of the registration")
					.tag("registration", registration.getRegistrationId())
					.tag("provider", registration.getProviderName())
					.strongReference(true)
					.register(registry);
			}
		}
	}

}
