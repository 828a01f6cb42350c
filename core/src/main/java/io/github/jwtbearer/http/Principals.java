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

import org.springframework.http.HttpRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

/**
 * The principal of a RestClient request, resolved as Spring Security's
 * {@link OAuth2ClientHttpRequestInterceptor} does, so that a token is looked up and
 * evicted under the name it was stored with.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Principals {

	// the same as OAuth2ClientHttpRequestInterceptor's
	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("anonymous", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private Principals() {
	}

	static Authentication resolve(OAuth2ClientHttpRequestInterceptor.PrincipalResolver principalResolver,
			HttpRequest request) {
		Authentication principal = principalResolver.resolve(request);
		return (principal != null) ? principal : ANONYMOUS;
	}

}
