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

package io.github.jwtbearer.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.client.store.SharedTokenStore;
import io.github.jwtbearer.client.store.TokenRequestCoordinator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientId;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizedClientService} whose tokens the replicas of an application
 * share through a {@link SharedTokenStore}, encrypted, with a bounded near cache in each
 * replica; and the {@link TokenRequestCoordinator} that lets one replica at a time ask
 * the token endpoint.
 * <ul>
 * <li>A token is written to the store with everything the application reads from it
 * (expiry, scopes, {@code instance_url} and the other response fields), encrypted with
 * AES-GCM, under a key that holds the registration id and an HMAC of the principal name,
 * never the token or the subject. Entries expire with their tokens.</li>
 * <li>A cache hit is served from the near cache without a network call and without
 * reading the clock: it costs what a hit of the memory store costs. Removals (and, where
 * the store tells of them, writes) made by other replicas drop the near cache entry. When
 * the manager finds the token due for renewal, the renewal reads the store first and
 * takes a token another replica renewed; when it finds the token expired, the near cache
 * is bypassed and the store read.</li>
 * <li>On a missing token, one replica takes the store's lease and asks the token
 * endpoint; the others read its token from the store. A lease whose holder died expires
 * after the {@link #setLeaseTimeout(Duration) lease timeout}, and another replica takes
 * over.</li>
 * <li>A store that fails (any {@link RuntimeException}) fails no caller: each replica
 * goes on alone with its near cache and its own token requests, tries the store again a
 * second later, and shares again once it answers. The change is logged once each
 * way.</li>
 * </ul>
 * Authorized clients of registrations that are not JWT bearer registrations (the
 * application's login registrations, say) stay in this replica's near cache only.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class SharedOAuth2AuthorizedClientService
		implements OAuth2AuthorizedClientService, TokenRequestCoordinator {

	private static final Log logger = LogFactory.getLog(SharedOAuth2AuthorizedClientService.class);

	private static final String TOKEN_PREFIX = "jwt-bearer:token:";

	private static final String LEASE_PREFIX = "jwt-bearer:lease:";

	private static final Duration MAX_POLL_PAUSE = Duration.ofMillis(100);

	private final SharedTokenStore store;

	private final JwtBearerRegistrationRepository registrations;

	private final AesGcmTokenCipher cipher;

	private final SecretKey keyNameKey;

	private final Cache<OAuth2AuthorizedClientId, NearEntry> nearCache;

	// which near cache entry a store key belongs to, for removal notices
	private final Map<String, OAuth2AuthorizedClientId> storeKeys = new ConcurrentHashMap<>();

	private final String owner = UUID.randomUUID().toString();

	private final AtomicLong leases = new AtomicLong();

	private final AtomicBoolean available = new AtomicBoolean(true);

	private volatile long retryAtNanos;

	private volatile @Nullable String lastError;

	private Duration leaseTimeout = Duration.ofSeconds(25);

	private Duration retryInterval = Duration.ofSeconds(1);

	/**
	 * Create a service.
	 * @param store the store the replicas share
	 * @param registrations the JWT bearer registrations whose tokens are shared
	 * @param encryptionKey the AES key (128, 192 or 256 bits) that encrypts the tokens in
	 * the store; every replica needs the same
	 * @param nearCacheMaximumSize the maximum number of authorized clients kept in this
	 * replica's near cache
	 */
	public SharedOAuth2AuthorizedClientService(SharedTokenStore store, JwtBearerRegistrationRepository registrations,
			SecretKey encryptionKey, int nearCacheMaximumSize) {
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.isTrue(nearCacheMaximumSize > 0, "nearCacheMaximumSize must be > 0");
		this.store = store;
		this.registrations = registrations;
		this.cipher = new AesGcmTokenCipher(encryptionKey);
		// the key names take a key of their own, derived from the encryption key
		this.keyNameKey = new SecretKeySpec(
				AesGcmTokenCipher.sha256(concat("jwt-bearer token store key names".getBytes(StandardCharsets.UTF_8),
						encryptionKey.getEncoded())),
				"HmacSHA256");
		// evict on the caller's thread, so that the bound holds once save returns
		this.nearCache = Caffeine.newBuilder()
			.maximumSize(nearCacheMaximumSize)
			.executor(Runnable::run)
			.<OAuth2AuthorizedClientId, NearEntry>evictionListener((id, entry, cause) -> {
				if (id != null && entry != null && entry.storeKey() != null) {
					this.storeKeys.remove(entry.storeKey(), id);
				}
			})
			.build();
		store.addRemovalListener(this::removedElsewhere);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		OAuth2AuthorizedClientId id = new OAuth2AuthorizedClientId(clientRegistrationId, principalName);
		// a hit is served as it is: whether its token is still valid or due for renewal
		// is the manager's call, which then reads the store (obtain and renew)
		NearEntry entry = this.nearCache.getIfPresent(id);
		if (entry != null) {
			return (T) entry.client();
		}
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(clientRegistrationId);
		if (registration == null || !storeUsable()) {
			return null;
		}
		return (T) read(registration, id, null);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		Assert.notNull(authorizedClient, "authorizedClient cannot be null");
		Assert.notNull(principal, "principal cannot be null");
		String registrationId = authorizedClient.getClientRegistration().getRegistrationId();
		OAuth2AuthorizedClientId id = new OAuth2AuthorizedClientId(registrationId, principal.getName());
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(registrationId);
		Instant expiresAt = authorizedClient.getAccessToken().getExpiresAt();
		if (registration == null || expiresAt == null) {
			this.nearCache.put(id, new NearEntry(authorizedClient, null, null));
			return;
		}
		String storeKey = storeKey(TOKEN_PREFIX, id);
		byte[] value = this.cipher.encrypt(AuthorizedClientCodec.write(authorizedClient), storeKey);
		remember(id, new NearEntry(authorizedClient, value, storeKey));
		if (storeUsable()) {
			try {
				this.store.put(storeKey, value, expiresAt);
				up();
			}
			catch (RuntimeException ex) {
				down(ex);
			}
		}
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		Assert.hasText(clientRegistrationId, "clientRegistrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		OAuth2AuthorizedClientId id = new OAuth2AuthorizedClientId(clientRegistrationId, principalName);
		NearEntry entry = forget(id);
		if (this.registrations.findByRegistrationId(clientRegistrationId) == null || !storeUsable()) {
			return;
		}
		String storeKey = storeKey(TOKEN_PREFIX, id);
		try {
			// only the token this replica knew goes: one another replica stored since
			// then is newer, and stays
			byte[] expected = (entry != null) ? entry.stored() : this.store.get(storeKey);
			if (expected != null) {
				this.store.remove(storeKey, expected);
			}
			up();
		}
		catch (RuntimeException ex) {
			down(ex);
		}
	}

	@Override
	public OAuth2AuthorizedClient obtain(String registrationId, String principalName,
			Supplier<@Nullable OAuth2AuthorizedClient> current, Supplier<OAuth2AuthorizedClient> tokenRequest) {
		if (this.registrations.findByRegistrationId(registrationId) == null || !storeUsable()) {
			return tokenRequest.get();
		}
		OAuth2AuthorizedClientId id = new OAuth2AuthorizedClientId(registrationId, principalName);
		String leaseKey = storeKey(LEASE_PREFIX, id);
		String leaseOwner = this.owner + ":" + this.leases.incrementAndGet();
		// the holder has the lease timeout to answer; if it dies, its lease expires and
		// the next attempt takes it. Twice that long at most, then this replica asks
		// anyway
		long deadline = System.nanoTime() + this.leaseTimeout.multipliedBy(2).toNanos();
		long pause = 5;
		while (true) {
			Boolean leased = tryAcquireLease(leaseKey, leaseOwner);
			if (leased == null) {
				return tokenRequest.get();
			}
			if (leased) {
				try {
					// the previous holder may have stored a token just now
					OAuth2AuthorizedClient stored = readThrough(id, current);
					return (stored != null) ? stored : tokenRequest.get();
				}
				finally {
					releaseLease(leaseKey, leaseOwner);
				}
			}
			OAuth2AuthorizedClient stored = readThrough(id, current);
			if (stored != null) {
				return stored;
			}
			if (System.nanoTime() - deadline > 0 || !storeUsable()) {
				return tokenRequest.get();
			}
			pause(pause);
			pause = Math.min(pause * 2, MAX_POLL_PAUSE.toMillis());
		}
	}

	@Override
	public @Nullable OAuth2AuthorizedClient renew(String registrationId, String principalName,
			OAuth2AuthorizedClient current, Supplier<OAuth2AuthorizedClient> renewal) {
		JwtBearerRegistration registration = this.registrations.findByRegistrationId(registrationId);
		if (registration == null || !storeUsable()) {
			return renewal.get();
		}
		OAuth2AuthorizedClientId id = new OAuth2AuthorizedClientId(registrationId, principalName);
		String leaseKey = storeKey(LEASE_PREFIX, id);
		String leaseOwner = this.owner + ":" + this.leases.incrementAndGet();
		// another replica's renewal is waited for on this background thread, as obtain's
		// callers wait, so that every replica moves to the renewed token at once
		long deadline = System.nanoTime() + this.leaseTimeout.multipliedBy(2).toNanos();
		long pause = 5;
		while (true) {
			Boolean leased = tryAcquireLease(leaseKey, leaseOwner);
			if (leased == null) {
				return renewal.get();
			}
			if (leased) {
				try {
					OAuth2AuthorizedClient stored = read(registration, id, this.nearCache.getIfPresent(id));
					return (stored != null && !JwtBearerTokens.sameToken(stored, current)) ? stored : renewal.get();
				}
				finally {
					releaseLease(leaseKey, leaseOwner);
				}
			}
			OAuth2AuthorizedClient stored = read(registration, id, this.nearCache.getIfPresent(id));
			if (stored == null) {
				// removed by another replica (a 401): the next caller obtains a new token
				return null;
			}
			if (!JwtBearerTokens.sameToken(stored, current)) {
				return stored;
			}
			if (System.nanoTime() - deadline > 0 || !storeUsable()) {
				// the current token serves until it expires; then a caller obtains one
				return null;
			}
			pause(pause);
			pause = Math.min(pause * 2, MAX_POLL_PAUSE.toMillis());
		}
	}

	/**
	 * Return whether the store answered the last time it was asked.
	 * @return whether the store is available
	 */
	public boolean isAvailable() {
		return this.available.get();
	}

	/**
	 * Return the last failure of the store, without secrets: the exception type and its
	 * message, with any user information of a URI masked.
	 * @return the last error, or {@code null} when the store never failed
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	/**
	 * Return the store the replicas share.
	 * @return the store
	 */
	public SharedTokenStore getStore() {
		return this.store;
	}

	/**
	 * Set how long a replica holds the lease on a token request before another replica
	 * may take over; a few seconds above the token request's own timeouts, 25 seconds by
	 * default.
	 * @param leaseTimeout the lease timeout
	 */
	public void setLeaseTimeout(Duration leaseTimeout) {
		Assert.notNull(leaseTimeout, "leaseTimeout cannot be null");
		Assert.isTrue(leaseTimeout.toMillis() > 0, "leaseTimeout must be > 0");
		this.leaseTimeout = leaseTimeout;
	}

	// reads the store, and keeps what it holds in the near cache
	private @Nullable OAuth2AuthorizedClient read(JwtBearerRegistration registration, OAuth2AuthorizedClientId id,
			@Nullable NearEntry entry) {
		String storeKey = (entry != null && entry.storeKey() != null) ? entry.storeKey() : storeKey(TOKEN_PREFIX, id);
		byte[] value;
		try {
			value = this.store.get(storeKey);
			up();
		}
		catch (RuntimeException ex) {
			down(ex);
			return (entry != null) ? entry.client() : null;
		}
		if (value == null) {
			// removed by another replica, or expired
			if (entry != null && this.nearCache.asMap().remove(id, entry)) {
				this.storeKeys.remove(storeKey, id);
			}
			return null;
		}
		if (entry != null && entry.stored() != null && Arrays.equals(entry.stored(), value)) {
			remember(id, new NearEntry(entry.client(), value, storeKey));
			return entry.client();
		}
		OAuth2AuthorizedClient client = decode(registration, storeKey, value);
		if (client == null) {
			return null;
		}
		remember(id, new NearEntry(client, value, storeKey));
		return client;
	}

	private @Nullable OAuth2AuthorizedClient decode(JwtBearerRegistration registration, String storeKey, byte[] value) {
		byte[] plaintext = this.cipher.decrypt(value, storeKey);
		if (plaintext == null) {
			// written with another key (before a key rotation), or not by us: a new
			// token replaces it
			logger.debug("A stored token could not be decrypted with the configured encryption key; ignoring it");
			return null;
		}
		try {
			return AuthorizedClientCodec.read(plaintext, registration.getClientRegistration());
		}
		catch (IllegalArgumentException ex) {
			logger.debug("A stored token could not be read; ignoring it: " + ex.getMessage());
			return null;
		}
	}

	private void remember(OAuth2AuthorizedClientId id, NearEntry entry) {
		this.nearCache.put(id, entry);
		if (entry.storeKey() != null) {
			this.storeKeys.put(entry.storeKey(), id);
		}
	}

	// the caller found no valid token: what the near cache holds is stale, the store is
	// read instead
	private @Nullable OAuth2AuthorizedClient readThrough(OAuth2AuthorizedClientId id,
			Supplier<@Nullable OAuth2AuthorizedClient> current) {
		forget(id);
		return current.get();
	}

	// drops the near cache entry and the store key that pointed to it
	private @Nullable NearEntry forget(OAuth2AuthorizedClientId id) {
		NearEntry entry = this.nearCache.asMap().remove(id);
		if (entry != null && entry.storeKey() != null) {
			this.storeKeys.remove(entry.storeKey(), id);
		}
		return entry;
	}

	private void removedElsewhere(String storeKey) {
		OAuth2AuthorizedClientId id = this.storeKeys.remove(storeKey);
		if (id != null) {
			this.nearCache.invalidate(id);
		}
	}

	// null: the store failed, the caller goes on alone
	private @Nullable Boolean tryAcquireLease(String leaseKey, String leaseOwner) {
		try {
			boolean leased = this.store.tryAcquireLease(leaseKey, leaseOwner, this.leaseTimeout);
			up();
			return leased;
		}
		catch (RuntimeException ex) {
			down(ex);
			return null;
		}
	}

	private void releaseLease(String leaseKey, String leaseOwner) {
		try {
			this.store.releaseLease(leaseKey, leaseOwner);
		}
		catch (RuntimeException ex) {
			// the lease expires on its own
			down(ex);
		}
	}

	private void pause(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the token another replica requested", ex);
		}
	}

	// the store key of a principal: the registration id in clear, for operators; the
	// principal name (a subject, such as a user's email address) only as an HMAC
	private String storeKey(String prefix, OAuth2AuthorizedClientId id) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.keyNameKey);
			byte[] name = mac.doFinal(
					(id.getClientRegistrationId() + '\u0000' + id.getPrincipalName()).getBytes(StandardCharsets.UTF_8));
			return prefix + id.getClientRegistrationId() + ":"
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(name);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from the JDK", ex);
		}
	}

	private boolean storeUsable() {
		return this.available.get() || System.nanoTime() - this.retryAtNanos >= 0;
	}

	private void up() {
		if (this.available.compareAndSet(false, true)) {
			logger.info("The shared token store answers again: the replicas share their tokens again");
		}
	}

	private void down(RuntimeException ex) {
		this.retryAtNanos = System.nanoTime() + this.retryInterval.toNanos();
		String error = describe(ex);
		this.lastError = error;
		if (this.available.compareAndSet(true, false)) {
			logger.warn("The shared token store failed (" + error
					+ "); each replica obtains its own tokens until it answers again");
		}
	}

	private static String describe(RuntimeException ex) {
		String message = ex.getMessage();
		String shown = (message != null) ? message.replaceAll("//[^/@\\s]*@", "//***@") : "no message";
		return ex.getClass().getName() + ": " + ((shown.length() > 300) ? shown.substring(0, 300) + "..." : shown);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private record NearEntry(OAuth2AuthorizedClient client, byte @Nullable [] stored, @Nullable String storeKey) {

	}

}
