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

import java.util.Locale;

import com.nimbusds.jose.JWSObject;
import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.RedisSharedTokenStore;
import io.github.jwtbearer.client.store.SharedTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the token store the replicas of an application share
 * ({@code jwt-bearer.token-store.type} {@code redis} or {@code jdbc}): the
 * {@link SharedTokenStore}, and the {@link SharedOAuth2AuthorizedClientService} over it
 * that the JWT bearer managers use in place of the in-memory store.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = JwtBearerAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ ClientRegistration.class, JWSObject.class })
@Conditional({ JwtBearerRegistrationsCondition.class, JwtBearerTokenStoreAutoConfiguration.SharedTypeCondition.class })
@EnableConfigurationProperties(JwtBearerProperties.class)
public final class JwtBearerTokenStoreAutoConfiguration {

	static final String TYPE = "jwt-bearer.token-store.type";

	@Bean
	@ConditionalOnMissingBean(OAuth2AuthorizedClientService.class)
	SharedOAuth2AuthorizedClientService authorizedClientService(ObjectProvider<SharedTokenStore> store,
			JwtBearerRegistrationRepository registrations, JwtBearerProperties properties) {
		JwtBearerProperties.TokenStore tokenStore = properties.getTokenStore();
		String type = tokenStore.getType().name().toLowerCase(Locale.ROOT);
		SharedTokenStore shared = store.getIfUnique();
		if (shared == null) {
			throw new InvalidJwtBearerTokenStoreException("type", "the " + type + " token store is not available",
					missingStoreAction(tokenStore.getType()), null);
		}
		SharedOAuth2AuthorizedClientService service = new SharedOAuth2AuthorizedClientService(shared, registrations,
				TokenStoreEncryptionKey.decode(tokenStore.getEncryptionKey(), type), tokenStore.getMaxSize());
		service.setLeaseTimeout(tokenStore.getLeaseTimeout());
		return service;
	}

	private static String missingStoreAction(JwtBearerProperties.TokenStore.Type type) {
		return switch (type) {
			case REDIS -> "Add spring-boot-starter-data-redis to the application and point spring.data.redis.* at the"
					+ " Redis the replicas share, or set " + TYPE + " to memory";
			case JDBC ->
				"Add spring-boot-starter-jdbc and a DataSource (spring.datasource.*) to the application, or set " + TYPE
						+ " to memory";
			case MEMORY -> "Set " + TYPE + " to redis or jdbc";
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, RedisSharedTokenStore.class })
	@ConditionalOnProperty(name = TYPE, havingValue = "redis")
	static class RedisTokenStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SharedTokenStore.class)
		RedisSharedTokenStore jwtBearerSharedTokenStore(ObjectProvider<RedisConnectionFactory> connectionFactory) {
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new InvalidJwtBearerTokenStoreException("type", "the redis token store needs a Redis connection",
						missingStoreAction(JwtBearerProperties.TokenStore.Type.REDIS), null);
			}
			return new RedisSharedTokenStore(factory);
		}

	}

	static class SharedTypeCondition extends AnyNestedCondition {

		SharedTypeCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = TYPE, havingValue = "redis")
		static class Redis {

		}

		@ConditionalOnProperty(name = TYPE, havingValue = "jdbc")
		static class Jdbc {

		}

	}

}
