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

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The check of a token response's {@code instance_url} before the token is stored: the
 * token and the request bodies go there, so it must be https (loopback aside), carry no
 * user information, and name a host the registration allows.
 *
 * @author JWT Bearer for Spring contributors
 */
final class InstanceUrlCheck {

	private InstanceUrlCheck() {
	}

	/**
	 * Refuse a token response whose {@code instance_url} the token must not be sent to.
	 * @param registration the registration the token was requested for
	 * @param tokenResponse the token response
	 * @throws ClientAuthorizationException with error {@code invalid_token_response} and
	 * a message naming what is wrong with {@code instance_url} (never the token)
	 */
	static void check(JwtBearerRegistration registration, OAuth2AccessTokenResponse tokenResponse) {
		Object instanceUrl = tokenResponse.getAdditionalParameters().get(JwtBearerAuthorizedClient.INSTANCE_URL);
		if (instanceUrl == null) {
			return;
		}
		String problem = problem(instanceUrl, registration.getInstanceUrlHosts());
		if (problem == null) {
			return;
		}
		String description = "the instance_url of the token response " + problem;
		OAuth2Error error = new OAuth2Error(JwtBearerTokens.INVALID_TOKEN_RESPONSE, description, null);
		throw new ClientAuthorizationException(error, registration.getRegistrationId(),
				"Token request of registration '" + registration.getRegistrationId() + "' failed: " + description
						+ "; the token was not stored, and no request was sent with it");
	}

	private static @Nullable String problem(Object value, Set<String> allowedHosts) {
		URI uri = uri(value);
		if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
			return "is not an absolute URL with a host";
		}
		// never echoed: user information may hold a password
		if (uri.getRawUserInfo() != null) {
			return "carries user information before its host (user@host), which an API base URL never has";
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = JwtBearerTokens.printable(uri.getHost().toLowerCase(Locale.ROOT));
		// loopback: local development and tests, as for the token-uri
		if (isLoopback(host)) {
			return ("http".equals(scheme) || "https".equals(scheme)) ? null
					: "uses " + JwtBearerTokens.printable(scheme) + ", not https";
		}
		if (!"https".equals(scheme)) {
			return "uses " + JwtBearerTokens.printable(scheme) + " on host '" + host
					+ "', which would send the access token in clear text; it must use https "
					+ "(plain http is accepted for loopback addresses only)";
		}
		if (!allowedHosts.isEmpty() && !isAllowed(host, allowedHosts)) {
			return "names host '" + host + "', which is under none of the allowed domains " + allowedHosts
					+ "; if the org's APIs are served from that host, add it to the registration's instance URL "
					+ "hosts (with the starter: jwt-bearer.registration.<id>.instance-url-hosts)";
		}
		return null;
	}

	private static @Nullable URI uri(Object value) {
		if (!(value instanceof String text)) {
			return null;
		}
		try {
			return new URI(text);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	// a domain admits itself and its subdomains: salesforce.com admits
	// acme.my.salesforce.com, never evilsalesforce.com
	private static boolean isAllowed(String host, Set<String> allowedHosts) {
		for (String allowed : allowedHosts) {
			if (host.equals(allowed) || host.endsWith("." + allowed)) {
				return true;
			}
		}
		return false;
	}

	static boolean isLoopback(String host) {
		if ("localhost".equals(host)) {
			return true;
		}
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		// only IP literals are judged: a name is never resolved here
		if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
			return false;
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
