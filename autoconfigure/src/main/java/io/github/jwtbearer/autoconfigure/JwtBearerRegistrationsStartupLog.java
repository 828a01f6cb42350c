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

import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs, once the beans are ready, the one INFO line that says the starter is active and
 * with which registrations: their ids and providers, never a secret; and a warning for
 * each registration whose times leave a token no reuse ({@link TokenReuseCheck}).
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerRegistrationsStartupLog implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(JwtBearerAutoConfiguration.class);

	private final JwtBearerRegistrationRepository registrations;

	JwtBearerRegistrationsStartupLog(JwtBearerRegistrationRepository registrations) {
		this.registrations = registrations;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.registrations instanceof Iterable<?> iterable) {
			for (Object registration : iterable) {
				if (registration instanceof JwtBearerRegistration jwtBearer) {
					TokenReuseCheck.check(jwtBearer);
				}
			}
		}
		// an application's own repository may only find by id: then there is nothing to
		// list
		if (this.registrations instanceof Iterable<?> iterable && logger.isInfoEnabled()) {
			String active = StreamSupport.stream(iterable.spliterator(), false)
				.filter(JwtBearerRegistration.class::isInstance)
				.map(JwtBearerRegistration.class::cast)
				.map((registration) -> registration.getRegistrationId() + " (provider " + registration.getProviderName()
						+ ")")
				.collect(Collectors.joining(", "));
			logger.info("JWT bearer registrations active: " + active);
		}
	}

}
