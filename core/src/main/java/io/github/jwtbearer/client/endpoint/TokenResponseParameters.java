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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The parameters of a token response, decoded by the WebClient's JSON decoder, which logs
 * what it decoded at DEBUG with its toString(): tokens show there masked.
 *
 * @author JWT Bearer for Spring contributors
 */
final class TokenResponseParameters extends LinkedHashMap<String, Object> {

	@Serial
	private static final long serialVersionUID = 1L;

	private static final Set<String> TOKENS = Set.of(OAuth2ParameterNames.ACCESS_TOKEN,
			OAuth2ParameterNames.REFRESH_TOKEN, "id_token");

	@Override
	public String toString() {
		Map<String, Object> shown = new LinkedHashMap<>();
		forEach((name, value) -> shown.put(name,
				(TOKENS.contains(name) && value != null) ? TokenResponseErrors.mask(value.toString()) : value));
		return shown.toString();
	}

}
