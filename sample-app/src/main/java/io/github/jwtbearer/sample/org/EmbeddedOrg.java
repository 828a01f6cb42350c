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

package io.github.jwtbearer.sample.org;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.springframework.util.Assert;

/**
 * A Salesforce-like org on a free loopback port, started inside the sample application:
 * an External Client App with the JWT bearer flow enabled (its consumer key, the
 * certificate uploaded to it and the users pre-authorized for it), the token endpoint
 * {@code POST /services/oauth2/token} and a few Accounts behind
 * {@code /services/data/v62.0}.
 * <p>
 * It runs on the JDK's own HTTP server, so the sample needs no web stack of its own, and
 * counts the requests it sees so that the sample can show how few token requests were
 * needed.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class EmbeddedOrg implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final String baseUrl;

	private final String consumerKey;

	private final String organizationId;

	private final Sessions sessions;

	private final TokenEndpoint tokenEndpoint;

	private final DataApi dataApi;

	private final AtomicBoolean closed = new AtomicBoolean();

	private EmbeddedOrg(Builder builder) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0),
				0);
		this.baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.consumerKey = builder.consumerKey;
		this.organizationId = SalesforceIds.random15("00D");
		this.sessions = new Sessions(this.organizationId, builder.sessionTimeout, builder.clock);
		Map<String, String> userIds = new LinkedHashMap<>();
		builder.preAuthorizedUsers
			.forEach((user) -> userIds.put(user, SalesforceIds.to18(SalesforceIds.random15("005"))));
		byte[] signatureKey = new byte[32];
		new SecureRandom().nextBytes(signatureKey);
		AssertionVerifier verifier = new AssertionVerifier(this.consumerKey,
				(RSAPublicKey) builder.certificate.getPublicKey(), builder.preAuthorizedUsers, builder.clock);
		this.tokenEndpoint = new TokenEndpoint(verifier, this.sessions, this.baseUrl, this.organizationId, userIds,
				signatureKey, builder.clock);
		this.dataApi = new DataApi(this.sessions);
		this.server.createContext(TokenEndpoint.PATH, this.tokenEndpoint);
		this.server.createContext(DataApi.PATH, this.dataApi);
		this.executor = Executors.newFixedThreadPool(4, daemonThreads());
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "embedded-org-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Start describing an org whose app holds the given certificate.
	 * @param certificate the certificate uploaded to the app: its public key verifies the
	 * assertions
	 * @return a builder
	 */
	public static Builder withCertificate(X509Certificate certificate) {
		return new Builder(certificate);
	}

	/**
	 * Return the base URL of the org, {@code http://127.0.0.1:port}: both its login URL
	 * and its {@code instance_url}.
	 * @return the base URL
	 */
	public String getBaseUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the URL of the token endpoint.
	 * @return the token URI
	 */
	public String getTokenUri() {
		return this.baseUrl + TokenEndpoint.PATH;
	}

	/**
	 * Return the app's consumer key: the OAuth client id and the assertion's issuer.
	 * @return the consumer key
	 */
	public String getConsumerKey() {
		return this.consumerKey;
	}

	/**
	 * Return the 18-character id of the org.
	 * @return the organization id
	 */
	public String getOrganizationId() {
		return SalesforceIds.to18(this.organizationId);
	}

	/**
	 * Return how many requests the token endpoint has answered, refused ones included.
	 * @return the number of token requests
	 */
	public long getTokenRequestCount() {
		return this.tokenEndpoint.getRequestCount();
	}

	/**
	 * Return how many REST API requests the org has answered, refused ones included.
	 * @return the number of API requests
	 */
	public long getApiRequestCount() {
		return this.dataApi.getRequestCount();
	}

	/**
	 * Return how many REST API requests the org answered with 401
	 * {@code INVALID_SESSION_ID}: no {@code Authorization: Bearer} header, or a token it
	 * did not issue or that expired or was revoked.
	 * @return the number of refused API requests
	 */
	public long getInvalidSessionCount() {
		return this.dataApi.getInvalidSessionCount();
	}

	/**
	 * End every session, as an administrator who revokes the app's tokens would: the
	 * tokens issued so far get 401 from then on.
	 */
	public void revokeAllTokens() {
		this.sessions.endAll();
	}

	/**
	 * Return whether the org is running: started and not yet closed.
	 * @return whether the org is running
	 */
	public boolean isRunning() {
		return !this.closed.get();
	}

	/**
	 * Stop the server. Closing again does nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Override
	public String toString() {
		return "EmbeddedOrg[baseUrl=" + this.baseUrl + ", organizationId=" + getOrganizationId() + "]";
	}

	/**
	 * Builder for {@link EmbeddedOrg}.
	 */
	public static final class Builder {

		private static final String CONSUMER_KEY_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";

		private final X509Certificate certificate;

		// Salesforce consumer keys start with 3MVG9
		private String consumerKey = "3MVG9" + SalesforceIds.randomCharacters(80, CONSUMER_KEY_CHARACTERS);

		private Set<String> preAuthorizedUsers = Set.of();

		private Duration sessionTimeout = Duration.ofHours(2);

		private Clock clock = Clock.systemUTC();

		private Builder(X509Certificate certificate) {
			Assert.notNull(certificate, "certificate cannot be null");
			Assert.isInstanceOf(RSAPublicKey.class, certificate.getPublicKey(), "certificate must hold an RSA key");
			this.certificate = certificate;
		}

		/**
		 * Set the app's consumer key; a random one by default.
		 * @param consumerKey the consumer key
		 * @return this builder
		 */
		public Builder consumerKey(String consumerKey) {
			Assert.hasText(consumerKey, "consumerKey cannot be empty");
			this.consumerKey = consumerKey;
			return this;
		}

		/**
		 * Set the usernames pre-authorized for the app (in Salesforce, through their
		 * profile or a permission set); none by default.
		 * @param usernames the usernames
		 * @return this builder
		 */
		public Builder preAuthorizedUsers(String... usernames) {
			Assert.noNullElements(usernames, "usernames cannot contain null");
			this.preAuthorizedUsers = Set.of(usernames);
			return this;
		}

		/**
		 * Set how long a token lives; 2 hours by default, Salesforce's default session
		 * timeout.
		 * @param sessionTimeout the session timeout
		 * @return this builder
		 */
		public Builder sessionTimeout(Duration sessionTimeout) {
			Assert.notNull(sessionTimeout, "sessionTimeout cannot be null");
			Assert.isTrue(!sessionTimeout.isNegative() && !sessionTimeout.isZero(), "sessionTimeout must be positive");
			this.sessionTimeout = sessionTimeout;
			return this;
		}

		/**
		 * Set the clock that judges assertions and sessions.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Start the org on a free loopback port.
		 * @return the running org
		 */
		public EmbeddedOrg start() {
			try {
				return new EmbeddedOrg(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded org", ex);
			}
		}

	}

}
