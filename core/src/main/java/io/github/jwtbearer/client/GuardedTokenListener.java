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

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * A {@link JwtBearerTokenListener} that keeps the listener it wraps off the token path:
 * whatever it throws (a runtime exception, or a checked one thrown without being
 * declared, as Kotlin allows) is logged once and ignored, so that a broken metric can
 * neither fail a caller nor leave a shared token request unfinished. Only errors the JVM
 * cannot recover from go on.
 *
 * @author JWT Bearer for Spring contributors
 */
final class GuardedTokenListener implements JwtBearerTokenListener {

	private static final Log logger = LogFactory.getLog(GuardedTokenListener.class);

	private final JwtBearerTokenListener delegate;

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	private GuardedTokenListener(JwtBearerTokenListener delegate) {
		this.delegate = delegate;
	}

	static JwtBearerTokenListener of(JwtBearerTokenListener listener) {
		return (listener instanceof GuardedTokenListener) ? listener : new GuardedTokenListener(listener);
	}

	@Override
	public void cacheHit(JwtBearerRegistration registration) {
		guard(() -> this.delegate.cacheHit(registration));
	}

	@Override
	public void sharedTokenRequest(JwtBearerRegistration registration) {
		guard(() -> this.delegate.sharedTokenRequest(registration));
	}

	@Override
	public void tokenObtained(JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
		guard(() -> this.delegate.tokenObtained(registration, subject, authorizedClient, renewal));
	}

	@Override
	public void tokenRequestFailed(JwtBearerRegistration registration, @Nullable String subject, Throwable failure,
			boolean renewal) {
		guard(() -> this.delegate.tokenRequestFailed(registration, subject, failure, renewal));
	}

	@Override
	public void tokenRemoved(JwtBearerRegistration registration, @Nullable String subject) {
		guard(() -> this.delegate.tokenRemoved(registration, subject));
	}

	@Override
	public void clockOffsetDetected(JwtBearerRegistration registration, Duration offset) {
		guard(() -> this.delegate.clockOffsetDetected(registration, offset));
	}

	@Override
	public void tokenLifetimeLearned(JwtBearerRegistration registration, Duration lifetime) {
		guard(() -> this.delegate.tokenLifetimeLearned(registration, lifetime));
	}

	private void guard(Runnable call) {
		try {
			call.run();
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			// once: a listener that fails on every call would otherwise flood the log;
			// the class only, as the listener's message may quote what it was given
			if (this.failureLogged.compareAndSet(false, true)) {
				logger.warn("The JwtBearerTokenListener " + this.delegate.getClass().getName() + " threw "
						+ ex.getClass().getName()
						+ "; it is ignored, and so are its later failures (DEBUG shows them)");
			}
			if (logger.isDebugEnabled()) {
				logger.debug("The JwtBearerTokenListener failed and is ignored", ex);
			}
		}
	}

}
