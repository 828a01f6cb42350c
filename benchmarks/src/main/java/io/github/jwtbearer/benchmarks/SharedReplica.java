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

package io.github.jwtbearer.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.SharedOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.RedisSharedTokenStore;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One replica of an application on the shared token store, wired as the starter does with
 * {@code jwt-bearer.token-store.type=redis}: its own Redis connection, store, shared
 * service (near cache) and manager, which lets the service coordinate token requests.
 *
 * @author JWT Bearer for Spring contributors
 */
final class SharedReplica implements AutoCloseable {

	/**
	 * The key every replica encrypts the stored tokens with.
	 */
	static final SecretKey ENCRYPTION_KEY = new SecretKeySpec(
			Arrays.copyOf("jwt-bearer benchmark key".getBytes(StandardCharsets.US_ASCII), 32), "AES");

	/**
	 * The starter's default near cache size.
	 */
	static final int NEAR_CACHE_SIZE = Managers.DEFAULT_STORE_SIZE;

	final LettuceConnectionFactory connectionFactory;

	final RedisSharedTokenStore store;

	final SharedOAuth2AuthorizedClientService service;

	final JwtBearerOAuth2AuthorizedClientManager manager;

	SharedReplica(RedisProcess redis, InMemoryJwtBearerRegistrationRepository registrations) {
		this.connectionFactory = redis.connectionFactory();
		this.store = new RedisSharedTokenStore(this.connectionFactory);
		this.service = new SharedOAuth2AuthorizedClientService(this.store, registrations, ENCRYPTION_KEY,
				NEAR_CACHE_SIZE);
		this.manager = new JwtBearerOAuth2AuthorizedClientManager(registrations, this.service,
				new SignedAssertionOAuth2AuthorizedClientProvider(registrations), (authorizeRequest) -> null);
		this.manager.setTokenRequestCoordinator(this.service);
	}

	@Override
	public void close() {
		this.store.close();
		this.connectionFactory.destroy();
	}

}
