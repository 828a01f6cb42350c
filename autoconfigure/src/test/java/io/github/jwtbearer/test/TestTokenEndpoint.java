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

package io.github.jwtbearer.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * Token endpoint responses for a {@code MockWebServer}, and what tests read from the
 * token requests it records.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class TestTokenEndpoint {

	/**
	 * The {@code instance_url} of {@link #salesforceResponse(String)}.
	 */
	public static final String INSTANCE_URL = "https://acme.my.salesforce.com";

	/**
	 * The {@code id} of {@link #salesforceResponse(String)}.
	 */
	public static final String IDENTITY_URL = "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS";

	/**
	 * The {@code issued_at} of {@link #salesforceResponse(String)}.
	 */
	public static final String ISSUED_AT = "1772360130000";

	private TestTokenEndpoint() {
	}

	/**
	 * A response shaped like Salesforce's to the JWT bearer grant: no {@code expires_in},
	 * no refresh token, {@code instance_url}, {@code id}, {@code issued_at} (epoch
	 * milliseconds, as a string), {@code scope} and {@code signature}.
	 * @param accessToken the access token
	 * @return the response
	 */
	public static MockResponse salesforceResponse(String accessToken) {
		return json(200, """
				{"access_token":"%s","scope":"web api","instance_url":"%s","id":"%s","token_type":"Bearer",\
				"issued_at":"%s","signature":"d2lxc3RhbmRpbmcgc2lnbmF0dXJlIGZvciB0ZXN0cw=="}""".formatted(accessToken,
				INSTANCE_URL, IDENTITY_URL, ISSUED_AT));
	}

	/**
	 * A standard token response with {@code expires_in}.
	 * @param accessToken the access token
	 * @param expiresIn the {@code expires_in} value in seconds
	 * @return the response
	 */
	public static MockResponse responseWithExpiresIn(String accessToken, long expiresIn) {
		return json(200, """
				{"access_token":"%s","token_type":"Bearer","expires_in":%d}""".formatted(accessToken, expiresIn));
	}

	/**
	 * Salesforce's answer when the user has not approved the connected app (RFC 6749
	 * section 5.2).
	 * @return the response
	 */
	public static MockResponse invalidGrantResponse() {
		return json(400, """
				{"error":"invalid_grant","error_description":"user hasn't approved this consumer"}""");
	}

	/**
	 * A JSON response.
	 * @param status the status code
	 * @param body the JSON body
	 * @return the response
	 */
	public static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json;charset=UTF-8")
			.setHeader("Cache-Control", "no-store")
			.body(body)
			.build();
	}

	/**
	 * Decode the {@code application/x-www-form-urlencoded} body of a token request.
	 * @param request the recorded request
	 * @return the parameters, in order
	 */
	public static Map<String, String> formParameters(RecordedRequest request) {
		ByteString body = request.getBody();
		Map<String, String> parameters = new LinkedHashMap<>();
		if (body == null || body.size() == 0) {
			return parameters;
		}
		Arrays.stream(body.utf8().split("&")).forEach((pair) -> {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair, StandardCharsets.UTF_8);
			String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
			if (parameters.put(name, value) != null) {
				throw new AssertionError("Parameter " + name + " sent twice");
			}
		});
		return parameters;
	}

}
