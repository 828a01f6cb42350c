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

package io.github.jwtbearer.client;

import java.util.regex.Pattern;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The default {@link JwtBearerTokenRequestObservationConvention}: observations named
 * {@value #NAME}, with the low-cardinality keys {@value #REGISTRATION},
 * {@value #PROVIDER}, {@value #OUTCOME} and {@value #ERROR_CODE}. Neither the subject nor
 * anything of the token or assertion becomes a key.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public class DefaultJwtBearerTokenRequestObservationConvention implements JwtBearerTokenRequestObservationConvention {

	/**
	 * The name of the observation, and so of its timer.
	 */
	public static final String NAME = "jwt.bearer.token.request";

	/**
	 * The key of the registration id.
	 */
	public static final String REGISTRATION = "registration";

	/**
	 * The key of the provider name, such as {@code salesforce}.
	 */
	public static final String PROVIDER = "provider";

	/**
	 * The key of the {@link JwtBearerTokenRequestOutcome outcome}.
	 */
	public static final String OUTCOME = "outcome";

	/**
	 * The key of the OAuth error code, {@code none} without one.
	 */
	public static final String ERROR_CODE = "error.code";

	private static final String NONE = "none";

	// RFC 6749 section 5.2: error codes are %x20-21 / %x23-5B / %x5D-7E; a server that
	// answers something longer or stranger must not blow up the number of time series
	private static final Pattern ERROR_CODE_PATTERN = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JwtBearerTokenRequestObservationContext context) {
		return "jwt-bearer token " + context.getRegistration().getRegistrationId();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JwtBearerTokenRequestObservationContext context) {
		return KeyValues.of(registration(context), provider(context), outcome(context), errorCode(context));
	}

	/**
	 * Return the registration id.
	 * @param context the context of the token request
	 * @return the key value
	 */
	protected KeyValue registration(JwtBearerTokenRequestObservationContext context) {
		return KeyValue.of(REGISTRATION, context.getRegistration().getRegistrationId());
	}

	/**
	 * Return the provider name.
	 * @param context the context of the token request
	 * @return the key value
	 */
	protected KeyValue provider(JwtBearerTokenRequestObservationContext context) {
		return KeyValue.of(PROVIDER, context.getRegistration().getProviderName());
	}

	/**
	 * Return the outcome of the token request.
	 * @param context the context of the token request
	 * @return the key value
	 */
	protected KeyValue outcome(JwtBearerTokenRequestObservationContext context) {
		Throwable error = context.getError();
		JwtBearerTokenRequestOutcome outcome = (error != null) ? JwtBearerTokenRequestOutcome.of(error)
				: context.isTokenReceived() ? JwtBearerTokenRequestOutcome.SUCCESS
						: JwtBearerTokenRequestOutcome.UNKNOWN;
		return KeyValue.of(OUTCOME, outcome.getValue());
	}

	/**
	 * Return the OAuth error code, {@code none} without one.
	 * @param context the context of the token request
	 * @return the key value
	 */
	protected KeyValue errorCode(JwtBearerTokenRequestObservationContext context) {
		Throwable error = context.getError();
		OAuth2Error oauth2Error = (error != null) ? JwtBearerTokenRequestOutcome.oauth2Error(error) : null;
		return KeyValue.of(ERROR_CODE, errorCode(oauth2Error));
	}

	private static String errorCode(@Nullable OAuth2Error oauth2Error) {
		if (oauth2Error == null) {
			return NONE;
		}
		String code = oauth2Error.getErrorCode();
		return (code != null && ERROR_CODE_PATTERN.matcher(code).matches()) ? code : "other";
	}

}
