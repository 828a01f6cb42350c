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

package io.github.jwtbearer.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.assertion.JwtSigningKey;
import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerReactiveOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.SignedAssertionReactiveOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * A Salesforce-like org on two {@link MockWebServer}s: a login server whose token
 * endpoint answers the JWT bearer grant as Salesforce does (no {@code expires_in}, an
 * {@code instance_url}), and the instance its {@code instance_url} names, whose API
 * answers 401 to tokens it does not know or has revoked. It also holds the registrations
 * and the starter's managers, servlet and reactive, that obtain its tokens.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TestOrg implements AutoCloseable {

	/**
	 * A registration whose {@code instance_url} is the base URL of relative requests.
	 */
	static final String SALESFORCE = "salesforce";

	/**
	 * A registration of the same server whose {@code instance_url} is not used.
	 */
	static final String GENERIC = "generic";

	static final String TOKEN_PATH = "/services/oauth2/token";

	static final String FORBIDDEN_PATH = "/services/data/v62.0/forbidden";

	private static final PrivateKey PRIVATE_KEY = generatePrivateKey();

	private final MockWebServer login = new MockWebServer();

	private final MockWebServer instance = new MockWebServer();

	private final Queue<String> issuedTokens = new ConcurrentLinkedQueue<>();

	private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();

	private final Queue<RecordedRequest> apiRequests = new ConcurrentLinkedQueue<>();

	private volatile boolean refuseEveryToken;

	private volatile boolean omitInstanceUrl;

	private final InMemoryJwtBearerRegistrationRepository registrations;

	private final BoundedInMemoryOAuth2AuthorizedClientService authorizedClientService;

	private final JwtBearerOAuth2AuthorizedClientManager authorizedClientManager;

	private final JwtBearerReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager;

	TestOrg() {
		this.login.setDispatcher(dispatcher(this::token));
		this.instance.setDispatcher(dispatcher(this::api));
		start(this.login);
		start(this.instance);
		this.registrations = new InMemoryJwtBearerRegistrationRepository(registration(SALESFORCE, true),
				registration(GENERIC, false));
		// the starter's store and managers, with no other registrations to delegate to
		this.authorizedClientService = new BoundedInMemoryOAuth2AuthorizedClientService(100);
		this.authorizedClientManager = new JwtBearerOAuth2AuthorizedClientManager(this.registrations,
				this.authorizedClientService, new SignedAssertionOAuth2AuthorizedClientProvider(this.registrations),
				(authorizeRequest) -> null);
		this.reactiveAuthorizedClientManager = new JwtBearerReactiveOAuth2AuthorizedClientManager(this.registrations,
				this.authorizedClientService.reactive(),
				new SignedAssertionReactiveOAuth2AuthorizedClientProvider(this.registrations),
				(authorizeRequest) -> Mono.empty());
	}

	private JwtBearerRegistration registration(String registrationId, boolean instanceUrlBaseUrl) {
		ClientRegistration clientRegistration = ClientRegistration.withRegistrationId(registrationId)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.clientId("3MVG9test")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.tokenUri(this.login.url(TOKEN_PATH).toString())
			.build();
		JwtAssertionMinter minter = JwtAssertionMinter
			.withSigningKey(registrationId, JwtSigningKey.of(PRIVATE_KEY, null))
			.issuer("3MVG9test")
			.audience("https://login.salesforce.com")
			.build();
		return JwtBearerRegistration.withClientRegistration(clientRegistration, minter)
			.subject("integration@acme.com")
			.instanceUrlBaseUrl(instanceUrlBaseUrl)
			.build();
	}

	private MockResponse token(RecordedRequest request) {
		if (!TOKEN_PATH.equals(request.getUrl().encodedPath())) {
			return json(404, "{\"error\":\"not_found\"}");
		}
		String token = "00Dxx0000001gPL!token-" + (this.issuedTokens.size() + 1);
		this.issuedTokens.add(token);
		String instanceUrl = this.omitInstanceUrl ? "" : ",\"instance_url\":\"" + instanceUrl() + "\"";
		return json(200,
				"{\"access_token\":\"" + token + "\"" + instanceUrl
						+ ",\"id\":\"https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6A\","
						+ "\"token_type\":\"Bearer\",\"scope\":\"api\"}");
	}

	private MockResponse api(RecordedRequest request) {
		this.apiRequests.add(request);
		if (FORBIDDEN_PATH.equals(request.getUrl().encodedPath())) {
			return json(403, "[{\"message\":\"Insufficient access\",\"errorCode\":\"INSUFFICIENT_ACCESS\"}]");
		}
		String authorization = request.getHeaders().get("Authorization");
		String token = (authorization != null && authorization.startsWith("Bearer "))
				? authorization.substring("Bearer ".length()) : null;
		if (token == null || this.refuseEveryToken || !this.issuedTokens.contains(token)
				|| this.revokedTokens.contains(token)) {
			return json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
		}
		return json(200, "{\"totalSize\":1,\"done\":true}");
	}

	private static Dispatcher dispatcher(Function<RecordedRequest, MockResponse> function) {
		return new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return function.apply(request);
			}

		};
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
	}

	/**
	 * Revoke every token issued so far, as when a Salesforce session ends before the
	 * lifetime the client assumed.
	 */
	void revokeTokens() {
		this.revokedTokens.addAll(this.issuedTokens);
	}

	/**
	 * Answer 401 to every token, new ones included.
	 */
	void refuseEveryToken() {
		this.refuseEveryToken = true;
	}

	/**
	 * Leave {@code instance_url} out of token responses.
	 */
	void omitInstanceUrl() {
		this.omitInstanceUrl = true;
	}

	String instanceUrl() {
		String url = this.instance.url("/").toString();
		return url.substring(0, url.length() - 1);
	}

	String loginUrl() {
		String url = this.login.url("/").toString();
		return url.substring(0, url.length() - 1);
	}

	int tokenRequests() {
		return this.issuedTokens.size();
	}

	List<String> issuedTokens() {
		return List.copyOf(this.issuedTokens);
	}

	List<RecordedRequest> apiRequests() {
		return new ArrayList<>(this.apiRequests);
	}

	int loginServerRequests() {
		return this.login.getRequestCount();
	}

	InMemoryJwtBearerRegistrationRepository registrations() {
		return this.registrations;
	}

	OAuth2AuthorizedClientService authorizedClientService() {
		return this.authorizedClientService;
	}

	JwtBearerOAuth2AuthorizedClientManager authorizedClientManager() {
		return this.authorizedClientManager;
	}

	JwtBearerReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager() {
		return this.reactiveAuthorizedClientManager;
	}

	/**
	 * Return the manager's failure handler, as the starter gives it: the manager stores
	 * tokens per registration and subject, not per principal.
	 * @return the failure handler
	 */
	OAuth2AuthorizationFailureHandler evictingFailureHandler() {
		return this.authorizedClientManager.authorizationFailureHandler();
	}

	/**
	 * Return the reactive twin of {@link #evictingFailureHandler()}.
	 * @return the failure handler
	 */
	ReactiveOAuth2AuthorizationFailureHandler reactiveEvictingFailureHandler() {
		return this.reactiveAuthorizedClientManager.authorizationFailureHandler();
	}

	@Override
	public void close() {
		this.login.close();
		this.instance.close();
	}

	private static void start(MockWebServer server) {
		try {
			server.start(InetAddress.getLoopbackAddress(), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static PrivateKey generatePrivateKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair().getPrivate();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
