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

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.URI;
import java.util.Map;

import io.github.jwtbearer.client.BoundedInMemoryOAuth2AuthorizedClientService;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.SignedAssertionOAuth2AuthorizedClientProvider;
import io.github.jwtbearer.client.endpoint.JwtBearerAccessTokenResponseConverter;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * (6) The heap that each cached subject holds, and whether the store's bound holds: the
 * manager obtains a token for one subject after another (the subject being the caller's
 * name, through a {@code JwtBearerSubjectResolver}), each answer a Salesforce-shaped
 * response read by Jackson and the starter's converter as over HTTP, only without the
 * HTTP. The used heap is read after full collections: once the store is full, and once
 * many more subjects have gone through it.
 *
 * @author JWT Bearer for Spring contributors
 */
final class CachedSubjectMemory {

	private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
	};

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CachedSubjectMemory() {
	}

	/**
	 * Measure.
	 * @param maxSize the store's bound
	 * @param subjects the subjects to go through the store, more than {@code maxSize}
	 * @return the measurement
	 */
	static Measurement measure(int maxSize, int subjects) {
		Checks.state(subjects > maxSize, "subjects must be more than maxSize");
		// the first tokens load classes and fill caches that later ones share
		new Cache(maxSize).fill(0, Math.min(maxSize, 1_000));
		Cache cache = new Cache(maxSize);
		long baseline = usedHeapAfterGc();
		cache.fill(0, maxSize);
		long bytesWhenFull = usedHeapAfterGc() - baseline;
		int sizeWhenFull = cache.store.size();
		cache.fill(maxSize, subjects);
		long bytesAfter = usedHeapAfterGc() - baseline;
		int sizeAfter = cache.store.size();
		Reference.reachabilityFence(cache);
		return new Measurement(maxSize, subjects, sizeWhenFull, bytesWhenFull, sizeAfter, bytesAfter);
	}

	// full collections until the used heap stops shrinking: a single one may leave
	// garbage that another thread released meanwhile
	private static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 10; i++) {
			System.gc();
			long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			if (i >= 2 && now >= used) {
				return Math.min(used, now);
			}
			used = Math.min(used, now);
		}
		return used;
	}

	/**
	 * The starter's manager and store, for subjects named by the callers.
	 */
	private static final class Cache {

		private final BoundedInMemoryOAuth2AuthorizedClientService store;

		private final JwtBearerOAuth2AuthorizedClientManager manager;

		Cache(int maxSize) {
			// the algorithm does not change what is kept; ES256 mints fastest
			JwtBearerRegistration registration = Managers.registration(Managers.REGISTRATION_ID,
					URI.create("https://login.salesforce.com/services/oauth2/token"), SignatureAlgorithm.ES256, false);
			InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
					registration);
			SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
					registrations);
			JwtBearerAccessTokenResponseConverter converter = new JwtBearerAccessTokenResponseConverter(
					registration.getTokenLifetime());
			provider.setAccessTokenResponseClientFactory((jwtBearer) -> new SalesforceAnswers(converter));
			this.store = new BoundedInMemoryOAuth2AuthorizedClientService(maxSize);
			this.manager = new JwtBearerOAuth2AuthorizedClientManager(registrations, this.store, provider,
					(authorizeRequest) -> null);
			this.manager.setSubjectResolver((authorizeRequest) -> authorizeRequest.getPrincipal().getName());
		}

		void fill(int from, int to) {
			for (int i = from; i < to; i++) {
				String subject = "user" + i + "@acme.com";
				OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest
					.withClientRegistrationId(Managers.REGISTRATION_ID)
					.principal(subject)
					.build();
				Checks.state(this.manager.authorize(request) != null, "no token for " + subject);
			}
		}

	}

	/**
	 * Answers each token request as Salesforce would, with the user id of the assertion's
	 * subject in the {@code id} URL.
	 */
	private static final class SalesforceAnswers implements OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> {

		private final JwtBearerAccessTokenResponseConverter converter;

		private int count;

		SalesforceAnswers(JwtBearerAccessTokenResponseConverter converter) {
			this.converter = converter;
		}

		@Override
		public OAuth2AccessTokenResponse getTokenResponse(JwtBearerGrantRequest grantRequest) {
			String json = Responses.tokenResponse(++this.count, "005" + grantRequest.getJwt().getSubject().hashCode(),
					"https://acme.my.salesforce.com", false);
			return this.converter.convert(JSON.readValue(json, PARAMETERS));
		}

	}

	/**
	 * What was measured.
	 *
	 * @param maxSize the store's bound
	 * @param subjects the subjects that went through the store
	 * @param sizeWhenFull the store's size after {@code maxSize} subjects
	 * @param bytesWhenFull the heap held after {@code maxSize} subjects
	 * @param sizeAfter the store's size after all the subjects
	 * @param bytesAfter the heap held after all the subjects
	 */
	record Measurement(int maxSize, int subjects, int sizeWhenFull, long bytesWhenFull, int sizeAfter,
			long bytesAfter) {

		double bytesPerSubject() {
			return (double) this.bytesWhenFull / this.sizeWhenFull;
		}

		boolean boundHeld() {
			return this.sizeAfter <= this.maxSize && this.bytesAfter <= this.bytesWhenFull * 1.1;
		}

	}

}
