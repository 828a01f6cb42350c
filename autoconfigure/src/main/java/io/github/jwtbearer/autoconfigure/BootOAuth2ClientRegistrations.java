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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.util.ClassUtils;

/**
 * The client registrations of Spring Boot's {@code spring.security.oauth2.client.*}
 * properties, such as those used for login. Our auto-configuration provides the
 * {@link ClientRegistrationRepository} in their place, so it must carry them too.
 *
 * @author JWT Bearer for Spring contributors
 */
final class BootOAuth2ClientRegistrations {

	private static final String MAPPER = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper";

	private BootOAuth2ClientRegistrations() {
	}

	static @Nullable ClientRegistrationRepository from(Environment environment, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(MAPPER, classLoader)) {
			return null;
		}
		return Mapper.map(environment);
	}

	// a nested class, so that Boot's OAuth2 client types are loaded only when present
	private static final class Mapper {

		static @Nullable ClientRegistrationRepository map(Environment environment) {
			OAuth2ClientProperties properties = Binder.get(environment)
				.bind("spring.security.oauth2.client", OAuth2ClientProperties.class)
				.orElse(null);
			if (properties == null || properties.getRegistration().isEmpty()) {
				return null;
			}
			properties.validate();
			return new InMemoryClientRegistrationRepository(
					new ArrayList<>(new OAuth2ClientPropertiesMapper(properties).asClientRegistrations().values()));
		}

	}

}
