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

package io.github.jwtbearer.client.endpoint;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.MultiValueMap;

/**
 * Masks the assertion and a client secret in the form of a token request where they are
 * shown, and sends them as they are: Spring Framework's RestClient logs the request body
 * at DEBUG with its {@code toString()}.
 *
 * @author JWT Bearer for Spring contributors
 */
final class SecretMaskingParametersCustomizer implements Consumer<MultiValueMap<String, String>> {

	private static final List<String> SECRET_PARAMETERS = List.of(OAuth2ParameterNames.ASSERTION,
			OAuth2ParameterNames.CLIENT_SECRET, OAuth2ParameterNames.CLIENT_ASSERTION);

	@Override
	public void accept(MultiValueMap<String, String> parameters) {
		for (String name : SECRET_PARAMETERS) {
			List<String> values = parameters.get(name);
			if (values != null) {
				parameters.put(name, new MaskedValues(values, OAuth2ParameterNames.CLIENT_SECRET.equals(name)));
			}
		}
	}

	/**
	 * Values of a form parameter that are sent as they are and shown masked: the first 4
	 * characters and the length of an assertion, only the length of a secret.
	 */
	private static final class MaskedValues extends ArrayList<String> {

		@Serial
		private static final long serialVersionUID = 1L;

		private final boolean secret;

		MaskedValues(List<String> values, boolean secret) {
			super(values);
			this.secret = secret;
		}

		@Override
		public boolean equals(Object other) {
			return super.equals(other);
		}

		@Override
		public int hashCode() {
			return super.hashCode();
		}

		@Override
		public String toString() {
			return stream()
				.map((value) -> this.secret ? "(" + value.length() + " characters)" : TokenResponseErrors.mask(value))
				.toList()
				.toString();
		}

	}

}
