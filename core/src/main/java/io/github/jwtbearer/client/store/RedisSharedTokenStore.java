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

package io.github.jwtbearer.client.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

/**
 * A {@link SharedTokenStore} on Redis, through Spring Data Redis.
 * <ul>
 * <li>Entries are plain string keys whose values expire with their tokens
 * ({@code SET ... PX}).</li>
 * <li>A lease is a key set only if absent, holding its owner and expiring after its
 * timeout ({@code SET ... NX PX}); only its owner releases it (a Lua script compares and
 * deletes in one step).</li>
 * <li>A conditional removal compares and deletes in one Lua script, and tells the other
 * replicas on the {@value #CHANNEL} channel, as a write does, so that their near caches
 * read the store again.</li>
 * </ul>
 * Close it to stop listening.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class RedisSharedTokenStore implements SharedTokenStore, AutoCloseable {

	/**
	 * The pub/sub channel on which removals and writes are announced.
	 */
	public static final String CHANNEL = "jwt-bearer:changed";

	// KEYS[1]: the key; ARGV[1]: the value it must still hold
	private static final RedisScript<Long> COMPARE_AND_DELETE = RedisScript.of(
			"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
			Long.class);

	private final RedisConnectionFactory connectionFactory;

	private final RedisTemplate<String, byte[]> redis = new RedisTemplate<>();

	// the replica's own announcements are not news to it
	private final String origin = UUID.randomUUID().toString();

	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	private @Nullable RedisMessageListenerContainer container;

	// a store down at startup starts listening once it answers
	private volatile boolean listening;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a store.
	 * @param connectionFactory the connection factory of the Redis the replicas share
	 */
	public RedisSharedTokenStore(RedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		this.connectionFactory = connectionFactory;
		this.redis.setConnectionFactory(connectionFactory);
		this.redis.setKeySerializer(RedisSerializer.string());
		this.redis.setValueSerializer(RedisSerializer.byteArray());
		this.redis.afterPropertiesSet();
	}

	@Override
	public byte @Nullable [] get(String key) {
		byte[] value = this.redis.opsForValue().get(key);
		listen();
		return value;
	}

	@Override
	public void put(String key, byte[] value, Instant expiresAt) {
		long ttl = Duration.between(this.clock.instant(), expiresAt).toMillis();
		if (ttl <= 0) {
			this.redis.delete(key);
		}
		else {
			this.redis.opsForValue().set(key, value, Duration.ofMillis(ttl));
		}
		announce(key);
	}

	@Override
	public boolean remove(String key, byte[] expected) {
		Long removed = this.redis.execute(COMPARE_AND_DELETE, List.of(key), expected);
		if (removed != null && removed > 0) {
			announce(key);
			return true;
		}
		return false;
	}

	@Override
	public boolean tryAcquireLease(String key, String owner, Duration timeout) {
		return Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(key, owner.getBytes(StandardCharsets.UTF_8), timeout));
	}

	@Override
	public void releaseLease(String key, String owner) {
		this.redis.execute(COMPARE_AND_DELETE, List.of(key), (Object) owner.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public synchronized void addRemovalListener(Consumer<String> listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listeners.add(listener);
		if (this.container == null) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(this.connectionFactory);
			// subscribe again soon after Redis comes back
			container.setRecoveryInterval(1000);
			container.addMessageListener((message, pattern) -> received(message.getBody()), new ChannelTopic(CHANNEL));
			container.afterPropertiesSet();
			this.container = container;
		}
		listen();
	}

	/**
	 * Set the {@link Clock} that turns a token's expiry into the entry's time to live.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Stop listening to other replicas' removals.
	 */
	@Override
	public synchronized void close() {
		RedisMessageListenerContainer container = this.container;
		if (container != null) {
			this.container = null;
			this.listening = false;
			try {
				container.destroy();
			}
			catch (Exception ex) {
				// nothing left to do: the connection is closed with the factory
			}
		}
	}

	private void listen() {
		if (this.listening) {
			return;
		}
		synchronized (this) {
			RedisMessageListenerContainer container = this.container;
			if (container == null || this.listening) {
				return;
			}
			try {
				container.start();
				this.listening = true;
			}
			catch (RuntimeException ex) {
				// Redis does not answer: the next call that reaches it tries again
				container.stop();
			}
		}
	}

	private void announce(String key) {
		this.redis.convertAndSend(CHANNEL, (this.origin + " " + key).getBytes(StandardCharsets.UTF_8));
	}

	private void received(byte[] body) {
		String message = new String(body, StandardCharsets.UTF_8);
		int space = message.indexOf(' ');
		if (space < 0 || message.substring(0, space).equals(this.origin)) {
			return;
		}
		String key = message.substring(space + 1);
		this.listeners.forEach((listener) -> listener.accept(key));
	}

}
