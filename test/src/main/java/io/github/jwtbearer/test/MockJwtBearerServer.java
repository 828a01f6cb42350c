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

package io.github.jwtbearer.test;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * A token endpoint for tests, on okhttp's {@link MockWebServer}, that verifies JWT bearer
 * assertions (RFC 7523 section 2.1) as the real providers do and answers in their words:
 * the signature with the trusted public key of the issuer, {@code iss}, {@code sub} among
 * the known subjects, {@code aud} (one string), {@code exp} (present, in the future,
 * within the provider's maximum), {@code jti} never replayed, {@code alg: none} and HMAC
 * refused. A client assertion ({@code private_key_jwt}, RFC 7523 section 2.2), when the
 * request carries one, is verified too: signed by a trusted client, {@code iss} and
 * {@code sub} that client, {@code aud} the token endpoint, {@code exp} in the future, a
 * {@code jti} never replayed; else {@code invalid_client}. Every other path of the server
 * is the API: a call with a live token the server issued goes to the
 * {@link #setApiDispatcher API dispatcher}, any other call is answered 401 as the
 * provider's API does.
 *
 * <pre class="code">
 * try (MockJwtBearerServer server = MockJwtBearerServer.salesforce().start()) {
 * 	server.trust("3MVG9...", publicKey);
 * 	server.addSubject("integration@acme.com");
 * 	// point the registration's token-uri at server.getTokenUri()
 * }
 * </pre>
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class MockJwtBearerServer implements AutoCloseable {

	// RFC 7523 section 2.1
	private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static final String TOKEN_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom random = new SecureRandom();

	private final Provider provider;

	private final MockWebServer server = new MockWebServer();

	private final Map<String, PublicKey> clients = new ConcurrentHashMap<>();

	private final Set<String> subjects = ConcurrentHashMap.newKeySet();

	private final Set<String> audiences = ConcurrentHashMap.newKeySet();

	private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

	private final Set<String> usedJtis = ConcurrentHashMap.newKeySet();

	private final Queue<String> replayedJtis = new ConcurrentLinkedQueue<>();

	private final Queue<TokenRequest> tokenRequests = new ConcurrentLinkedQueue<>();

	private final Queue<ApiCall> apiCalls = new ConcurrentLinkedQueue<>();

	private final Queue<String> revokedTokens = new ConcurrentLinkedQueue<>();

	private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();

	private Clock clock = Clock.systemUTC();

	private Duration maxAssertionLifetime;

	private Duration tokenLifetime;

	private Function<RecordedRequest, MockResponse> apiDispatcher = (request) -> new MockResponse.Builder().code(404)
		.addHeader("Content-Type", "text/plain")
		.body("MockJwtBearerServer has no API dispatcher: call setApiDispatcher")
		.build();

	private volatile @Nullable Runnable beforeTokenRequest;

	/**
	 * Create a server that answers as the given provider does. Call {@link #start()}
	 * before use.
	 * @param provider the provider whose behaviour and words the server copies
	 */
	public MockJwtBearerServer(Provider provider) {
		this.provider = Objects.requireNonNull(provider, "provider cannot be null");
		this.maxAssertionLifetime = provider.maxAssertionLifetime;
		this.tokenLifetime = provider.tokenLifetime;
		this.audiences.addAll(provider.audiences);
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return MockJwtBearerServer.this.dispatch(request);
			}

		});
	}

	/**
	 * Create a server that answers as Salesforce does.
	 * @return the server, not started
	 */
	public static MockJwtBearerServer salesforce() {
		return new MockJwtBearerServer(Provider.SALESFORCE);
	}

	/**
	 * Create a server that answers as an RFC 7523 authorization server does.
	 * @return the server, not started
	 */
	public static MockJwtBearerServer generic() {
		return new MockJwtBearerServer(Provider.GENERIC);
	}

	/**
	 * Create a server that answers as Google's token endpoint does.
	 * @return the server, not started
	 */
	public static MockJwtBearerServer google() {
		return new MockJwtBearerServer(Provider.GOOGLE);
	}

	/**
	 * Start the server on a free port of the loopback address.
	 * @return this server
	 */
	public MockJwtBearerServer start() {
		try {
			this.server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// RFC 7523 section 3: the token endpoint URL may be the audience
		this.audiences.add(getTokenUri());
		return this;
	}

	/**
	 * Stop the server.
	 */
	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * Return the provider the server answers as.
	 * @return the provider
	 */
	public Provider getProvider() {
		return this.provider;
	}

	/**
	 * Return the base URL of the server, without a trailing slash: the API's base URL
	 * and, for Salesforce, the {@code instance_url} of every token.
	 * @return the base URL
	 */
	public String getBaseUrl() {
		String url = this.server.url("/").toString();
		return url.substring(0, url.length() - 1);
	}

	/**
	 * Return the URL of the token endpoint, for a registration's {@code token-uri}.
	 * @return the token endpoint's URL
	 */
	public String getTokenUri() {
		return getBaseUrl() + this.provider.tokenPath;
	}

	/**
	 * Return the URL of the revocation endpoint (RFC 7009; for Salesforce
	 * {@code /services/oauth2/revoke} beside the token endpoint), for a registration's
	 * {@code revocation-uri}. A {@code POST} with a {@code token} form parameter ends
	 * that session; {@link #getRevokedTokens()} lists what came.
	 * @return the revocation endpoint's URL
	 */
	public String getRevocationUri() {
		return getBaseUrl() + this.provider.revocationPath;
	}

	/**
	 * Trust assertions whose {@code iss} is the given client id and whose signature
	 * verifies with the given key.
	 * @param clientId the client id (Salesforce's consumer key, Google's client email)
	 * @param publicKey an RSA or EC public key
	 * @return this server
	 */
	public MockJwtBearerServer trust(String clientId, PublicKey publicKey) {
		Objects.requireNonNull(clientId, "clientId cannot be null");
		Objects.requireNonNull(publicKey, "publicKey cannot be null");
		if (!(publicKey instanceof RSAPublicKey) && !(publicKey instanceof ECPublicKey)) {
			throw new IllegalArgumentException("publicKey must be an RSA or EC key");
		}
		this.clients.put(clientId, publicKey);
		return this;
	}

	/**
	 * Trust assertions whose {@code iss} is the given client id and whose signature
	 * verifies with the key of the given certificate (as Salesforce holds the app's
	 * certificate).
	 * @param clientId the client id
	 * @param certificate the certificate
	 * @return this server
	 */
	public MockJwtBearerServer trust(String clientId, X509Certificate certificate) {
		return trust(clientId, certificate.getPublicKey());
	}

	/**
	 * Accept the given subjects as {@code sub}: for Salesforce, the users pre-authorized
	 * for the app.
	 * @param subjects the subjects
	 * @return this server
	 */
	public MockJwtBearerServer addSubject(String... subjects) {
		this.subjects.addAll(List.of(subjects));
		return this;
	}

	/**
	 * Stop accepting the given subjects as {@code sub}: for Salesforce, the user's
	 * approval of the app is withdrawn, and its next assertion is refused with
	 * {@code invalid_grant} "user hasn't approved this consumer". Tokens already issued
	 * stay valid until they expire or are revoked.
	 * @param subjects the subjects
	 * @return this server
	 */
	public MockJwtBearerServer removeSubject(String... subjects) {
		this.subjects.removeAll(List.of(subjects));
		return this;
	}

	/**
	 * Accept the given {@code aud} besides the provider's own and the token endpoint's
	 * URL.
	 * @param audience the audience
	 * @return this server
	 */
	public MockJwtBearerServer addAudience(String audience) {
		this.audiences.add(Objects.requireNonNull(audience, "audience cannot be null"));
		return this;
	}

	/**
	 * Set the clock that judges assertions and sessions, so that a test moves time
	 * instead of sleeping. Token responses carry its time as their {@code Date}: a clock
	 * set ahead of the application's plays a token endpoint whose clock differs.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * Set how far ahead {@code exp} may be: Salesforce's 3 minutes and Google's 60
	 * minutes by default, 60 minutes for the generic provider.
	 * @param maxAssertionLifetime the longest accepted lifetime
	 */
	public void setMaxAssertionLifetime(Duration maxAssertionLifetime) {
		this.maxAssertionLifetime = Objects.requireNonNull(maxAssertionLifetime, "maxAssertionLifetime cannot be null");
	}

	/**
	 * Set how long an issued token lives: Salesforce's session timeout (2 hours by
	 * default, never sent to the client), or the {@code expires_in} of the other
	 * providers.
	 * @param tokenLifetime the token lifetime
	 */
	public void setTokenLifetime(Duration tokenLifetime) {
		this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime cannot be null");
	}

	/**
	 * Set the fake API: the handler of every call, other than token requests, that
	 * carries a live token this server issued.
	 * @param apiDispatcher the handler
	 */
	public void setApiDispatcher(Function<RecordedRequest, MockResponse> apiDispatcher) {
		this.apiDispatcher = Objects.requireNonNull(apiDispatcher, "apiDispatcher cannot be null");
	}

	/**
	 * Answer the next token requests with the given status and no token.
	 * @param count how many requests
	 * @param status the HTTP status, such as 503
	 */
	public void failNextTokenRequests(int count, int status) {
		failNextTokenRequests(count, status, null);
	}

	/**
	 * Answer the next token requests with the given status, no token, and a
	 * {@code Retry-After} header.
	 * @param count how many requests
	 * @param status the HTTP status, such as 503 or 429
	 * @param retryAfter the {@code Retry-After} value, or {@code null} for none
	 */
	public void failNextTokenRequests(int count, int status, @Nullable Duration retryAfter) {
		for (int i = 0; i < count; i++) {
			this.faults.add(new Fault(FaultType.STATUS, status, retryAfter, Duration.ZERO));
		}
	}

	/**
	 * Answer the next token requests as usual, after a delay.
	 * @param count how many requests
	 * @param delay the delay before the response's headers
	 */
	public void delayNextTokenResponses(int count, Duration delay) {
		for (int i = 0; i < count; i++) {
			this.faults.add(new Fault(FaultType.DELAY, 200, null, delay));
		}
	}

	/**
	 * Answer the next token requests with status 200 and a body that is not JSON.
	 * @param count how many requests
	 */
	public void malformNextTokenResponses(int count) {
		for (int i = 0; i < count; i++) {
			this.faults.add(new Fault(FaultType.MALFORMED, 200, null, Duration.ZERO));
		}
	}

	/**
	 * End every session, as a Salesforce administrator who revokes them does: the API
	 * answers 401 to every token issued so far.
	 */
	public void expireAllSessions() {
		this.sessions.clear();
	}

	/**
	 * Revoke one token: the API answers 401 to it.
	 * @param accessToken the token
	 */
	public void revoke(String accessToken) {
		this.sessions.remove(accessToken);
	}

	/**
	 * Return whether a token is one this server issued and is still live: for a fake API
	 * on another server.
	 * @param accessToken the token, or {@code null}
	 * @return whether the token is valid
	 */
	public boolean isValid(@Nullable String accessToken) {
		if (accessToken == null) {
			return false;
		}
		Instant expiry = this.sessions.get(accessToken);
		return expiry != null && this.clock.instant().isBefore(expiry);
	}

	/**
	 * Forget what the server saw (token requests, API calls, replayed {@code jti}s) and
	 * the pending faults, keeping the trusted clients, the subjects and the live
	 * sessions: for a test that shares its application context, and so this server, with
	 * others.
	 */
	public void reset() {
		this.tokenRequests.clear();
		this.apiCalls.clear();
		this.revokedTokens.clear();
		this.replayedJtis.clear();
		this.faults.clear();
	}

	/**
	 * Return every request to the token endpoint, in order.
	 * @return the token requests
	 */
	public List<TokenRequest> getTokenRequests() {
		return List.copyOf(this.tokenRequests);
	}

	/**
	 * Return the last request to the token endpoint.
	 * @return the last token request, or {@code null} if none came
	 */
	public @Nullable TokenRequest getLastTokenRequest() {
		List<TokenRequest> requests = getTokenRequests();
		return requests.isEmpty() ? null : requests.get(requests.size() - 1);
	}

	/**
	 * Return the {@code jti}s that came a second time.
	 * @return the replayed {@code jti}s
	 */
	public List<String> getReplayedJtis() {
		return List.copyOf(this.replayedJtis);
	}

	/**
	 * Return the client secrets the token requests carried, in order.
	 * @return the client secrets
	 */
	public List<String> getClientSecrets() {
		List<String> secrets = new ArrayList<>();
		for (TokenRequest request : this.tokenRequests) {
			if (request.getClientSecret() != null) {
				secrets.add(request.getClientSecret());
			}
		}
		return secrets;
	}

	/**
	 * Return the tokens the server issued, in order, live or not.
	 * @return the issued tokens
	 */
	public List<String> getIssuedTokens() {
		List<String> tokens = new ArrayList<>();
		for (TokenRequest request : this.tokenRequests) {
			String token = request.accessToken;
			if (token != null) {
				tokens.add(token);
			}
		}
		return tokens;
	}

	/**
	 * Return every call to the API, in order.
	 * @return the API calls
	 */
	public List<ApiCall> getApiCalls() {
		return List.copyOf(this.apiCalls);
	}

	/**
	 * Return the API calls answered 401.
	 * @return the refused API calls
	 */
	public List<ApiCall> getUnauthorizedApiCalls() {
		return this.apiCalls.stream().filter((call) -> call.getStatus() == 401).toList();
	}

	/**
	 * Return the tokens sent to the revocation endpoint, in order, each as often as it
	 * came, known or not.
	 * @return the tokens whose revocation was asked for
	 */
	public List<String> getRevokedTokens() {
		return List.copyOf(this.revokedTokens);
	}

	@Override
	public String toString() {
		return "MockJwtBearerServer[" + this.provider + ", " + getBaseUrl() + "]";
	}

	// the Spring integration trusts the registrations' keys on the first token request,
	// once the application's environment is complete
	void setBeforeTokenRequest(@Nullable Runnable beforeTokenRequest) {
		this.beforeTokenRequest = beforeTokenRequest;
	}

	private MockResponse dispatch(RecordedRequest request) {
		if (this.provider.tokenPath.equals(request.getUrl().encodedPath())) {
			Runnable before = this.beforeTokenRequest;
			if (before != null) {
				try {
					before.run();
					this.beforeTokenRequest = null;
				}
				catch (RuntimeException ex) {
					// say why in every answer, rather than refuse assertions as if
					// untrusted
					return new MockResponse.Builder().code(500)
						.addHeader("Content-Type", "text/plain")
						.body("MockJwtBearerServer could not trust the registrations: " + ex.getMessage())
						.build();
				}
			}
			return token(request);
		}
		if (this.provider.revocationPath.equals(request.getUrl().encodedPath()) && "POST".equals(request.getMethod())) {
			return revocation(request);
		}
		return api(request);
	}

	private MockResponse revocation(RecordedRequest request) {
		String token = readForm(request).get("token");
		if (token == null || token.isEmpty()) {
			return json(400, "{\"error\":\"invalid_request\",\"error_description\":\"token is missing\"}");
		}
		this.revokedTokens.add(token);
		boolean known = this.sessions.remove(token) != null;
		// RFC 7009 section 2.2: 200 for a token the server does not know; Salesforce
		// answers 400 invalid_token
		if (!known && this.provider == Provider.SALESFORCE) {
			return json(400, "{\"error\":\"invalid_token\",\"error_description\":\"invalid token\"}");
		}
		return new MockResponse.Builder().code(200).build();
	}

	private MockResponse token(RecordedRequest request) {
		Map<String, String> form = readForm(request);
		Map<String, Object> header = decode(form.get("assertion"), 0);
		Map<String, Object> claims = decode(form.get("assertion"), 1);
		String secret = clientSecret(request, form);
		Fault fault = this.faults.poll();
		if (fault != null && fault.type != FaultType.DELAY) {
			this.tokenRequests.add(new TokenRequest(form, header, claims, secret, fault.status, null, null, null));
			return fault.response();
		}
		MockResponse response;
		try {
			verify(form, claims);
			String accessToken = startSession();
			this.tokenRequests.add(new TokenRequest(form, header, claims, secret, 200, null, null, accessToken));
			response = json(200, this.provider.success(accessToken, this));
		}
		catch (Refusal ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", ex.error);
			body.put("error_description", ex.description);
			this.tokenRequests.add(new TokenRequest(form, header, claims, secret, 400, ex.error, ex.description, null));
			response = json(400, JSONObjectUtils.toJSONString(body));
		}
		// RFC 9110 section 6.6.1: the time of the answer, by the server's clock, which
		// tells a client how far its own clock is off
		response = response.newBuilder()
			.setHeader("Date",
					DateTimeFormatter.RFC_1123_DATE_TIME.format(this.clock.instant().atOffset(ZoneOffset.UTC)))
			.build();
		if (fault != null) {
			return response.newBuilder().headersDelay(fault.delay.toMillis(), TimeUnit.MILLISECONDS).build();
		}
		return response;
	}

	private void verify(Map<String, String> form, Map<String, Object> claims) {
		if (!JWT_BEARER.equals(form.get("grant_type"))) {
			throw this.provider.refusal(Reason.UNSUPPORTED_GRANT_TYPE);
		}
		verifyClientAssertion(form);
		SignedJWT jwt = parse(form.get("assertion"));
		PublicKey key = this.clients.get(String.valueOf(claims.get("iss")));
		if (key == null) {
			throw this.provider.refusal(Reason.UNKNOWN_CLIENT);
		}
		if (!verifySignature(jwt, key)) {
			throw this.provider.refusal(Reason.BAD_SIGNATURE);
		}
		// a single audience as a string: Salesforce refuses an array
		Object audience = claims.get("aud");
		if (!(audience instanceof String) || !this.audiences.contains(audience)) {
			throw this.provider.refusal(Reason.BAD_AUDIENCE);
		}
		// RFC 7523 section 3: the JWT MUST contain an "exp" claim
		Instant now = this.clock.instant();
		if (!(claims.get("exp") instanceof Number exp) || !Instant.ofEpochSecond(exp.longValue()).isAfter(now)
				|| Instant.ofEpochSecond(exp.longValue()).isAfter(now.plus(this.maxAssertionLifetime))) {
			throw this.provider.refusal(Reason.BAD_EXPIRY);
		}
		Object subject = claims.get("sub");
		if (this.provider.requiresSubject || subject != null) {
			if (!(subject instanceof String) || !this.subjects.contains(subject)) {
				throw this.provider.refusal(Reason.UNKNOWN_SUBJECT);
			}
		}
		// RFC 7523 section 3: the server may refuse a replayed JWT
		if (claims.get("jti") instanceof String jti && !this.usedJtis.add(jti)) {
			this.replayedJtis.add(jti);
			throw this.provider.refusal(Reason.REPLAYED);
		}
	}

	// RFC 7523 section 2.2 and 3: a client assertion authenticates the client by the
	// key the server holds for it
	private void verifyClientAssertion(Map<String, String> form) {
		String clientAssertion = form.get("client_assertion");
		if (clientAssertion == null && !form.containsKey("client_assertion_type")) {
			return;
		}
		if (!CLIENT_ASSERTION_TYPE.equals(form.get("client_assertion_type")) || clientAssertion == null) {
			throw invalidClient("client_assertion_type must be " + CLIENT_ASSERTION_TYPE + ", with a client_assertion");
		}
		SignedJWT jwt;
		Map<String, Object> claims;
		try {
			jwt = SignedJWT.parse(clientAssertion);
			claims = jwt.getJWTClaimsSet().toJSONObject();
		}
		catch (ParseException ex) {
			throw invalidClient("client_assertion is not a signed JWT");
		}
		Object issuer = claims.get("iss");
		PublicKey key = this.clients.get(String.valueOf(issuer));
		if (key == null || issuer == null || !issuer.equals(claims.get("sub"))) {
			throw invalidClient("client_assertion: iss and sub must be the id of a trusted client");
		}
		if (!verifySignature(jwt, key)) {
			throw invalidClient("client_assertion: signature invalid");
		}
		Object audience = claims.get("aud");
		if (!((audience instanceof List<?> list) ? list : List.of(String.valueOf(audience))).contains(getTokenUri())) {
			throw invalidClient("client_assertion: aud must be the token endpoint");
		}
		if (!(claims.get("exp") instanceof Number exp)
				|| !Instant.ofEpochSecond(exp.longValue()).isAfter(this.clock.instant())) {
			throw invalidClient("client_assertion expired");
		}
		if (!(claims.get("jti") instanceof String jti) || !this.usedJtis.add(jti)) {
			throw invalidClient("client_assertion: jti missing or already used");
		}
	}

	private static Refusal invalidClient(String description) {
		return new Refusal("invalid_client", description);
	}

	private SignedJWT parse(@Nullable String assertion) {
		if (assertion == null) {
			throw this.provider.refusal(Reason.INVALID_ASSERTION);
		}
		try {
			// alg "none" is not a JWS algorithm: the parser refuses it
			return SignedJWT.parse(assertion);
		}
		catch (ParseException ex) {
			throw this.provider.refusal(Reason.INVALID_ASSERTION);
		}
	}

	private boolean verifySignature(SignedJWT jwt, PublicKey key) {
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (!this.provider.algorithms.contains(algorithm)) {
			return false;
		}
		try {
			JWSVerifier verifier = (key instanceof RSAPublicKey rsa) ? new RSASSAVerifier(rsa)
					: new ECDSAVerifier((ECPublicKey) key);
			return verifier.supportedJWSAlgorithms().contains(algorithm) && jwt.verify(verifier);
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private String startSession() {
		String token = this.provider.tokenPrefix + randomCharacters(this.provider.tokenLength);
		this.sessions.put(token, this.clock.instant().plus(this.tokenLifetime));
		return token;
	}

	private MockResponse api(RecordedRequest request) {
		String authorization = request.getHeaders().get("Authorization");
		String token = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7) : null;
		MockResponse response;
		boolean authorized = isValid(token);
		if (authorized) {
			response = this.apiDispatcher.apply(request);
		}
		else {
			if (token != null) {
				this.sessions.remove(token);
			}
			response = this.provider.unauthorized();
		}
		this.apiCalls.add(new ApiCall(request.getMethod(), request.getTarget(), token, authorized, response.getCode()));
		return response;
	}

	private static Map<String, String> readForm(RecordedRequest request) {
		Map<String, String> form = new LinkedHashMap<>();
		String body = (request.getBody() != null) ? request.getBody().utf8() : "";
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			form.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return form;
	}

	// RFC 6749 section 2.3.1: HTTP Basic, form-encoded id and secret; or client_secret
	private static @Nullable String clientSecret(RecordedRequest request, Map<String, String> form) {
		String authorization = request.getHeaders().get("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon >= 0) {
				return URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			}
		}
		return form.get("client_secret");
	}

	// the header or the claims exactly as sent, whatever the verification says
	private static Map<String, Object> decode(@Nullable String assertion, int part) {
		if (assertion == null) {
			return Map.of();
		}
		String[] parts = assertion.split("\\.", -1);
		if (parts.length < 2) {
			return Map.of();
		}
		try {
			Map<String, Object> json = JSONObjectUtils.parse(new Base64URL(parts[part]).decodeToString());
			Map<String, Object> copy = new LinkedHashMap<>();
			json.forEach((name, value) -> {
				if (value != null) {
					copy.put(name, value);
				}
			});
			return copy;
		}
		catch (ParseException | RuntimeException ex) {
			return Map.of();
		}
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/json;charset=UTF-8")
			.addHeader("Cache-Control", "no-store")
			.body(body)
			.build();
	}

	private static String randomCharacters(int length) {
		StringBuilder characters = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			characters.append(TOKEN_CHARACTERS.charAt(random.nextInt(TOKEN_CHARACTERS.length())));
		}
		return characters.toString();
	}

	/**
	 * The providers whose behaviour and words a {@link MockJwtBearerServer} copies.
	 *
	 * @since 0.1.0
	 */
	public enum Provider {

		/**
		 * Salesforce's "OAuth 2.0 JWT Bearer Flow": RS256 only, {@code exp} at most 3
		 * minutes ahead, {@code aud} {@code https://login.salesforce.com} or
		 * {@code https://test.salesforce.com}, a token without {@code expires_in} but
		 * with {@code instance_url}, an API that answers 401 {@code INVALID_SESSION_ID}.
		 */
		SALESFORCE("/services/oauth2/token", Duration.ofMinutes(3), Duration.ofHours(2), true,
				Set.of("https://login.salesforce.com", "https://test.salesforce.com"), Set.of(JWSAlgorithm.RS256),
				"00DKZ000000kDf6!AQ", 94),

		/**
		 * An RFC 7523 authorization server: RS, PS and ES algorithms, the errors of RFC
		 * 6749 section 5.2, a token with {@code expires_in}.
		 */
		GENERIC("/oauth2/token", Duration.ofHours(1), Duration.ofMinutes(5), true, Set.of(),
				Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
						JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
						JWSAlgorithm.ES512),
				"", 43),

		/**
		 * Google's token endpoint for service accounts: RS256 only, {@code exp} at most
		 * 60 minutes ahead, {@code sub} optional (domain-wide delegation), a token with
		 * {@code expires_in}.
		 */
		GOOGLE("/token", Duration.ofHours(1), Duration.ofSeconds(3599), false,
				Set.of("https://oauth2.googleapis.com/token"), Set.of(JWSAlgorithm.RS256), "ya29.c.", 160);

		private final String tokenPath;

		private final String revocationPath;

		private final Duration maxAssertionLifetime;

		private final Duration tokenLifetime;

		private final boolean requiresSubject;

		private final Set<String> audiences;

		private final Set<JWSAlgorithm> algorithms;

		private final String tokenPrefix;

		private final int tokenLength;

		Provider(String tokenPath, Duration maxAssertionLifetime, Duration tokenLifetime, boolean requiresSubject,
				Set<String> audiences, Set<JWSAlgorithm> algorithms, String tokenPrefix, int tokenLength) {
			this.tokenPath = tokenPath;
			this.revocationPath = tokenPath.substring(0, tokenPath.lastIndexOf('/')) + "/revoke";
			this.maxAssertionLifetime = maxAssertionLifetime;
			this.tokenLifetime = tokenLifetime;
			this.requiresSubject = requiresSubject;
			this.audiences = audiences;
			this.algorithms = algorithms;
			this.tokenPrefix = tokenPrefix;
			this.tokenLength = tokenLength;
		}

		/**
		 * Return the path of the token endpoint on the server.
		 * @return the path
		 */
		public String getTokenPath() {
			return this.tokenPath;
		}

		private Refusal refusal(Reason reason) {
			return switch (this) {
				// the strings Salesforce's token endpoint answers (all with status 400)
				case SALESFORCE -> switch (reason) {
					case UNSUPPORTED_GRANT_TYPE -> new Refusal("unsupported_grant_type", "grant type not supported");
					case UNKNOWN_CLIENT -> new Refusal("invalid_client_id", "client identifier invalid");
					case BAD_AUDIENCE -> new Refusal("invalid_grant", "audience is invalid");
					case BAD_EXPIRY -> new Refusal("invalid_grant", "expired authorization code");
					case UNKNOWN_SUBJECT -> new Refusal("invalid_grant", "user hasn't approved this consumer");
					case INVALID_ASSERTION, BAD_SIGNATURE, REPLAYED ->
						new Refusal("invalid_grant", "invalid assertion");
				};
				// RFC 6749 section 5.2; RFC 7523 section 3.1: an invalid JWT is
				// invalid_grant
				case GENERIC -> switch (reason) {
					case UNSUPPORTED_GRANT_TYPE ->
						new Refusal("unsupported_grant_type", "grant_type must be " + JWT_BEARER);
					case INVALID_ASSERTION -> new Refusal("invalid_grant", "assertion is not a signed JWT");
					case UNKNOWN_CLIENT -> new Refusal("invalid_grant", "unknown issuer");
					case BAD_SIGNATURE -> new Refusal("invalid_grant", "signature invalid");
					case BAD_AUDIENCE -> new Refusal("invalid_grant", "audience invalid");
					case BAD_EXPIRY -> new Refusal("invalid_grant", "assertion expired or its lifetime too long");
					case UNKNOWN_SUBJECT -> new Refusal("invalid_grant", "unknown subject");
					case REPLAYED -> new Refusal("invalid_grant", "assertion already used");
				};
				// the strings Google's token endpoint answers
				case GOOGLE -> switch (reason) {
					case UNSUPPORTED_GRANT_TYPE -> new Refusal("unsupported_grant_type", "Invalid grant_type: ");
					case INVALID_ASSERTION, BAD_SIGNATURE, REPLAYED ->
						new Refusal("invalid_grant", "Invalid JWT Signature.");
					case UNKNOWN_CLIENT -> new Refusal("invalid_grant", "Invalid grant: account not found");
					case BAD_AUDIENCE -> new Refusal("invalid_grant", "Invalid JWT: Failed audience check.");
					case BAD_EXPIRY -> new Refusal("invalid_grant",
							"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
									+ "Check your iat and exp values in the JWT claim.");
					case UNKNOWN_SUBJECT -> new Refusal("unauthorized_client",
							"Client is unauthorized to retrieve access tokens using this method, "
									+ "or client not authorized for any of the scopes requested.");
				};
			};
		}

		private String success(String accessToken, MockJwtBearerServer server) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", accessToken);
			if (this == SALESFORCE) {
				// no expires_in, no refresh_token: the session timeout is the org's
				// secret
				body.put("scope", "api");
				body.put("instance_url", server.getBaseUrl());
				body.put("id", "https://login.salesforce.com/id/00DKZ000000kDf62AE/005KZ000001iFQ1YAM");
				body.put("token_type", "Bearer");
				body.put("issued_at", Long.toString(server.clock.millis()));
			}
			else {
				body.put("token_type", "Bearer");
				body.put("expires_in", server.tokenLifetime.toSeconds());
			}
			return JSONObjectUtils.toJSONString(body);
		}

		private MockResponse unauthorized() {
			return switch (this) {
				case SALESFORCE ->
					json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
				case GENERIC -> new MockResponse.Builder().code(401)
					.addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
					.build();
				case GOOGLE -> new MockResponse.Builder().code(401)
					.addHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"")
					.addHeader("Content-Type", "application/json; charset=UTF-8")
					.body("{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
							+ "\"status\":\"UNAUTHENTICATED\"}}")
					.build();
			};
		}

	}

	private enum Reason {

		UNSUPPORTED_GRANT_TYPE, INVALID_ASSERTION, UNKNOWN_CLIENT, BAD_SIGNATURE, BAD_AUDIENCE, BAD_EXPIRY,
		UNKNOWN_SUBJECT, REPLAYED

	}

	private static final class Refusal extends RuntimeException {

		@Serial
		private static final long serialVersionUID = 1L;

		private final String error;

		private final String description;

		Refusal(String error, String description) {
			super(error + ": " + description, null, false, false);
			this.error = error;
			this.description = description;
		}

	}

	private enum FaultType {

		STATUS, DELAY, MALFORMED

	}

	private record Fault(FaultType type, int status, @Nullable Duration retryAfter, Duration delay) {

		MockResponse response() {
			if (this.type == FaultType.MALFORMED) {
				return new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/json")
					.body("{\"access_token\":")
					.build();
			}
			MockResponse.Builder builder = new MockResponse.Builder().code(this.status)
				.addHeader("Content-Type", "text/plain")
				.body("MockJwtBearerServer: injected status " + this.status);
			if (this.retryAfter != null) {
				builder.addHeader("Retry-After", Long.toString(this.retryAfter.toSeconds()));
			}
			return builder.build();
		}

	}

}
