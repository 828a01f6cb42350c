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

import java.net.URI;
import java.net.URISyntaxException;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.util.StringUtils;

/**
 * Resolves a relative request URI against the {@code instance_url} of a token.
 *
 * @author JWT Bearer for Spring contributors
 */
final class InstanceUrls {

	private InstanceUrls() {
	}

	// RFC 3986 section 4.2: a relative reference without an authority ("/services/...");
	// a network-path reference ("//host/...") names its own host and is left alone
	static boolean isRelative(URI uri) {
		return uri.getScheme() == null && uri.getRawAuthority() == null;
	}

	/**
	 * Return the URI of the request at the token's {@code instance_url}: its scheme,
	 * authority and path prefix, followed by the path, query and fragment of the relative
	 * URI exactly as they were encoded.
	 * @param registrationId the registration the token belongs to
	 * @param authorizedClient the authorized client holding the token and its
	 * {@code instance_url}
	 * @param relative the relative URI of the request
	 * @return the absolute URI
	 */
	static URI resolve(String registrationId, @Nullable OAuth2AuthorizedClient authorizedClient, URI relative) {
		URI instanceUrl = instanceUrl(registrationId, authorizedClient);
		StringBuilder uri = new StringBuilder();
		uri.append(instanceUrl.getScheme()).append("://").append(instanceUrl.getRawAuthority());
		uri.append(trimTrailingSlash(instanceUrl.getRawPath()));
		String path = relative.getRawPath();
		if (StringUtils.hasLength(path)) {
			uri.append(path.startsWith("/") ? "" : "/").append(path);
		}
		if (relative.getRawQuery() != null) {
			uri.append('?').append(relative.getRawQuery());
		}
		if (relative.getRawFragment() != null) {
			uri.append('#').append(relative.getRawFragment());
		}
		return URI.create(uri.toString());
	}

	private static URI instanceUrl(String registrationId, @Nullable OAuth2AuthorizedClient authorizedClient) {
		if (authorizedClient == null) {
			throw new IllegalStateException("Cannot send a request with a relative URI for registration '"
					+ registrationId + "': no access token was obtained, so there is no instance_url to send it to");
		}
		if (!(authorizedClient instanceof JwtBearerAuthorizedClient jwtBearerAuthorizedClient)) {
			throw new IllegalStateException("Cannot send a request with a relative URI for registration '"
					+ registrationId + "': the authorized client manager returned a plain OAuth2AuthorizedClient, "
					+ "without the token response's instance_url; store tokens in an OAuth2AuthorizedClientService "
					+ "that returns the instance it was given, such as BoundedInMemoryOAuth2AuthorizedClientService "
					+ "(Spring Security's InMemoryOAuth2AuthorizedClientService returns copies)");
		}
		String instanceUrl = jwtBearerAuthorizedClient.getInstanceUrl();
		if (!StringUtils.hasText(instanceUrl)) {
			throw new IllegalStateException("Cannot send a request with a relative URI for registration '"
					+ registrationId + "': the token response had no instance_url; give the client a base URL "
					+ "or use absolute URIs");
		}
		try {
			URI uri = new URI(instanceUrl);
			if (uri.getScheme() != null && uri.getRawAuthority() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw new IllegalStateException("Cannot send a request with a relative URI for registration '" + registrationId
				+ "': the instance_url of the token response, '" + instanceUrl + "', is not an absolute URL");
	}

	private static String trimTrailingSlash(@Nullable String path) {
		if (path == null) {
			return "";
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

}
