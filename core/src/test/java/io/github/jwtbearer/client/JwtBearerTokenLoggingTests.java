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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.jwtbearer.client.registration.InMemoryJwtBearerRegistrationRepository;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.fixtures.TestClock;
import io.github.jwtbearer.fixtures.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static io.github.jwtbearer.fixtures.TestSecrets.assertNoSecretsIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the DEBUG lines that tell the story of a token: minted and requested, cached
 * until, renewed, evicted after 401, and never the token or the assertion.
 *
 * @author JWT Bearer for Spring contributors
 */
class JwtBearerTokenLoggingTests {

	private final TestClock clock = TestClock.at(Instant.parse("2026-11-28T12:00:00Z"));

	private final List<Runnable> renewals = new ArrayList<>();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.github.jwtbearer.client");

	private Level level;

	private TestOrgTokenEndpoint endpoint;

	private JwtBearerOAuth2AuthorizedClientManager manager;

	@BeforeEach
	void setUp() {
		this.level = this.logger.getLevel();
		this.logger.setLevel(Level.DEBUG);
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.endpoint = new TestOrgTokenEndpoint();
		JwtBearerRegistration registration = this.endpoint.registration("salesforce", this.clock)
			.tokenLifetime(Duration.ofMinutes(15))
			.build();
		InMemoryJwtBearerRegistrationRepository registrations = new InMemoryJwtBearerRegistrationRepository(
				registration);
		SignedAssertionOAuth2AuthorizedClientProvider provider = new SignedAssertionOAuth2AuthorizedClientProvider(
				registrations);
		provider.setClock(this.clock);
		this.manager = new JwtBearerOAuth2AuthorizedClientManager(registrations,
				new BoundedInMemoryOAuth2AuthorizedClientService(10), provider, (request) -> null);
		this.manager.setClock(this.clock);
		this.manager.setRenewalExecutor(this.renewals::add);
	}

	@AfterEach
	void tearDown() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.level);
		this.endpoint.close();
	}

	@Test
	void debugLinesTellTheStoryOfATokenWithoutASecret() {
		OAuth2AuthorizedClient first = this.manager.authorize(request());
		this.clock.advance(Duration.ofMinutes(13).plusSeconds(1));
		this.manager.authorize(request());
		this.renewals.forEach(Runnable::run);
		OAuth2AuthorizedClient renewed = this.manager.authorize(request());
		this.manager.removeAuthorizedClient(request(), renewed.getAccessToken());
		assertThat(messages()).containsExactly(
				"Requesting a token for registration 'salesforce' from " + this.endpoint.tokenUri()
						+ " with an assertion minted for subject 'integration@acme.com'",
				"Obtained the token of registration 'salesforce' and subject 'integration@acme.com', cached until "
						+ "2026-11-28T12:15:00Z",
				"Requesting a token for registration 'salesforce' from " + this.endpoint.tokenUri()
						+ " with an assertion minted for subject 'integration@acme.com'",
				"Renewed ahead of expiry the token of registration 'salesforce' and subject 'integration@acme.com', "
						+ "cached until 2026-11-28T12:28:01Z",
				"Evicted the token of registration 'salesforce' and subject 'integration@acme.com' that the API "
						+ "rejected (HTTP 401)");
		String all = String.join("\n", messages());
		assertNoSecretsIn(all, first.getAccessToken().getTokenValue(), renewed.getAccessToken().getTokenValue(),
				TestKeys.pkcs8Pem(TestOrgTokenEndpoint.KEY_PAIR.getPrivate()));
		assertThat(all).doesNotContain("eyJ");
	}

	@Test
	void subjectWithLineBreaksCannotForgeALogLine() {
		this.manager.setSubjectResolver((request) -> "alice@acme.com\r\nINFO forged line");
		this.manager.authorize(request());
		assertThat(messages()).isNotEmpty()
			.allSatisfy((message) -> assertThat(message).doesNotContain("\n").doesNotContain("\r"))
			.anySatisfy((message) -> assertThat(message).contains("subject 'alice@acme.com??INFO forged line'"));
	}

	private List<String> messages() {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel() == Level.DEBUG)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static OAuth2AuthorizeRequest request() {
		return OAuth2AuthorizeRequest.withClientRegistrationId("salesforce").principal("anonymousUser").build();
	}

}
