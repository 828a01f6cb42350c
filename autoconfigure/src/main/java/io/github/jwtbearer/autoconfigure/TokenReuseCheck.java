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

import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Warns, once per registration at startup, when {@code token-lifetime} is no longer than
 * {@code clock-skew} plus {@code refresh-before-expiry}: as configured, every token would
 * count as due on arrival and every call would be a token request. The managers shrink
 * the two to half of a token's lifetime instead (core's {@code RenewalWindow}); the
 * warning says so, with the times that follow.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenReuseCheck {

	private static final Log logger = LogFactory.getLog(TokenReuseCheck.class);

	// the share of a token's lifetime that clock skew and renewal margin take at most, as
	// the managers judge it
	private static final int MAX_SHARE_DIVISOR = 2;

	private TokenReuseCheck() {
	}

	/**
	 * Warn when the registration's configured times leave a token no reuse.
	 * @param registration the registration
	 */
	static void check(JwtBearerRegistration registration) {
		Duration lifetime = registration.getTokenLifetime();
		Duration skew = registration.getClockSkew();
		Duration refresh = registration.getRefreshBeforeExpiry();
		Duration window = skew.plus(refresh);
		if (window.isZero() || window.compareTo(lifetime) < 0) {
			return;
		}
		Duration max = lifetime.dividedBy(MAX_SHARE_DIVISOR);
		Duration scaledSkew = Duration
			.ofMillis(Math.round(skew.toMillis() * ((double) max.toMillis() / window.toMillis())));
		String id = registration.getRegistrationId();
		logger.warn(LogMessage.format(
				"JWT bearer registration '%s': token-lifetime (%s) is not longer than clock-skew (%s) plus "
						+ "refresh-before-expiry (%s), which would make every call a token request. Instead, the "
						+ "two are shrunk to half of each token's lifetime: a token of %s serves alone for %s, is "
						+ "renewed in the background from then on, and is replaced after %s. Set %s to the "
						+ "provider's session timeout, or lower %s and %s",
				id, format(lifetime), format(skew), format(refresh), format(lifetime), format(lifetime.minus(max)),
				format(lifetime.minus(scaledSkew)),
				InvalidJwtBearerRegistrationException.propertyName(id, "token-lifetime"),
				InvalidJwtBearerRegistrationException.propertyName(id, "clock-skew"),
				InvalidJwtBearerRegistrationException.propertyName(id, "refresh-before-expiry")));
	}

	// as the properties are written: 90s, 2m, 500ms
	static String format(Duration duration) {
		if (duration.toMillis() % 1000 != 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		if (seconds != 0 && seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds != 0 && seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

}
