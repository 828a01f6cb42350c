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

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.util.Assert;

/**
 * What a failed token request usually means and what to change: the one table of the
 * errors the token endpoint answers with (Salesforce, Google, RFC 6749 and RFC 7521) and
 * of the faults on the way there. The message of every
 * {@link org.springframework.security.oauth2.client.ClientAuthorizationException} of a
 * JWT bearer registration carries the hint of its error; the troubleshooting guide
 * mirrors this table.
 * <p>
 * A hint applies to an {@link OAuth2Error} when its {@link #getErrorCode() error code} is
 * the error's (or is {@code null}, for any code) and its {@link #getDescription()
 * description} occurs in the error's description, ignoring case (or is {@code null}, for
 * any description). A server that sends the text as the code instead, as Salesforce may
 * with {@code LOGIN_RATE_EXCEEDED}, is matched too. The first constant that applies wins:
 * the provider's own texts come before the generic codes.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
enum JwtBearerErrorHint {

	// Salesforce: "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration"

	/**
	 * Salesforce: the subject may not use the app.
	 */
	SALESFORCE_USER_NOT_APPROVED("Salesforce", "invalid_grant", "user hasn't approved this consumer",
			"the subject is not pre-authorized for the connected app (no profile or permission set of the user is "
					+ "assigned to it, or Permitted Users is still 'All users may self-authorize'), or the username "
					+ "does not exist in the org that token-uri reaches",
			"in Setup, set the app's Permitted Users to 'Admin approved users are pre-authorized' and add the "
					+ "user's profile or a permission set of the user; check that subject is a username of that org "
					+ "(sandbox usernames end with the sandbox name)"),

	/**
	 * Salesforce: the assertion's {@code aud} is not the org's login server.
	 */
	SALESFORCE_AUDIENCE_INVALID("Salesforce", "invalid_grant", "audience is invalid",
			"the assertion's aud is not the login server of this kind of org: production and developer orgs want "
					+ "https://login.salesforce.com, sandboxes https://test.salesforce.com, whatever the token-uri",
			"set provider to salesforce for production or salesforce-sandbox for a sandbox; for an Experience Cloud "
					+ "site set audience to the site's URL"),

	/**
	 * Salesforce: the signature does not verify with the app's certificate.
	 */
	SALESFORCE_INVALID_ASSERTION("Salesforce", "invalid_grant", "invalid assertion",
			"the assertion's signature does not verify with the certificate uploaded to the connected app (another "
					+ "key, or a certificate that was replaced or has expired), or the assertion is not RS256",
			"upload the certificate of the private-key to the app ('Use digital signatures'), or set certificate "
					+ "so that startup checks that key and certificate belong together; renew an expired certificate"),

	/**
	 * Salesforce: the assertion's {@code exp} is past, or too far away.
	 */
	SALESFORCE_EXPIRED_AUTHORIZATION_CODE("Salesforce", "invalid_grant", "expired authorization code",
			"the assertion's exp is past or more than 3 minutes away as Salesforce sees it: this host's clock is "
					+ "off",
			"synchronise this host's clock (NTP); keep assertion-lifetime at 3 minutes or less"),

	/**
	 * Salesforce: the app admits pre-authorized users only, and the subject is not one.
	 */
	SALESFORCE_USER_NOT_ADMIN_APPROVED("Salesforce", "invalid_app_access",
			"user is not admin approved to access this app",
			"the app admits pre-authorized users only and neither the subject's profile nor a permission set of "
					+ "the subject is assigned to it",
			"in Setup, open the app's policies (Manage) and add the user's profile or a permission set of the "
					+ "user"),

	/**
	 * Salesforce: {@code client-id} is not the consumer key of an app of the org.
	 */
	SALESFORCE_CLIENT_ID_INVALID("Salesforce", "invalid_client_id", "client identifier invalid",
			"client-id is not the consumer key of an app in the org that token-uri reaches (production and each "
					+ "sandbox are separate orgs), or a new app has not reached every Salesforce server yet",
			"copy the consumer key from the App Manager of that org into client-id; after creating an app, wait "
					+ "up to 10 minutes"),

	/**
	 * Salesforce: the external client app lives in another org.
	 */
	SALESFORCE_EXTERNAL_CLIENT_APP_NOT_INSTALLED("Salesforce", null, "External client app is not installed in this org",
			"client-id belongs to an external client app that is not installed (or not enabled) in the org that "
					+ "token-uri reaches, for example one created in a packaging or another org",
			"install and enable the external client app in this org (Setup, External Client App Manager), or set "
					+ "token-uri and provider to the org where it is installed"),

	/**
	 * Salesforce: the subject logged in too often.
	 */
	SALESFORCE_LOGIN_RATE_EXCEEDED("Salesforce", null, "LOGIN_RATE_EXCEEDED",
			"the subject logged in more often than Salesforce allows (3,600 logins an hour per user): tokens are "
					+ "requested instead of reused",
			"let the starter's OAuth2AuthorizedClientManager bean hand out tokens (do not build a manager or a "
					+ "provider per call), do not evict tokens on every call, and do not set token-lifetime below "
					+ "the app's session timeout; the limit resets within the hour"),

	/**
	 * Salesforce: the request's {@code grant_type} is not the JWT bearer grant.
	 */
	SALESFORCE_GRANT_TYPE_NOT_SUPPORTED("Salesforce", "unsupported_grant_type", "grant type not supported",
			"the request's grant_type was not urn:ietf:params:oauth:grant-type:jwt-bearer; the starter always sends "
					+ "it",
			"look for a proxy, or a custom token response client or parameters converter, that changed the request"),

	// Google: "Using OAuth 2.0 for Server to Server Applications"

	/**
	 * Google: the signature does not verify with the service account's keys.
	 */
	GOOGLE_INVALID_JWT_SIGNATURE("Google", "invalid_grant", "Invalid JWT Signature.",
			"the service account key was deleted or disabled, or the private-key is not a key of the service "
					+ "account in client-id",
			"create a new JSON key for the service account and set credentials-file to it"),

	/**
	 * Google: the assertion's {@code iat} or {@code exp} is outside what Google accepts.
	 */
	GOOGLE_TOKEN_NOT_SHORT_LIVED("Google", "invalid_grant", "Invalid JWT: Token must be a short-lived token",
			"the assertion's iat or exp is outside Google's window (an assertion lives at most 60 minutes): this "
					+ "host's clock is off, or assertion-lifetime is above one hour",
			"synchronise this host's clock (NTP); keep assertion-lifetime at one hour or less"),

	/**
	 * Google: the subject is not a user of the Workspace domain.
	 */
	GOOGLE_INVALID_EMAIL_OR_USER_ID("Google", "invalid_grant", "Invalid email or User ID",
			"subject is not a user of the Google Workspace domain",
			"set subject to the email address of an existing user of the domain, or remove it to act as the "
					+ "service account itself"),

	/**
	 * Google: domain-wide delegation is missing, or does not cover the scopes.
	 */
	GOOGLE_CLIENT_UNAUTHORIZED("Google", "unauthorized_client",
			"Client is unauthorized to retrieve access tokens using this method",
			"domain-wide delegation is not granted to the service account's client ID, or does not list every "
					+ "requested scope",
			"in the Workspace admin console (Security, API controls, Domain-wide delegation) add the client ID "
					+ "with every scope of the registration"),

	// RFC 6749 section 5.2, RFC 7521 section 4.1.1, RFC 7523 section 3.1

	/**
	 * RFC 6749: the request is malformed.
	 */
	INVALID_REQUEST("RFC 6749", "invalid_request", null,
			"the token request misses a parameter, repeats one or has a value the server does not accept",
			"check scope and claims; look for a proxy or a custom token response client that changed the request"),

	/**
	 * RFC 6749: client authentication failed.
	 */
	INVALID_CLIENT("RFC 6749", "invalid_client", null,
			"the server does not know client-id, the client-secret is wrong, or the server expects another "
					+ "client-authentication-method",
			"check client-id, client-secret and client-authentication-method against the client at the server"),

	/**
	 * RFC 7521 and RFC 7523: the assertion was refused.
	 */
	INVALID_GRANT("RFC 7523", "invalid_grant", null,
			"the server refused the assertion: its signature does not verify with the key the server holds, iss, "
					+ "sub or aud is not what the server expects, or it is expired or not yet valid",
			"give the server the certificate or public key of the signing key; check issuer, subject and audience "
					+ "against the server's settings, and this host's clock"),

	/**
	 * RFC 6749: the client may not use this grant.
	 */
	UNAUTHORIZED_CLIENT("RFC 6749", "unauthorized_client", null,
			"the client is not allowed to use the JWT bearer grant, or to ask for these scopes",
			"enable the grant urn:ietf:params:oauth:grant-type:jwt-bearer (and the scopes) for the client at the "
					+ "server"),

	/**
	 * RFC 6749: the server does not support the JWT bearer grant here.
	 */
	UNSUPPORTED_GRANT_TYPE("RFC 6749", "unsupported_grant_type", null,
			"the server does not support the grant urn:ietf:params:oauth:grant-type:jwt-bearer at this endpoint",
			"check token-uri, and enable the JWT bearer grant at the server"),

	/**
	 * RFC 6749: a scope is unknown or not allowed.
	 */
	INVALID_SCOPE("RFC 6749", "invalid_scope", null,
			"a requested scope is unknown, malformed or more than the client may have",
			"correct the scope list of the registration"),

	/**
	 * RFC 6749: the server failed.
	 */
	SERVER_ERROR("RFC 6749", "server_error", null,
			"the token endpoint failed; the request is tried again with backoff, a bounded number of times, before it gives up",
			"try again later and check the provider's status page; the retries are set under jwt-bearer.retry"),

	/**
	 * RFC 6749: the server is overloaded or down for maintenance.
	 */
	TEMPORARILY_UNAVAILABLE("RFC 6749", "temporarily_unavailable", null,
			"the token endpoint is overloaded or down for maintenance; the request is tried again, honouring "
					+ "Retry-After, before it gives up",
			"try again later; the retries are set under jwt-bearer.retry"),

	// Faults on the way to the token endpoint, and answers that are not token responses

	/**
	 * Nothing listens at the token endpoint's host and port.
	 */
	CONNECTION_REFUSED(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "connection refused",
			"nothing listens at the host and port of token-uri",
			"check token-uri; check that the token endpoint is reachable from this host (proxy, firewall)"),

	/**
	 * No connection within the connect timeout.
	 */
	CONNECT_TIMEOUT(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "within the connect-timeout",
			"the host of token-uri did not accept a connection in time: a firewall drops the packets, or the host "
					+ "is down or far away",
			"check the network path to token-uri (proxy, firewall), or raise connect-timeout"),

	/**
	 * No answer within the read timeout.
	 */
	READ_TIMEOUT(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "within the read-timeout",
			"the token endpoint accepted the connection but did not answer in time",
			"try again later, or raise read-timeout"),

	/**
	 * The token endpoint's host name does not resolve.
	 */
	UNKNOWN_HOST(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "unknown host",
			"the host name of token-uri does not resolve", "check the host of token-uri, and this host's DNS"),

	/**
	 * The TLS handshake failed.
	 */
	TLS_HANDSHAKE_FAILED(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "TLS handshake",
			"the token endpoint's certificate is not trusted (a private CA, a TLS-inspecting proxy), it wants a "
					+ "client certificate, or client and server share no protocol",
			"set token-endpoint-ssl-bundle to an SSL bundle whose trust store holds the CA of the token endpoint "
					+ "(and whose key is the client certificate's, for mutual TLS), or add the CA to the JVM's trust store"),

	/**
	 * Another I/O error.
	 */
	IO_ERROR(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "I/O error",
			"the connection to the token endpoint failed or was closed before a whole answer arrived",
			"try again; check proxies and load balancers between this host and token-uri"),

	/**
	 * The token endpoint redirected.
	 */
	REDIRECT(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "a redirect",
			"token-uri is not the token endpoint itself: redirects are not followed, so that the assertion is "
					+ "never sent elsewhere",
			"set token-uri to the location the redirect names, when it is the provider's token endpoint"),

	/**
	 * No token endpoint at that path.
	 */
	NOT_FOUND(null, null, "answered HTTP 404", "token-uri names no token endpoint",
			"correct the path of token-uri (Salesforce: /services/oauth2/token; Google: /token)"),

	/**
	 * An error status without an OAuth error.
	 */
	NO_OAUTH_ERROR(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "and no OAuth error",
			"something other than the authorization server answered (a proxy, gateway or web server), or token-uri "
					+ "names another service",
			"check token-uri and any proxy between this host and the token endpoint"),

	/**
	 * A body that is larger than the starter reads.
	 */
	TOO_LARGE(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "larger than 64 KB",
			"the answer is far larger than any token response: token-uri names another service", "check token-uri"),

	/**
	 * A body that is not JSON.
	 */
	NOT_JSON(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "not a JSON",
			"the answer is not the JSON of a token response (RFC 6749 section 5.1): token-uri names a web page, or "
					+ "a proxy answered",
			"check token-uri and any proxy between this host and the token endpoint"),

	/**
	 * A response without an access token.
	 */
	NO_ACCESS_TOKEN(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "no access_token",
			"the answer is JSON but holds no access_token: token-uri names another service, or the server "
					+ "answers this grant differently",
			"check token-uri and the grant's settings at the server"),

	/**
	 * A token that is not a bearer token.
	 */
	NOT_BEARER(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, "token_type",
			"the token is not a Bearer token (RFC 6750), the only type the starter sends",
			"configure the client at the server to issue Bearer tokens"),

	/**
	 * Any other answer that is not a token response.
	 */
	INVALID_TOKEN_RESPONSE(null, JwtBearerTokens.INVALID_TOKEN_RESPONSE, null,
			"the token endpoint's answer could not be used as a token response",
			"check token-uri; the error_description says what was wrong");

	private final @Nullable String provider;

	private final @Nullable String errorCode;

	private final @Nullable String description;

	private final String meaning;

	private final String action;

	JwtBearerErrorHint(@Nullable String provider, @Nullable String errorCode, @Nullable String description,
			String meaning, String action) {
		this.provider = provider;
		this.errorCode = errorCode;
		this.description = description;
		this.meaning = meaning;
		this.action = action;
	}

	/**
	 * Return the hint of an error: the first constant that applies to it.
	 * @param error the OAuth error
	 * @return the hint, or {@code null} when none applies
	 */
	public static @Nullable JwtBearerErrorHint of(OAuth2Error error) {
		Assert.notNull(error, "error cannot be null");
		for (JwtBearerErrorHint hint : values()) {
			if (hint.appliesTo(error)) {
				return hint;
			}
		}
		return null;
	}

	/**
	 * Return whether the hint applies to an error.
	 * @param error the OAuth error
	 * @return whether its code and description fit
	 */
	public boolean appliesTo(OAuth2Error error) {
		String code = error.getErrorCode();
		String text = error.getDescription();
		if (this.errorCode == null && this.description != null && contains(code, this.description)) {
			// the text sent as the code
			return true;
		}
		return (this.errorCode == null || this.errorCode.equalsIgnoreCase(code))
				&& (this.description == null || contains(text, this.description));
	}

	private static boolean contains(@Nullable String text, String fragment) {
		return text != null && text.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return who sends the error: {@code Salesforce}, {@code Google}, the RFC that
	 * defines the code, or {@code null} for faults on the way to the token endpoint.
	 * @return the provider, or {@code null}
	 */
	public @Nullable String getProvider() {
		return this.provider;
	}

	/**
	 * Return the OAuth {@code error} the hint applies to.
	 * @return the error code, or {@code null} for any code
	 */
	public @Nullable String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Return the text of the {@code error_description} the hint applies to, as the server
	 * sends it.
	 * @return the description, or {@code null} for any description
	 */
	public @Nullable String getDescription() {
		return this.description;
	}

	/**
	 * Return what the error usually means.
	 * @return the usual cause
	 */
	public String getMeaning() {
		return this.meaning;
	}

	/**
	 * Return what to change.
	 * @return the fix
	 */
	public String getAction() {
		return this.action;
	}

}
