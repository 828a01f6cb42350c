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

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.jwtbearer.autoconfigure.JwtBearerProperties.Registration;
import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.StringUtils;

/**
 * Revokes the live tokens of the registrations with {@code revoke-on-shutdown} when the
 * application context stops: each token once (RFC 7009, or Salesforce's
 * {@code /services/oauth2/revoke}), all of them within
 * {@code jwt-bearer.revocation-timeout} so that shutdown never hangs.
 * <p>
 * The live tokens are the ones the managers obtained and still hold: a token evicted
 * after a 401 is dead already and a token replaced by a renewal is replaced in this tally
 * too, so neither is sent.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerShutdownRevocation implements JwtBearerTokenListener, SmartLifecycle {

	/**
	 * The phase: after the web server's graceful shutdown and its stop (Boot's phases
	 * {@code DEFAULT_PHASE - 1024} and {@code - 2048}), so that calls in flight finish
	 * with their token, and before any bean is destroyed.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(JwtBearerShutdownRevocation.class);

	private static final String SALESFORCE_REVOCATION_PATH = "/services/oauth2/revoke";

	private static final String GOOGLE_REVOCATION_URI = "https://oauth2.googleapis.com/revoke";

	private static final int MAX_CONCURRENT_REVOCATIONS = 4;

	private final Map<String, URI> revocationUris;

	// generic providers: RFC 7009 with RFC 6749 section 2.3, a client without a secret
	// names itself; Salesforce and Google take the token alone
	private final Set<String> namingClient;

	private final JwtBearerRegistrationRepository registrations;

	private final TokenEndpointClients tokenEndpointClients;

	private final Duration timeout;

	private final Map<LiveToken, OAuth2AccessToken> live = new ConcurrentHashMap<>();

	// SHA-256 of the tokens revoked: a token is sent at most once, whatever happens
	private final Set<String> revoked = ConcurrentHashMap.newKeySet();

	private Clock clock = Clock.systemUTC();

	private volatile boolean running;

	/**
	 * Create the revocation of the registrations that ask for it.
	 * @param properties the properties, for {@code revoke-on-shutdown},
	 * {@code revocation-uri} and {@code revocation-timeout}
	 * @param registrations the registrations
	 * @param tokenEndpointClients the transport of the token endpoint, reused for its
	 * revocation endpoint
	 * @throws InvalidJwtBearerRegistrationException if a registration revokes but has no
	 * usable revocation endpoint
	 */
	JwtBearerShutdownRevocation(JwtBearerProperties properties, JwtBearerRegistrationRepository registrations,
			TokenEndpointClients tokenEndpointClients) {
		this.registrations = registrations;
		this.tokenEndpointClients = tokenEndpointClients;
		this.timeout = properties.getRevocationTimeout();
		Map<String, URI> uris = new LinkedHashMap<>();
		Set<String> naming = new HashSet<>();
		properties.getRegistration().forEach((id, registration) -> {
			JwtBearerRegistration mapped = registrations.findByRegistrationId(id);
			if (registration.isRevokeOnShutdown() && mapped != null) {
				uris.put(id, revocationUri(id, registration, mapped));
				if (registration.getProvider() == JwtBearerProvider.GENERIC) {
					naming.add(id);
				}
			}
		});
		this.revocationUris = uris;
		this.namingClient = naming;
	}

	static URI revocationUri(String id, Registration properties, JwtBearerRegistration registration) {
		String configured = properties.getRevocationUri();
		if (StringUtils.hasText(configured)) {
			return checked(id, configured, properties.isAllowInsecureTokenUri());
		}
		JwtBearerProvider provider = properties.getProvider();
		if (provider.isSalesforce()) {
			// Salesforce serves the revocation endpoint beside the token endpoint, on the
			// login host or the org's My Domain
			URI tokenUri = URI.create(registration.getClientRegistration().getProviderDetails().getTokenUri());
			return tokenUri.resolve(SALESFORCE_REVOCATION_PATH);
		}
		if (provider == JwtBearerProvider.GOOGLE) {
			return URI.create(GOOGLE_REVOCATION_URI);
		}
		throw new InvalidJwtBearerRegistrationException(id, "revocation-uri",
				"revoke-on-shutdown is true but no revocation endpoint is known for a generic provider",
				"Set revocation-uri to the authorization server's RFC 7009 revocation endpoint, "
						+ "or set revoke-on-shutdown to false",
				null);
	}

	private static URI checked(String id, String revocationUri, boolean allowInsecure) {
		URI uri;
		try {
			uri = new URI(revocationUri);
		}
		catch (URISyntaxException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "revocation-uri", "revocation-uri is not a valid URI",
					"Set revocation-uri to an absolute https URL", ex);
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			throw new InvalidJwtBearerRegistrationException(id, "revocation-uri",
					"revocation-uri is not an absolute URL", "Set revocation-uri to an absolute https URL", null);
		}
		boolean secure = "https".equalsIgnoreCase(uri.getScheme())
				|| JwtBearerRegistrationChecks.isLoopback(uri.getHost())
				|| (allowInsecure && "http".equalsIgnoreCase(uri.getScheme()));
		if (!secure) {
			throw new InvalidJwtBearerRegistrationException(id, "revocation-uri",
					"revocation-uri uses " + uri.getScheme() + ", which would send the token in clear text",
					"Use an https revocation endpoint (plain http is accepted for loopback addresses only)", null);
		}
		return uri;
	}

	@Override
	public void tokenObtained(JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
		if (this.revocationUris.containsKey(registration.getRegistrationId())) {
			// a renewal replaces the token it renews: that one expires unused
			this.live.put(new LiveToken(registration.getRegistrationId(), subject), authorizedClient.getAccessToken());
		}
	}

	@Override
	public void tokenRemoved(JwtBearerRegistration registration, @Nullable String subject) {
		// evicted after a 401: the server has ended it already
		this.live.remove(new LiveToken(registration.getRegistrationId(), subject));
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		revokeLiveTokens();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Revoke every live token not revoked yet, within the timeout.
	 */
	void revokeLiveTokens() {
		List<Revocation> revocations = takeLiveTokens();
		if (revocations.isEmpty()) {
			return;
		}
		AtomicInteger threads = new AtomicInteger();
		ExecutorService executor = Executors
			.newFixedThreadPool(Math.min(MAX_CONCURRENT_REVOCATIONS, revocations.size()), (task) -> {
				Thread thread = new Thread(task, "jwt-bearer-revocation-" + threads.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
		try {
			List<Future<Boolean>> results = executor.invokeAll(revocations, this.timeout.toMillis(),
					TimeUnit.MILLISECONDS);
			report(revocations, results);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Revocation of JWT bearer tokens on shutdown interrupted; the tokens not revoked yet "
					+ "stay valid until they expire");
		}
		finally {
			executor.shutdownNow();
		}
	}

	private List<Revocation> takeLiveTokens() {
		Instant now = this.clock.instant();
		Map<String, ClientHttpRequestFactory> requestFactories = new LinkedHashMap<>();
		List<Revocation> revocations = new ArrayList<>();
		for (LiveToken key : List.copyOf(this.live.keySet())) {
			OAuth2AccessToken token = this.live.remove(key);
			JwtBearerRegistration registration = this.registrations.findByRegistrationId(key.registrationId());
			URI uri = this.revocationUris.get(key.registrationId());
			if (token == null || registration == null || uri == null || hasExpired(token, now)
					|| !this.revoked.add(fingerprint(token))) {
				continue;
			}
			ClientHttpRequestFactory requestFactory = requestFactories.computeIfAbsent(key.registrationId(),
					(id) -> requestFactory(registration));
			revocations.add(new Revocation(registration, uri, this.namingClient.contains(key.registrationId()),
					requestFactory, token));
		}
		return revocations;
	}

	private static boolean hasExpired(OAuth2AccessToken token, Instant now) {
		Instant expiresAt = token.getExpiresAt();
		return expiresAt != null && !expiresAt.isAfter(now);
	}

	// the token endpoint's transport (TLS bundle, no redirects), its timeouts cut to the
	// whole revocation's bound
	private ClientHttpRequestFactory requestFactory(JwtBearerRegistration registration) {
		HttpClientSettings settings = this.tokenEndpointClients.settings(registration);
		settings = settings.withTimeouts(shorter(registration.getConnectTimeout()),
				shorter(registration.getReadTimeout()));
		return ClientHttpRequestFactoryBuilder.jdk().build(settings);
	}

	private Duration shorter(Duration duration) {
		return (duration.compareTo(this.timeout) < 0) ? duration : this.timeout;
	}

	private void report(List<Revocation> revocations, List<Future<Boolean>> results) {
		Map<String, int[]> counts = new LinkedHashMap<>();
		for (int i = 0; i < revocations.size(); i++) {
			// revoked; refused by the endpoint; no answer (I/O failure, timeout, or still
			// running at the deadline)
			int[] count = counts.computeIfAbsent(revocations.get(i).registration().getRegistrationId(),
					(id) -> new int[3]);
			count[outcome(results.get(i))]++;
		}
		counts.forEach((id, count) -> {
			int total = count[0] + count[1] + count[2];
			if (count[0] == total) {
				logger.info(LogMessage.format("Revoked %d token(s) of JWT bearer registration '%s' on shutdown", total,
						id));
			}
			else {
				logger.warn(LogMessage
					.format("Revoked %d of %d token(s) of JWT bearer registration '%s' on shutdown: %d refused by the "
							+ "revocation endpoint, %d without an answer within %d ms (jwt-bearer.revocation-timeout); "
							+ "those stay valid until they expire", count[0], total, id, count[1], count[2],
							this.timeout.toMillis()));
			}
		});
	}

	private static int outcome(Future<Boolean> result) {
		try {
			return Boolean.TRUE.equals(result.get()) ? 0 : 1;
		}
		catch (CancellationException | ExecutionException ex) {
			return 2;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 2;
		}
	}

	private static String fingerprint(OAuth2AccessToken token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(token.getTokenValue().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

	private record LiveToken(String registrationId, @Nullable String subject) {

	}

	/**
	 * One revocation request (RFC 7009 section 2.1): the token, a hint that it is an
	 * access token, and the client authentication of the token request.
	 */
	private record Revocation(JwtBearerRegistration registration, URI uri, boolean namingClient,
			ClientHttpRequestFactory requestFactory, OAuth2AccessToken token) implements Callable<Boolean> {

		@Override
		public Boolean call() throws IOException {
			ClientRegistration client = this.registration.getClientRegistration();
			StringBuilder body = new StringBuilder();
			append(body, "token", this.token.getTokenValue());
			append(body, "token_type_hint", "access_token");
			ClientHttpRequest request = this.requestFactory.createRequest(this.uri, HttpMethod.POST);
			HttpHeaders headers = request.getHeaders();
			headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
			headers.setAccept(List.of(MediaType.APPLICATION_JSON));
			ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
			if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)) {
				// RFC 6749 section 2.3.1: id and secret form-encoded before Base64
				String credentials = encode(client.getClientId()) + ":" + encode(secret(client));
				headers.setBasicAuth(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
			}
			else if (ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
				append(body, "client_id", client.getClientId());
				append(body, "client_secret", secret(client));
			}
			else if (this.namingClient) {
				append(body, "client_id", client.getClientId());
			}
			try (OutputStream out = request.getBody()) {
				out.write(body.toString().getBytes(StandardCharsets.UTF_8));
			}
			try (ClientHttpResponse response = request.execute()) {
				// RFC 7009 section 2.2: 200 also for a token the server no longer knows
				boolean revoked = response.getStatusCode().is2xxSuccessful();
				if (!revoked) {
					logger.debug(LogMessage.format("Revocation endpoint of registration '%s' answered HTTP %d",
							this.registration.getRegistrationId(), response.getStatusCode().value()));
				}
				return revoked;
			}
		}

		private static String secret(ClientRegistration client) {
			return (client.getClientSecret() != null) ? client.getClientSecret() : "";
		}

		private static void append(StringBuilder body, String name, String value) {
			if (!body.isEmpty()) {
				body.append('&');
			}
			body.append(name).append('=').append(encode(value));
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

		// never the token
		@Override
		public String toString() {
			return "Revocation[registration=" + this.registration.getRegistrationId() + ", uri=" + this.uri + "]";
		}

	}

}
