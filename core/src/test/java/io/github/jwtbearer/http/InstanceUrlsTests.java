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

package io.github.jwtbearer.http;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import io.github.jwtbearer.client.JwtBearerAuthorizedClient;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InstanceUrls}.
 *
 * @author JWT Bearer for Spring contributors
 */
class InstanceUrlsTests {

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("salesforce")
		.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
		.clientId("3MVG9test")
		.tokenUri("https://login.salesforce.com/services/oauth2/token")
		.build();

	private static final OAuth2AccessToken TOKEN = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
			"00Dxx0000001gPL!secret", Instant.now(), Instant.now().plusSeconds(900));

	@Test
	void isRelativeWhenPathOnlyThenTrue() {
		assertThat(InstanceUrls.isRelative(URI.create("/services/data"))).isTrue();
		assertThat(InstanceUrls.isRelative(URI.create("services/data?q=1"))).isTrue();
		assertThat(InstanceUrls.isRelative(URI.create("?q=1"))).isTrue();
	}

	@Test
	void isRelativeWhenSchemeOrHostThenFalse() {
		assertThat(InstanceUrls.isRelative(URI.create("https://acme.my.salesforce.com/services/data"))).isFalse();
		assertThat(InstanceUrls.isRelative(URI.create("//acme.my.salesforce.com/services/data"))).isFalse();
	}

	@Test
	void resolveKeepsPathQueryAndFragmentAsEncoded() {
		URI resolved = InstanceUrls.resolve("salesforce", client("https://acme.my.salesforce.com"), URI.create(
				"/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20Name%20%3D%20%27A%2BB%27#top"));
		assertThat(resolved.toString()).isEqualTo(
				"https://acme.my.salesforce.com/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20Name%20%3D%20%27A%2BB%27#top");
	}

	@Test
	void resolveWhenInstanceUrlHasPathThenKeepsItWithOneSlash() {
		assertThat(InstanceUrls.resolve("salesforce", client("https://acme.my.site.com/partners/"),
				URI.create("/services/data")))
			.hasToString("https://acme.my.site.com/partners/services/data");
		assertThat(InstanceUrls.resolve("salesforce", client("https://acme.my.site.com/partners"),
				URI.create("services/data")))
			.hasToString("https://acme.my.site.com/partners/services/data");
	}

	@Test
	void resolveWhenInstanceUrlHasPortThenKeepsIt() {
		assertThat(InstanceUrls.resolve("salesforce", client("http://127.0.0.1:8443"), URI.create("/x?y=z")))
			.hasToString("http://127.0.0.1:8443/x?y=z");
	}

	@Test
	void resolveWhenNoAuthorizedClientThenFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> InstanceUrls.resolve("salesforce", null, URI.create("/services/data")))
			.withMessageContaining("'salesforce'")
			.withMessageContaining("no access token");
	}

	@Test
	void resolveWhenPlainAuthorizedClientThenFails() {
		OAuth2AuthorizedClient plain = new OAuth2AuthorizedClient(REGISTRATION, "integration@acme.com", TOKEN);
		assertThatIllegalStateException()
			.isThrownBy(() -> InstanceUrls.resolve("salesforce", plain, URI.create("/services/data")))
			.withMessageContaining("plain OAuth2AuthorizedClient");
	}

	@Test
	void resolveWhenNoInstanceUrlThenFails() {
		JwtBearerAuthorizedClient client = new JwtBearerAuthorizedClient(REGISTRATION, "integration@acme.com", TOKEN,
				Map.of("id", "https://login.salesforce.com/id/00D/005"));
		assertThatIllegalStateException()
			.isThrownBy(() -> InstanceUrls.resolve("salesforce", client, URI.create("/services/data")))
			.withMessageContaining("no instance_url")
			.withMessageNotContaining(TOKEN.getTokenValue());
	}

	@Test
	void resolveWhenInstanceUrlNotAbsoluteThenFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> InstanceUrls.resolve("salesforce", client("acme.my.salesforce.com"),
					URI.create("/services/data")))
			.withMessageContaining("not an absolute URL");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> InstanceUrls.resolve("salesforce", client("https://acme .com"), URI.create("/services/data")))
			.withMessageContaining("not an absolute URL");
	}

	private static JwtBearerAuthorizedClient client(String instanceUrl) {
		return new JwtBearerAuthorizedClient(REGISTRATION, "integration@acme.com", TOKEN,
				Map.of(JwtBearerAuthorizedClient.INSTANCE_URL, instanceUrl));
	}

}
