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

import java.time.Duration;
import java.util.List;

import io.github.jwtbearer.client.JwtBearerTokenListener;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * A {@link JwtBearerTokenListener} that tells every listener bean, in order.
 *
 * @author JWT Bearer for Spring contributors
 */
final class CompositeJwtBearerTokenListener implements JwtBearerTokenListener {

	private final List<JwtBearerTokenListener> listeners;

	CompositeJwtBearerTokenListener(List<JwtBearerTokenListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void cacheHit(JwtBearerRegistration registration) {
		this.listeners.forEach((listener) -> listener.cacheHit(registration));
	}

	@Override
	public void sharedTokenRequest(JwtBearerRegistration registration) {
		this.listeners.forEach((listener) -> listener.sharedTokenRequest(registration));
	}

	@Override
	public void tokenObtained(JwtBearerRegistration registration, @Nullable String subject,
			OAuth2AuthorizedClient authorizedClient, boolean renewal) {
		this.listeners.forEach((listener) -> listener.tokenObtained(registration, subject, authorizedClient, renewal));
	}

	@Override
	public void tokenRequestFailed(JwtBearerRegistration registration, @Nullable String subject, Throwable failure,
			boolean renewal) {
		this.listeners.forEach((listener) -> listener.tokenRequestFailed(registration, subject, failure, renewal));
	}

	@Override
	public void tokenRemoved(JwtBearerRegistration registration, @Nullable String subject) {
		this.listeners.forEach((listener) -> listener.tokenRemoved(registration, subject));
	}

	@Override
	public void clockOffsetDetected(JwtBearerRegistration registration, Duration offset) {
		this.listeners.forEach((listener) -> listener.clockOffsetDetected(registration, offset));
	}

	@Override
	public void tokenLifetimeLearned(JwtBearerRegistration registration, Duration lifetime) {
		this.listeners.forEach((listener) -> listener.tokenLifetimeLearned(registration, lifetime));
	}

}
