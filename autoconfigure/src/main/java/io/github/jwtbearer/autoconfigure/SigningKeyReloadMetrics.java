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

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of the registrations with {@code reload-on-update}: when their key last
 * changed, and how many new keys were applied or refused. Tagged with the
 * {@code registration} and its {@code provider}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class SigningKeyReloadMetrics implements MeterBinder {

	/**
	 * When the current signing key was loaded, in seconds since the epoch: at startup, or
	 * when it replaced the previous key.
	 */
	static final String KEY_CHANGED = "jwt.bearer.key.changed";

	/**
	 * New signing keys read after their files or SSL bundle changed, tagged with their
	 * {@code outcome}: {@code applied}, or {@code refused} (the previous key kept
	 * signing).
	 */
	static final String KEY_RELOADS = "jwt.bearer.key.reloads";

	private final SigningKeyReloads keyReloads;

	private final Iterable<JwtBearerRegistration> registrations;

	/**
	 * Create the meters of the registrations whose key is reloaded, which Boot binds to
	 * its meter registries.
	 * @param keyReloads the reloads
	 * @param registrations the registrations
	 */
	SigningKeyReloadMetrics(SigningKeyReloads keyReloads, Iterable<JwtBearerRegistration> registrations) {
		this.keyReloads = keyReloads;
		this.registrations = registrations;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		for (JwtBearerRegistration registration : this.registrations) {
			ReloadingSigner signer = this.keyReloads.get(registration.getRegistrationId());
			if (signer == null) {
				continue;
			}
			Tags tags = Tags.of("registration", registration.getRegistrationId(), "provider",
					registration.getProviderName());
			Gauge.builder(KEY_CHANGED, signer, (reloading) -> reloading.getChangedAt().getEpochSecond())
				.description("When the current signing key was loaded")
				.baseUnit("seconds")
				.tags(tags)
				.strongReference(true)
				.register(meterRegistry);
			FunctionCounter.builder(KEY_RELOADS, signer, ReloadingSigner::getApplied)
				.description("New signing keys read after their files or SSL bundle changed")
				.tags(tags.and("outcome", "applied"))
				.register(meterRegistry);
			FunctionCounter.builder(KEY_RELOADS, signer, ReloadingSigner::getRefused)
				.description("New signing keys read after their files or SSL bundle changed")
				.tags(tags.and("outcome", "refused"))
				.register(meterRegistry);
		}
	}

}
