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

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.github.jwtbearer.assertion.JwtSigner;
import io.github.jwtbearer.autoconfigure.JwtBearerProperties.ClientAuthentication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.lang.Contract;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.StringUtils;

/**
 * The startup checks of a registration that need more than a value: the token endpoint's
 * scheme, the assertion lifetime against the preset's maximum, the algorithm a preset
 * accepts, and the expiry of the certificate. Each failure is an
 * {@link InvalidJwtBearerRegistrationException} naming the property and the fix.
 *
 * @author JWT Bearer for Spring contributors
 */
final class JwtBearerRegistrationChecks {

	private static final Log logger = LogFactory.getLog(JwtBearerRegistrationChecks.class);

	static final Duration DEFAULT_ASSERTION_LIFETIME = Duration.ofMinutes(2);

	private static final int CERTIFICATE_EXPIRY_WARNING_DAYS = 30;

	private JwtBearerRegistrationChecks() {
	}

	@Contract("_, _, null, _ -> fail")
	static void require(String id, String property, @Nullable String value, String action) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJwtBearerRegistrationException(id, property, "no " + property + " is configured",
					StringUtils.capitalize(action), null);
		}
	}

	static void checkSubject(String id, @Nullable String subject, JwtBearerProvider provider, boolean subjectResolved) {
		// Google's service accounts act as themselves; a resolver picks the subject per
		// call
		if (StringUtils.hasText(subject) || provider == JwtBearerProvider.GOOGLE || subjectResolved) {
			return;
		}
		throw new InvalidJwtBearerRegistrationException(id, "subject", "no subject is configured",
				"Set subject to the user the application acts as"
						+ (provider.isSalesforce() ? " (a Salesforce username pre-authorized for the app)" : "")
						+ ", or declare a JwtBearerSubjectResolver bean that picks it per call",
				null);
	}

	static void checkClientSecret(String id, ClientAuthentication authentication, @Nullable String clientSecret) {
		// private_key_jwt signs with the registration's key, whose absence is a failure
		// of its own
		if (authentication != ClientAuthentication.NONE && authentication != ClientAuthentication.PRIVATE_KEY_JWT
				&& !StringUtils.hasText(clientSecret)) {
			throw new InvalidJwtBearerRegistrationException(id, "client-secret",
					"client-authentication-method " + authentication.name().toLowerCase(Locale.ROOT)
							+ " needs a client secret",
					"Set client-secret, or set client-authentication-method to none", null);
		}
	}

	// RFC 6749 section 3.2: the token endpoint MUST use TLS; loopback is allowed for
	// local development and tests, plain http elsewhere only when the user says so with
	// a property that names the risk
	static void checkTokenUri(String id, String tokenUri, boolean allowInsecure) {
		URI uri;
		try {
			uri = new URI(tokenUri);
		}
		catch (URISyntaxException ex) {
			throw new InvalidJwtBearerRegistrationException(id, "token-uri", "token-uri is not a valid URI",
					"Set token-uri to an absolute https URL such as https://login.salesforce.com/services/oauth2/token",
					ex);
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			throw new InvalidJwtBearerRegistrationException(id, "token-uri", "token-uri is not an absolute URL",
					"Set token-uri to an absolute https URL such as https://login.salesforce.com/services/oauth2/token",
					null);
		}
		if ("https".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
			return;
		}
		if (allowInsecure && "http".equalsIgnoreCase(uri.getScheme())) {
			logger.warn(LogMessage.format(
					"JWT bearer registration '%s' sends its signed assertions to %s and receives its tokens in clear "
							+ "text, as %s allows",
					id, tokenUri, InvalidJwtBearerRegistrationException.propertyName(id, "allow-insecure-token-uri")));
			return;
		}
		throw new InvalidJwtBearerRegistrationException(id, "token-uri",
				"token-uri uses " + uri.getScheme() + ", which would send the signed assertion and the token "
						+ "in clear text",
				"Use an https token endpoint (plain http is accepted for loopback addresses only, and elsewhere "
						+ "with " + InvalidJwtBearerRegistrationException.propertyName(id, "allow-insecure-token-uri")
						+ "=true, for a test network that nobody else can listen to)",
				null);
	}

	static boolean isLoopback(String host) {
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		// only IP literals are judged: a name is never resolved here
		if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
			return false;
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	static void checkAlgorithm(String id, JwtBearerProvider provider, SignatureAlgorithm algorithm) {
		if (provider.isRs256Only() && algorithm != SignatureAlgorithm.RS256) {
			throw new InvalidJwtBearerRegistrationException(id, "algorithm",
					"provider " + provider.presetName() + " accepts RS256 only, not " + algorithm.getName(),
					"Remove algorithm, or set it to RS256, and use an RSA key of at least 2048 bits", null);
		}
	}

	/**
	 * Return the assertion lifetime: the configured one, checked against the preset's
	 * maximum, or the default (never above that maximum).
	 * @param id the registration id
	 * @param lifetime the configured lifetime, or {@code null}
	 * @param provider the preset
	 * @return the lifetime to use
	 */
	static Duration assertionLifetime(String id, @Nullable Duration lifetime, JwtBearerProvider provider) {
		Duration max = provider.getMaxAssertionLifetime();
		if (lifetime == null) {
			return (max != null && max.compareTo(DEFAULT_ASSERTION_LIFETIME) < 0) ? max : DEFAULT_ASSERTION_LIFETIME;
		}
		if (lifetime.isNegative() || lifetime.getSeconds() < 1) {
			throw new InvalidJwtBearerRegistrationException(id, "assertion-lifetime",
					"assertion-lifetime must be at least one second, not " + lifetime,
					"Remove assertion-lifetime to use the default of " + DEFAULT_ASSERTION_LIFETIME.toMinutes()
							+ " minutes",
					null);
		}
		if (max != null && lifetime.compareTo(max) > 0) {
			throw new InvalidJwtBearerRegistrationException(id, "assertion-lifetime",
					"assertion-lifetime " + lifetime.toSeconds() + "s exceeds the " + max.toSeconds()
							+ "s that provider " + provider.presetName() + " accepts",
					"Set assertion-lifetime to at most " + max.toSeconds() + "s, or remove it", null);
		}
		return lifetime;
	}

	/**
	 * Check the certificate of the signing key. A provider refuses assertions once the
	 * certificate it holds has expired (Salesforce: "invalid assertion"): a configured
	 * {@code certificate} is that one and fails startup; a key store's may not be, and
	 * only warns.
	 * @param id the registration id
	 * @param key the signer of the registration
	 * @param configured whether the certificate was configured with {@code certificate}
	 * @param clock the clock
	 */
	static void checkCertificateValidity(String id, JwtSigner key, boolean configured, Clock clock) {
		X509Certificate certificate = key.getCertificate();
		if (certificate == null) {
			return;
		}
		Instant now = clock.instant();
		Instant notAfter = certificate.getNotAfter().toInstant();
		String subject = certificate.getSubjectX500Principal().getName();
		if (!now.isBefore(notAfter)) {
			if (configured) {
				throw new InvalidJwtBearerRegistrationException(id, "certificate",
						"certificate " + subject + " expired on " + notAfter
								+ ", so the provider refuses assertions signed for it",
						"Create a new certificate for the signing key (or a new key pair), upload it to the provider, "
								+ "and set certificate (and private-key) to it",
						null);
			}
			logger.warn(LogMessage.format(
					"The certificate %s of the signing key of JWT bearer registration '%s' expired on %s: if the "
							+ "provider holds this certificate, it refuses every assertion; upload a new one",
					subject, id, notAfter));
			return;
		}
		long daysLeft = Duration.between(now, notAfter).toDays();
		if (daysLeft < CERTIFICATE_EXPIRY_WARNING_DAYS) {
			logger.warn(LogMessage
				.format("The certificate %s of JWT bearer registration '%s' expires in %d day%s, on %s: upload a new "
						+ "certificate to the provider and configure it (with its key) before then, or token "
						+ "requests fail", subject, id, daysLeft, (daysLeft != 1) ? "s" : "", notAfter));
		}
	}

	/**
	 * Return the login budget of a registration: the configured one, else the preset's.
	 * @param id the registration id
	 * @param max the configured budget, or {@code null}
	 * @param provider the preset
	 * @return the budget, {@code 0} for none
	 */
	static int maxTokenRequestsPerHour(String id, @Nullable Integer max, JwtBearerProvider provider) {
		if (max == null) {
			return provider.getMaxTokenRequestsPerHour();
		}
		if (max < 0) {
			throw new InvalidJwtBearerRegistrationException(id, "max-token-requests-per-hour",
					"max-token-requests-per-hour must be 0 (no budget) or more, not " + max,
					"Set max-token-requests-per-hour to the most token requests one subject may send in an hour, "
							+ "or remove it to use the preset's default",
					null);
		}
		return max;
	}

	/**
	 * Check the error cooldown of a registration.
	 * @param id the registration id
	 * @param cooldown the configured cooldown
	 * @return the cooldown
	 */
	static Duration errorCooldown(String id, Duration cooldown) {
		if (cooldown.isNegative()) {
			throw new InvalidJwtBearerRegistrationException(id, "error-cooldown",
					"error-cooldown must be 0 (no cooldown) or more, not " + cooldown,
					"Set error-cooldown to how long a permanent token endpoint error is given to callers without "
							+ "asking again, such as 30s",
					null);
		}
		return cooldown;
	}

}
