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

package io.github.jwtbearer.sample;

import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * A part of Salesforce's REST API. {@code @ClientRegistrationId} makes every call carry a
 * token of the {@code jwt-bearer.registration.salesforce} registration. No base URL: the
 * calls go to the token's {@code instance_url}.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@ClientRegistrationId("salesforce")
@HttpExchange("/services/data/v62.0")
public interface SalesforceApi {

	/**
	 * Run a SOQL query.
	 * @param soql the query, such as {@code SELECT Id, Name FROM Account}
	 * @return the first batch of records
	 */
	@GetExchange("/query")
	QueryResult query(@RequestParam("q") String soql);

	/**
	 * Read one Account.
	 * @param id the Account's 15- or 18-character id
	 * @return the Account
	 */
	@GetExchange("/sobjects/Account/{id}")
	Account account(@PathVariable String id);

}
