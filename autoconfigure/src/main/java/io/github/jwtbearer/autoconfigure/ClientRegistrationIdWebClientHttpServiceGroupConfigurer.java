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

import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * A {@link WebClientHttpServiceGroupConfigurer} that turns {@code @ClientRegistrationId}
 * on HTTP service interfaces into the request attribute the OAuth 2.0 filter reads. The
 * filter itself reaches the groups' clients through {@link JwtBearerWebClientCustomizer},
 * as Spring Boot applies {@code WebClientCustomizer}s to them.
 *
 * @author JWT Bearer for Spring contributors
 */
final class ClientRegistrationIdWebClientHttpServiceGroupConfigurer implements WebClientHttpServiceGroupConfigurer {

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		groups.forEachProxyFactory(
				(group, factory) -> factory.httpRequestValuesProcessor(ClientRegistrationIdProcessor.DEFAULT_INSTANCE));
	}

}
