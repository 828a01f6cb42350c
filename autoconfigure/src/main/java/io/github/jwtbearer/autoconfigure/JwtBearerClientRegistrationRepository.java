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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.util.Assert;

/**
 * A {@link ClientRegistrationRepository} of the JWT bearer registrations, in front of the
 * application's other client registrations (such as those used for login), so that both
 * sets keep working side by side.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerClientRegistrationRepository
		implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	private final JwtBearerRegistrationRepository registrations;

	private final @Nullable ClientRegistrationRepository others;

	/**
	 * Create a repository.
	 * @param registrations the JWT bearer registrations
	 * @param others the application's other client registrations, or {@code null}
	 */
	JwtBearerClientRegistrationRepository(JwtBearerRegistrationRepository registrations,
			@Nullable ClientRegistrationRepository others) {
		Assert.notNull(registrations, "registrations cannot be null");
		this.registrations = registrations;
		this.others = others;
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(registrationId);
		if (registration != null) {
			return registration.getClientRegistration();
		}
		return (this.others != null) ? this.others.findByRegistrationId(registrationId) : null;
	}

	/**
	 * Iterate over the JWT bearer registrations and the other registrations, where the
	 * repositories can list them.
	 * @return an iterator over the client registrations
	 */
	@Override
	public Iterator<ClientRegistration> iterator() {
		List<ClientRegistration> all = new ArrayList<>();
		if (this.registrations instanceof Iterable<?> iterable) {
			iterable.forEach((registration) -> all.add(((JwtBearerRegistration) registration).getClientRegistration()));
		}
		if (this.others instanceof Iterable<?> iterable) {
			iterable.forEach((registration) -> all.add((ClientRegistration) registration));
		}
		return all.iterator();
	}

}
