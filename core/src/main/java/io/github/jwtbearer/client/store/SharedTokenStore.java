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

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Where the replicas of an application share their tokens: a key-value store whose
 * entries expire, with leases that let one replica at a time ask the token endpoint.
 * Values are opaque to the store: the caller hands it bytes that are already encrypted,
 * and keys that hold no token text.
 * <p>
 * Any {@link RuntimeException} from a method means that the store cannot be reached;
 * callers then go on without it, each replica on its own.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public interface SharedTokenStore {

	/**
	 * Return the value stored under the key.
	 * @param key the key
	 * @return the value, or {@code null} when there is none or it has expired
	 */
	byte @Nullable [] get(String key);

	/**
	 * Store a value under the key, replacing any; the entry is gone after
	 * {@code expiresAt}.
	 * @param key the key
	 * @param value the value
	 * @param expiresAt when the entry expires
	 */
	void put(String key, byte[] value, Instant expiresAt);

	/**
	 * Remove the entry only if it still holds the expected value, and tell every
	 * replica's removal listeners.
	 * @param key the key
	 * @param expected the value to remove
	 * @return whether the entry was removed
	 */
	boolean remove(String key, byte[] expected);

	/**
	 * Take the lease on the key for an owner, unless another owner holds a lease that has
	 * not expired.
	 * @param key the key of the lease
	 * @param owner who takes it (unique per replica and request)
	 * @param timeout how long the lease lasts unless released
	 * @return whether the owner now holds the lease
	 */
	boolean tryAcquireLease(String key, String owner, Duration timeout);

	/**
	 * Release the lease on the key if the owner still holds it.
	 * @param key the key of the lease
	 * @param owner who took it
	 */
	void releaseLease(String key, String owner);

	/**
	 * Listen to removals made by any replica, so that a near cache can follow them
	 * (writes may be told too: the near cache entry is dropped and the store read again).
	 * A store that cannot tell its replicas of removals ignores the listener; a replica
	 * then meets a token removed elsewhere as a 401 of its own, which removes it there
	 * too.
	 * @param listener called with the key of each removed entry
	 */
	default void addRemovalListener(Consumer<String> listener) {
	}

}
