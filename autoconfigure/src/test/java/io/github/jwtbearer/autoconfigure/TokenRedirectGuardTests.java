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

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.jwtbearer.test.MockJwtBearerServer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenRedirectGuard}: an access token never follows a redirect to
 * another origin, whatever transport Boot builds; same-origin redirects and requests
 * without a token behave as before.
 *
 * @author JWT Bearer for Spring contributors
 */
class TokenRedirectGuardTests {

	private static final String CLIENT_ID = "3MVG9consumerkey";

	@TempDir
	static Path directory;

	static String keyLocation;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class, RestClientAutoConfiguration.class,
				HttpServiceClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				JwtBearerAutoConfiguration.class));

	private MockJwtBearerServer org;

	// the API, which redirects
	private MockWebServer api;

	// another origin, which records what reaches it
	private MockWebServer elsewhere;

	@BeforeAll
	static void writeKey() {
		keyLocation = "file:"
				+ TestPemFiles.write(directory, "key.pem", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
	}

	@BeforeEach
	void start() throws IOException {
		this.org = MockJwtBearerServer.salesforce().start();
		this.org.trust(CLIENT_ID, TestPemFiles.rsa().getPublic()).addSubject("integration@acme.com");
		this.api = new MockWebServer();
		this.api.start(InetAddress.getLoopbackAddress(), 0);
		this.elsewhere = new MockWebServer();
		this.elsewhere.start(InetAddress.getLoopbackAddress(), 0);
	}

	@AfterEach
	void stop() {
		this.org.close();
		this.api.close();
		this.elsewhere.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor", "simple" })
	void restClientNeverCarriesTheTokenToAnotherOrigin(String factory) {
		this.api.enqueue(redirectTo(this.elsewhere.url("/stolen").toString()));
		this.elsewhere.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce("spring.http.clients.imperative.factory=" + factory))
			.run((context) -> {
				ResponseEntity<Void> response = context.getBean(RestClient.Builder.class)
					.build()
					.get()
					.uri(this.api.url("/start").uri())
					.attributes(ClientAttributes.clientRegistrationId("salesforce"))
					.retrieve()
					.toBodilessEntity();
				// the redirect reaches the caller unfollowed
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertThat(response.getHeaders().getLocation()).hasPath("/stolen");
				assertThat(this.api.takeRequest().getHeaders().get("Authorization")).startsWith("Bearer ");
				assertThat(this.elsewhere.getRequestCount()).isZero();
			});
	}

	@Test
	void restClientFollowsASameOriginRedirectWithTheToken() {
		this.api.enqueue(redirectTo("/moved"));
		this.api.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce("spring.http.clients.imperative.factory=jdk"))
			.run((context) -> {
				ResponseEntity<Void> response = context.getBean(RestClient.Builder.class)
					.build()
					.post()
					.uri(this.api.url("/start").uri())
					.attributes(ClientAttributes.clientRegistrationId("salesforce"))
					.body("payload")
					.retrieve()
					.toBodilessEntity();
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				RecordedRequest first = this.api.takeRequest();
				RecordedRequest second = this.api.takeRequest();
				assertThat(first.getMethod()).isEqualTo("POST");
				assertThat(first.getBody().utf8()).isEqualTo("payload");
				// a 302 after a POST is followed with a GET, as the JDK client and
				// browsers do
				assertThat(second.getMethod()).isEqualTo("GET");
				assertThat(second.getUrl().encodedPath()).isEqualTo("/moved");
				assertThat(second.getHeaders().get("Authorization")).isEqualTo(first.getHeaders().get("Authorization"));
			});
	}

	@Test
	void restClientKeepsFollowingRedirectsOfCallsWithoutAToken() {
		this.api.enqueue(redirectTo(this.elsewhere.url("/next").toString()));
		this.elsewhere.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce()).run((context) -> {
			ResponseEntity<Void> response = context.getBean(RestClient.Builder.class)
				.build()
				.get()
				.uri(this.api.url("/start").uri())
				.header("X-Api-Key", "not-a-token-of-ours")
				.retrieve()
				.toBodilessEntity();
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			assertThat(this.elsewhere.takeRequest().getHeaders().get("X-Api-Key")).isEqualTo("not-a-token-of-ours");
		});
	}

	@Test
	void interceptorsAddedAfterOursStillRun() {
		List<String> seen = new ArrayList<>();
		this.api.enqueue(redirectTo("/moved"));
		this.api.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce()).run((context) -> {
			ClientHttpRequestInterceptor later = (HttpRequest request, byte[] body,
					ClientHttpRequestExecution execution) -> {
				seen.add(request.getHeaders().getFirst("Authorization"));
				request.getHeaders().add("X-Later", "yes");
				ClientHttpResponse response = execution.execute(request, body);
				return response;
			};
			context.getBean(RestClient.Builder.class)
				.requestInterceptor(later)
				.build()
				.get()
				.uri(this.api.url("/start").uri())
				.attributes(ClientAttributes.clientRegistrationId("salesforce"))
				.retrieve()
				.toBodilessEntity();
			assertThat(seen).singleElement().asString().startsWith("Bearer ");
			assertThat(this.api.takeRequest().getHeaders().get("X-Later")).isEqualTo("yes");
			assertThat(this.api.takeRequest().getHeaders().get("X-Later")).isEqualTo("yes");
		});
	}

	@Test
	void httpServiceGroupNeverCarriesTheTokenToAnotherOrigin() {
		this.api.enqueue(redirectTo(this.elsewhere.url("/stolen").toString()));
		this.elsewhere.enqueue(ok());
		this.contextRunner.withUserConfiguration(RedirectingApiConfiguration.class)
			.withPropertyValues(salesforce("spring.http.serviceclient.redirecting.base-url=" + this.api.url("/")))
			.run((context) -> {
				ResponseEntity<Void> response = context.getBean(RedirectingApi.class).start();
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertThat(this.api.takeRequest().getHeaders().get("Authorization")).startsWith("Bearer ");
				assertThat(this.elsewhere.getRequestCount()).isZero();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk" })
	void webClientNeverCarriesTheTokenToAnotherOrigin(String connector) {
		this.api.enqueue(redirectTo(this.elsewhere.url("/stolen").toString()));
		this.elsewhere.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce("spring.http.clients.reactive.connector=" + connector))
			.run((context) -> {
				ResponseEntity<Void> response = context.getBean(WebClient.Builder.class)
					.build()
					.get()
					.uri(this.api.url("/start").uri())
					.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
					.retrieve()
					.toBodilessEntity()
					.block();
				assertThat(response).isNotNull();
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertThat(this.api.takeRequest().getHeaders().get("Authorization")).startsWith("Bearer ");
				assertThat(this.elsewhere.getRequestCount()).isZero();
			});
	}

	@Test
	void webClientFollowsASameOriginRedirectWithTheToken() {
		this.api.enqueue(redirectTo("/moved"));
		this.api.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce("spring.http.clients.reactive.connector=jdk"))
			.run((context) -> {
				ResponseEntity<Void> response = context.getBean(WebClient.Builder.class)
					.build()
					.post()
					.uri(this.api.url("/start").uri())
					.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
					.bodyValue("payload")
					.retrieve()
					.toBodilessEntity()
					.block();
				assertThat(response).isNotNull();
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				RecordedRequest first = this.api.takeRequest();
				RecordedRequest second = this.api.takeRequest();
				assertThat(first.getBody().utf8()).isEqualTo("payload");
				assertThat(second.getMethod()).isEqualTo("GET");
				assertThat(second.getUrl().encodedPath()).isEqualTo("/moved");
				assertThat(second.getHeaders().get("Content-Type")).isNull();
				assertThat(second.getHeaders().get("Authorization")).isEqualTo(first.getHeaders().get("Authorization"));
			});
	}

	@Test
	void webClientKeepsFollowingRedirectsOfCallsWithoutAToken() {
		this.api.enqueue(redirectTo(this.elsewhere.url("/next").toString()));
		this.elsewhere.enqueue(ok());
		this.contextRunner.withPropertyValues(salesforce("spring.http.clients.reactive.connector=jdk"))
			.run((context) -> {
				ResponseEntity<Void> response = context.getBean(WebClient.Builder.class)
					.build()
					.get()
					.uri(this.api.url("/start").uri())
					.header("X-Api-Key", "not-a-token-of-ours")
					.retrieve()
					.toBodilessEntity()
					.block();
				assertThat(response).isNotNull();
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				assertThat(this.elsewhere.takeRequest().getHeaders().get("X-Api-Key")).isEqualTo("not-a-token-of-ours");
			});
	}

	private String[] salesforce(String... more) {
		List<String> properties = new ArrayList<>(List.of("jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=" + CLIENT_ID,
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.registration.salesforce.private-key=" + keyLocation,
				"jwt-bearer.registration.salesforce.token-uri=" + this.org.getTokenUri()));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	private static MockResponse redirectTo(String location) {
		return new MockResponse.Builder().code(302).addHeader("Location", location).build();
	}

	private static MockResponse ok() {
		return new MockResponse.Builder().code(200).build();
	}

	interface RedirectingApi {

		@GetExchange("/start")
		@ClientRegistrationId("salesforce")
		ResponseEntity<Void> start();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "redirecting", types = RedirectingApi.class)
	static class RedirectingApiConfiguration {

	}

}
