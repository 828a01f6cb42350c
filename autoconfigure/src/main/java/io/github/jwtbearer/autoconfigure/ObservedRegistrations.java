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

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.jspecify.annotations.Nullable;

/**
 * What health and metrics read of the registrations (the endpoint has its own, in
 * {@code io.github.jwtbearer.actuate}).
 *
 * @author JWT Bearer for Spring contributors
 */
final class ObservedRegistrations {

	private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

	private ObservedRegistrations() {
	}

	// the starter's repository lists its registrations; one of the application's own may
	// only find them by id, and then none is shown
	static List<JwtBearerRegistration> all(JwtBearerRegistrationRepository repository) {
		List<JwtBearerRegistration> registrations = new ArrayList<>();
		if (repository instanceof Iterable<?> iterable) {
			for (Object registration : iterable) {
				if (registration instanceof JwtBearerRegistration jwtBearer) {
					registrations.add(jwtBearer);
				}
			}
		}
		return registrations;
	}

	static @Nullable X509Certificate certificate(JwtBearerRegistration registration) {
		return registration.getAssertionMinter().getSigner().getCertificate();
	}

	// negative once the certificate has expired
	static double daysLeft(X509Certificate certificate, Clock clock) {
		Duration left = Duration.between(clock.instant(), certificate.getNotAfter().toInstant());
		return left.toSeconds() / SECONDS_PER_DAY;
	}

}
