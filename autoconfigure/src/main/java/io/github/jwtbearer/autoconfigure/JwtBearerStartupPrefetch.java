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

import java.util.List;
import java.util.concurrent.Executor;

import io.github.jwtbearer.client.JwtBearerSubjectResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.util.StringUtils;

/**
 * Obtains the tokens of the registrations with {@code prefetch-on-startup} once the
 * application context has started, in the background, through the manager: the token
 * lands in the store as any other, and the first call finds it there. A failure is logged
 * once and never fails or delays startup: the first call then asks as usual.
 * <p>
 * Only the configured subject is prefetched: where a {@link JwtBearerSubjectResolver}
 * picks another one for a call made outside any request, the registration is skipped.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerStartupPrefetch implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JwtBearerStartupPrefetch.class);

	// the principal outside an authenticated request, as Spring Security's interceptor
	// and filter use it
	private static final AnonymousAuthenticationToken ANONYMOUS = new AnonymousAuthenticationToken("anonymous",
			"anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final List<String> registrationIds;

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final @Nullable JwtBearerSubjectResolver subjectResolver;

	private Executor executor = (task) -> {
		Thread thread = new Thread(task, "jwt-bearer-prefetch");
		thread.setDaemon(true);
		thread.start();
	};

	private volatile boolean running;

	/**
	 * Create the prefetch of the given registrations.
	 * @param registrationIds the ids of the registrations with
	 * {@code prefetch-on-startup}
	 * @param authorizedClientManager the manager that obtains and stores the tokens
	 * @param subjectResolver the application's subject resolver, or {@code null}
	 */
	JwtBearerStartupPrefetch(List<String> registrationIds, OAuth2AuthorizedClientManager authorizedClientManager,
			@Nullable JwtBearerSubjectResolver subjectResolver) {
		this.registrationIds = List.copyOf(registrationIds);
		this.authorizedClientManager = authorizedClientManager;
		this.subjectResolver = subjectResolver;
	}

	@Override
	public void start() {
		this.running = true;
		// each registration on its own: an endpoint that is down delays no other
		for (String registrationId : this.registrationIds) {
			this.executor.execute(() -> prefetch(registrationId));
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// last to start: after the web server, with every other bean ready
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	void setExecutor(Executor executor) {
		this.executor = executor;
	}

	private void prefetch(String registrationId) {
		try {
			OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
				.principal(ANONYMOUS)
				.build();
			if (this.subjectResolver != null && StringUtils.hasText(this.subjectResolver.resolveSubject(request))) {
				logger.debug(LogMessage.format("No prefetch on startup for JWT bearer registration '%s': "
						+ "the subject resolver picks the subject per call", registrationId));
				return;
			}
			this.authorizedClientManager.authorize(request);
			logger.debug(LogMessage.format("Prefetched the token of JWT bearer registration '%s'", registrationId));
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage
				.format("Prefetch on startup of JWT bearer registration '%s' failed; the first call asks for the token "
						+ "again: %s", registrationId, ex.getMessage()));
		}
	}

}
