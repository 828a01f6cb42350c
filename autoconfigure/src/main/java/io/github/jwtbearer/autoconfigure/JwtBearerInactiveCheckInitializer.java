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
import java.util.Objects;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * An {@link ApplicationContextInitializer} that stops the application when
 * {@code jwt-bearer.*} properties are set but no registration is (a prefix typo such as
 * {@code jwt-bearer.registrations.x.client-id}), which would leave the starter silently
 * inactive. It checks before any bean is created, so that the failure names the
 * properties rather than a missing {@code OAuth2AuthorizedClientManager}.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerInactiveCheckInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(JwtBearerPropertyNames.PREFIX);

	private static final Bindable<Map<String, Object>> REGISTRATIONS = Bindable.mapOf(String.class, Object.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		// the environment is complete once the context refreshes
		context.addBeanFactoryPostProcessor(new Check(context.getEnvironment()));
	}

	private static final class Check implements BeanFactoryPostProcessor, Ordered {

		private final ConfigurableEnvironment environment;

		Check(ConfigurableEnvironment environment) {
			this.environment = environment;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			if (!Binder.get(this.environment)
				.bind("jwt-bearer.registration", REGISTRATIONS)
				.orElse(Map.of())
				.isEmpty()) {
				return;
			}
			ConfigurationProperty property = firstJwtBearerProperty();
			if (property != null) {
				throw new JwtBearerInactiveException(property, JwtBearerPropertyNames.nearest(property.getName()));
			}
		}

		private @Nullable ConfigurationProperty firstJwtBearerProperty() {
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
				if (source instanceof IterableConfigurationPropertySource iterable) {
					ConfigurationProperty property = StreamSupport.stream(iterable.spliterator(), false)
						.filter(PREFIX::isAncestorOf)
						.sorted()
						.map(source::getConfigurationProperty)
						.filter(Objects::nonNull)
						.findFirst()
						.orElse(null);
					if (property != null) {
						return property;
					}
				}
			}
			return null;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
