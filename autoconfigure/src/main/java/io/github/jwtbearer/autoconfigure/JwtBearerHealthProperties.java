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

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the health of JWT bearer registrations.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@ConfigurationProperties("management.health.jwtbearer")
public class JwtBearerHealthProperties {

	/**
	 * Whether a registration that cannot obtain a token reports DOWN, which turns the
	 * application's root health DOWN. Off by default: it then reports TOKEN_FAILURE, a
	 * status the root health leaves out.
	 */
	private boolean downOnFailure;

	private final ActiveCheck activeCheck = new ActiveCheck();

	public boolean isDownOnFailure() {
		return this.downOnFailure;
	}

	public void setDownOnFailure(boolean downOnFailure) {
		this.downOnFailure = downOnFailure;
	}

	public ActiveCheck getActiveCheck() {
		return this.activeCheck;
	}

	/**
	 * Health requests that obtain a token when none is valid.
	 */
	public static class ActiveCheck {

		/**
		 * Whether a health request obtains a token when the registration has no valid
		 * one. Off by default: health then only reports the last token request.
		 */
		private boolean enabled;

		/**
		 * Shortest time between two token requests of the active check of a registration.
		 */
		private Duration minInterval = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(Duration minInterval) {
			this.minInterval = minInterval;
		}

	}

}
