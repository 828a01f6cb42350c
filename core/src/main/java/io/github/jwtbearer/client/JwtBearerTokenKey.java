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

import java.io.Serial;
import java.util.Map;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.util.StringUtils;

/**
 * The registration and subject a token is cached for; the principal name under which it
 * is stored is derived from it.
 *
 * @param registrationId the registration id
 * @param subject the subject, or {@code null} for assertions without {@code sub}
 * @author JWT Bearer for Spring contributors
 */
record JwtBearerTokenKey(String registrationId, @Nullable String subject) {

	// a Google service account acting as itself has no subject: its tokens are stored
	// under a name in our own namespace, which subjects enter only escaped
	private static final String NAMESPACE = "jwt-bearer:";

	private static final String NO_SUBJECT = NAMESPACE + "no-subject";

	private static final String ESCAPED_SUBJECT = NAMESPACE + "subject:";

	static JwtBearerTokenKey of(JwtBearerRegistration registration, OAuth2AuthorizeRequest authorizeRequest,
			JwtBearerSubjectResolver subjectResolver) {
		String subject = subjectResolver.resolveSubject(authorizeRequest);
		return new JwtBearerTokenKey(registration.getRegistrationId(),
				StringUtils.hasText(subject) ? subject : registration.getSubject());
	}

	// one name per subject: a subject is its own name unless it starts like ours (a
	// subject literally named "jwt-bearer:no-subject" must not share the slot of the
	// subject-less token)
	String principalName() {
		if (this.subject == null) {
			return NO_SUBJECT;
		}
		return this.subject.startsWith(NAMESPACE) ? ESCAPED_SUBJECT + this.subject : this.subject;
	}

	// the provider mints the assertion for the subject in the context
	void addSubjectTo(Map<String, Object> attributes) {
		if (this.subject != null) {
			attributes.put(SignedAssertionOAuth2AuthorizedClientProvider.SUBJECT_ATTRIBUTE_NAME, this.subject);
		}
	}

	// the principal the token is stored for: the subject, not the logged-in user
	Authentication principal() {
		return new SubjectAuthentication(principalName());
	}

	private static final class SubjectAuthentication extends AbstractAuthenticationToken {

		@Serial
		private static final long serialVersionUID = 1L;

		private final String name;

		SubjectAuthentication(String name) {
			super(AuthorityUtils.NO_AUTHORITIES);
			this.name = name;
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.name;
		}

	}

}
