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

package io.github.jwtbearer.benchmarks;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Token responses shaped like Salesforce's to the JWT bearer grant, each with a new
 * access token of a real one's length.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Responses {

	private Responses() {
	}

	/**
	 * A token response: {@code access_token}, {@code scope}, {@code instance_url},
	 * {@code id}, {@code token_type}, {@code issued_at}, {@code signature}, and
	 * {@code expires_in} if asked for.
	 * @param count the number of the response, part of the token
	 * @param userId the Salesforce user id, part of the {@code id} URL
	 * @param instanceUrl the {@code instance_url}
	 * @param expiresIn whether to add {@code expires_in: 3600}
	 * @return the JSON text
	 */
	static String tokenResponse(int count, String userId, String instanceUrl, boolean expiresIn) {
		// a Salesforce session id: the org id, '!' and about 96 characters
		String accessToken = "00Dxx0000001gPL!AQ" + count + "." + random(72);
		return "{\"access_token\":\"" + accessToken + "\",\"scope\":\"web api\",\"instance_url\":\"" + instanceUrl
				+ "\",\"id\":\"https://login.salesforce.com/id/00Dxx0000001gPLEAY/" + userId
				+ "\",\"token_type\":\"Bearer\",\"issued_at\":\"" + System.currentTimeMillis() + "\",\"signature\":\""
				+ random(32) + "\"" + (expiresIn ? ",\"expires_in\":3600" : "") + "}";
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
