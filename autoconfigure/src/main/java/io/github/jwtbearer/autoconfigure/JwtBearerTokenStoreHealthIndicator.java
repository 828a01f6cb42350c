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

import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of the token store the replicas share: {@code UP} while it answers,
 * {@code TOKEN_STORE_UNAVAILABLE} (which leaves the root health as it is: each replica
 * goes on alone) with the last error, without secrets, while it does not.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerTokenStoreHealthIndicator implements HealthIndicator {

	static final Status TOKEN_STORE_UNAVAILABLE = new Status("TOKEN_STORE_UNAVAILABLE",
			"The shared token store does not answer: each replica obtains its own tokens");

	private final String type;

	private final SharedOAuth2AuthorizedClientService service;

	JwtBearerTokenStoreHealthIndicator(String type, SharedOAuth2AuthorizedClientService service) {
		this.type = type;
		this.service = service;
	}

	@Override
	public Health health() {
		boolean available = this.service.isAvailable();
		Health.Builder health = available ? Health.up() : Health.status(TOKEN_STORE_UNAVAILABLE);
		health.withDetail("type", this.type).withDetail("available", available);
		String lastError = this.service.getLastError();
		if (lastError != null) {
			health.withDetail("lastError", lastError);
		}
		return health.build();
	}

}
