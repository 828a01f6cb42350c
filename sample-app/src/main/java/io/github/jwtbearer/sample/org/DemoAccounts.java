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

package io.github.jwtbearer.sample.org;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Accounts of the org: a few of Salesforce's own sample records.
 *
 * @author JWT Bearer for Spring contributors
 */
final class DemoAccounts {

	/**
	 * The fields an Account has here, as SOQL names them.
	 */
	static final List<String> FIELDS = List.of("Id", "Name", "Industry", "BillingCity");

	private static final List<Map<String, String>> accounts = List.of(
			account("001Dn00000AbC1x", "Edge Communications", "Electronics", "Austin"),
			account("001Dn00000AbC2y", "Burlington Textiles Corp of America", "Apparel", "Burlington"),
			account("001Dn00000AbC3z", "Pyramid Construction Inc.", "Construction", "Paris"),
			account("001Dn00000AbC4A", "Grand Hotels & Resorts Ltd", "Hospitality", "Chicago"),
			account("001Dn00000AbC5B", "United Oil & Gas Corp.", "Energy", "New York"));

	private DemoAccounts() {
	}

	private static Map<String, String> account(String id15, String name, String industry, String billingCity) {
		Map<String, String> account = new LinkedHashMap<>();
		account.put("Id", SalesforceIds.to18(id15));
		account.put("Name", name);
		account.put("Industry", industry);
		account.put("BillingCity", billingCity);
		return account;
	}

	/**
	 * Return every Account, each a map of field to value in {@link #FIELDS} order.
	 * @return the accounts
	 */
	static List<Map<String, String>> all() {
		return accounts;
	}

	/**
	 * Find an Account by its 15- or 18-character id.
	 * @param id the id
	 * @return the account, if any
	 */
	static Optional<Map<String, String>> find(String id) {
		String id18 = (id.length() == 15) ? SalesforceIds.to18(id) : id;
		return accounts.stream().filter((account) -> id18.equalsIgnoreCase(account.get("Id"))).findFirst();
	}

}
