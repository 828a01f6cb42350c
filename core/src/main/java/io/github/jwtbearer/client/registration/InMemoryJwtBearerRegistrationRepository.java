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

package io.github.jwtbearer.client.registration;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.util.Assert;

/**
 * A {@link JwtBearerRegistrationRepository} that holds its registrations in memory.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class InMemoryJwtBearerRegistrationRepository
		implements JwtBearerRegistrationRepository, Iterable<JwtBearerRegistration> {

	private final Map<String, JwtBearerRegistration> registrations;

	/**
	 * Create a repository of the given registrations.
	 * @param registrations the registrations, with distinct ids
	 */
	public InMemoryJwtBearerRegistrationRepository(JwtBearerRegistration... registrations) {
		this(List.of(registrations));
	}

	/**
	 * Create a repository of the given registrations.
	 * @param registrations the registrations, with distinct ids
	 */
	public InMemoryJwtBearerRegistrationRepository(List<JwtBearerRegistration> registrations) {
		Assert.notNull(registrations, "registrations cannot be null");
		Map<String, JwtBearerRegistration> byId = new LinkedHashMap<>();
		for (JwtBearerRegistration registration : registrations) {
			Assert.state(byId.put(registration.getRegistrationId(), registration) == null,
					() -> "Duplicate registration id '" + registration.getRegistrationId() + "'");
		}
		this.registrations = Collections.unmodifiableMap(byId);
	}

	@Override
	public @Nullable JwtBearerRegistration findByRegistrationId(String registrationId) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		return this.registrations.get(registrationId);
	}

	/**
	 * Return the client registrations of the registrations held.
	 * @return the client registrations
	 */
	public List<ClientRegistration> getClientRegistrations() {
		return this.registrations.values().stream().map(JwtBearerRegistration::getClientRegistration).toList();
	}

	@Override
	public Iterator<JwtBearerRegistration> iterator() {
		return this.registrations.values().iterator();
	}

}
