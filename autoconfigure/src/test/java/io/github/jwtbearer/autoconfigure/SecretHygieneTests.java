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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.github.jwtbearer.actuate.JwtBearerEndpoint;
import io.github.jwtbearer.assertion.JwtAssertionMinter;
import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerTokenRequestGuard;
import io.github.jwtbearer.client.registration.JwtBearerRegistration;
import io.github.jwtbearer.client.registration.JwtBearerRegistrationRepository;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestSecrets;
import io.github.jwtbearer.fixtures.TestSoftHsm;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.springframework.security.oauth2.client.web.ClientAttributes.clientRegistrationId;

/**
 * Secret hygiene: the main scenarios (tokens obtained, every kind of error, retries, 401
 * recovery, renewal ahead of expiry, a startup failure) run with the loggers of the
 * starter, of Spring Security and of Spring Web at TRACE; no log line, exception message,
 * stack trace, {@code toString} or failure analysis holds a token, an assertion, the
 * private key, a password or a client secret.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTests {

	private static final List<String> LOGGERS = List.of("io.github.jwtbearer", "org.springframework.security",
			"org.springframework.web", "org.springframework.http");

	private static final String PEM_PASSWORD = "pem-pass-K9v2xQ7m";

	private static final String STORE_PASSWORD = "store-pass-Z3w8rT1n";

	private static final String KEY_PASSWORD = "key-pass-B6y4uP0c";

	private static final String CLIENT_SECRET_POST = "post-secret-H2j5kL8q";

	private static final String CLIENT_SECRET_BASIC = "basic-secret-M1n4bV7z";

	private static final KeyPair KEY_PAIR = TestKeys.rsa2048();

	private static final SecureRandom random = new SecureRandom();

	@TempDir
	static Path directory;

	static String keyStore;

	private final MockWebServer org = new MockWebServer();

	// tokens issued, assertions received: every one of them is a secret
	private final Queue<String> tokens = new ConcurrentLinkedQueue<>();

	private final Queue<String> assertions = new ConcurrentLinkedQueue<>();

	private final Set<String> revoked = ConcurrentHashMap.newKeySet();

	private final Queue<Function<String, MockResponse>> scriptedAnswers = new ConcurrentLinkedQueue<>();

	private volatile long expiresIn = 3600;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Map<Logger, Level> levels = new ConcurrentHashMap<>();

	// what the scenarios show to people: messages, stack traces, toString
	private final List<String> shown = Collections.synchronizedList(new ArrayList<>());

	@BeforeAll
	static void writeKeyStore() {
		keyStore = "file:" + TestKeys.keyStore("PKCS12")
			.privateKey("store", KEY_PAIR, KEY_PASSWORD)
			.writeTo(directory.resolve("store.p12"), STORE_PASSWORD);
	}

	@BeforeEach
	void start() throws IOException {
		this.org.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return request.getUrl().encodedPath().endsWith("/token") ? token(request) : api(request);
			}

		});
		this.org.start(InetAddress.getLoopbackAddress(), 0);
		for (String name : LOGGERS) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			this.levels.put(logger, (logger.getLevel() != null) ? logger.getLevel() : Level.INFO);
			logger.setLevel(Level.TRACE);
			logger.addAppender(this.appender);
		}
		this.appender.start();
	}

	@AfterEach
	void stop() {
		this.levels.forEach((logger, level) -> {
			logger.detachAppender(this.appender);
			logger.setLevel(level);
		});
		this.org.close();
	}

	@Test
	void servletScenariosShowNoSecret(CapturedOutput output) {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient restClient = restClient(context);
			WebClient webClient = webClient(context);
			// tokens obtained, with client_secret_post and client_secret_basic
			assertThat(get(restClient, "salesforce")).isEqualTo("{\"ok\":true}");
			assertThat(webClient.get()
				.uri(this.org.url("/api").uri())
				.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("store"))
				.retrieve()
				.bodyToMono(String.class)
				.block()).isEqualTo("{\"ok\":true}");
			// 401 recovery
			this.revoked.addAll(this.tokens);
			assertThat(get(restClient, "salesforce")).isEqualTo("{\"ok\":true}");
			OAuth2AuthorizedClientManager manager = context.getBean(OAuth2AuthorizedClientManager.class);
			// a retry that succeeds
			this.scriptedAnswers.add((token) -> html(503, "<html>busy</html>"));
			shownByAuthorize(manager, "salesforce", true);
			// every kind of error
			for (Function<String, MockResponse> error : errors()) {
				this.scriptedAnswers.add(error);
				shownByAuthorize(manager, "salesforce", true);
			}
			// retries that fail
			for (int i = 0; i < 3; i++) {
				this.scriptedAnswers.add((token) -> html(503, "<html>busy " + token + "</html>"));
			}
			shownByAuthorize(manager, "salesforce", true);
			// renewal ahead of expiry: the token lives 2 seconds, whose second half the
			// clock skew and the renewal margin take (shrunk to fit), the first half
			// served alone
			this.expiresIn = 2;
			shownByAuthorize(manager, "store", true);
			int before = this.tokens.size();
			Thread.sleep(1050);
			shownByAuthorize(manager, "store", false);
			awaitTokenRequests(before + 1);
			shownByAuthorize(manager, "store", false);
			shownByToString(context);
			shownByActuator(context);
		});
		assertNoSecretShown(output);
	}

	@Test
	void reactiveScenariosShowNoSecret(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues(properties())
			.withBean(JwtBearerTokenRequestGuard.class, SecretHygieneTests::unguarded)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WebClient webClient = webClient(context);
				Supplier<String> call = () -> webClient.get()
					.uri(this.org.url("/api").uri())
					.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId("salesforce"))
					.retrieve()
					.bodyToMono(String.class)
					.block();
				assertThat(call.get()).isEqualTo("{\"ok\":true}");
				this.revoked.addAll(this.tokens);
				assertThat(call.get()).isEqualTo("{\"ok\":true}");
				ReactiveOAuth2AuthorizedClientManager manager = context
					.getBean(ReactiveOAuth2AuthorizedClientManager.class);
				for (Function<String, MockResponse> error : errors()) {
					this.scriptedAnswers.add(error);
					this.revoked.addAll(this.tokens);
					try {
						call.get();
					}
					catch (RuntimeException ex) {
						shownBy(ex);
					}
				}
				OAuth2AuthorizedClient client = manager
					.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("store").principal("app").build())
					.block();
				this.shown.add(String.valueOf(client));
				shownByToString(context);
			});
		assertNoSecretShown(output);
	}

	@Test
	void startupFailureShowsNoSecret(CapturedOutput output) {
		contextRunner()
			.withPropertyValues("jwt-bearer.registration.salesforce.private-key-password=wrong-" + PEM_PASSWORD)
			.run((context) -> {
				assertThat(context).hasFailed();
				shownBy(context.getStartupFailure());
				FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				this.shown.add(analysis.getDescription());
				this.shown.add(analysis.getAction());
			});
		this.shown.add(new JwtBearerProperties().toString());
		assertNoSecretShown(output, "wrong-" + PEM_PASSWORD);
	}

	@Test
	void pkcs11TokenShowsNoPin(CapturedOutput output) {
		TestSoftHsm.get();
		String wrongPin = "wrong-" + TestSoftHsm.PIN;
		String[] pkcs11 = { "jwt-bearer.registration.salesforce.private-key=",
				"jwt-bearer.registration.salesforce.private-key-password=",
				"jwt-bearer.registration.salesforce.certificate=",
				"jwt-bearer.registration.salesforce.pkcs11.library=" + TestSoftHsm.LIBRARY,
				"jwt-bearer.registration.salesforce.pkcs11.slot-list-index=" + TestSoftHsm.slotListIndex(),
				"jwt-bearer.registration.salesforce.pkcs11.pin=" + TestSoftHsm.PIN,
				"jwt-bearer.registration.salesforce.pkcs11.key-label=" + TestSoftHsm.RSA_LABEL };
		contextRunner().withPropertyValues(pkcs11).run((context) -> {
			assertThat(context).hasNotFailed();
			shownByToString(context);
			shownByActuator(context);
		});
		for (String failure : List.of("jwt-bearer.registration.salesforce.pkcs11.key-label=no-such-key",
				"jwt-bearer.registration.salesforce.pkcs11.slot-list-index=" + TestSoftHsm.pinTestSlotListIndex())) {
			contextRunner().withPropertyValues(pkcs11)
				.withPropertyValues(failure,
						failure.contains("slot-list-index")
								? "jwt-bearer.registration.salesforce.pkcs11.pin=" + wrongPin : failure)
				.run((context) -> {
					assertThat(context).hasFailed();
					shownBy(context.getStartupFailure());
					FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					this.shown.add(analysis.getDescription());
					this.shown.add(analysis.getAction());
				});
		}
		assertNoSecretShown(output, TestSoftHsm.PIN, wrongPin);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("keyShapedValues")
	void keyShapedValueThatIsNoLocationIsNeverShown(String property, String shape, String value, String expected,
			CapturedOutput output) {
		String registration = property.equals("key-store") ? "store" : "salesforce";
		List<String> values = new ArrayList<>();
		values.add("jwt-bearer.registration." + registration + "." + property + "=" + value);
		if (property.equals("credentials-file")) {
			values.add("jwt-bearer.registration.salesforce.private-key=");
			values.add("jwt-bearer.registration.salesforce.private-key-password=");
			values.add("jwt-bearer.registration.salesforce.certificate=");
		}
		contextRunner().withPropertyValues(values.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			shownBy(context.getStartupFailure());
			FailureAnalysis analysis = new InvalidJwtBearerRegistrationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(expected)
				.contains("(property jwt-bearer.registration." + registration + "." + property + ")");
			this.shown.add(analysis.getDescription());
			this.shown.add(analysis.getAction());
		});
		String base64 = base64Body(KEY_PAIR);
		for (String text : this.shown) {
			assertNoLongRunOf(base64, text);
		}
		assertNoLongRunOf(base64, output.getAll());
		// the value itself, its armour lines aside: the messages name the armour
		String withoutArmour = String.join("\n",
				value.lines().filter((line) -> !line.toUpperCase(Locale.ROOT).matches(".*(BEGIN|END) .*")).toList());
		assertNoSecretShown(output,
				withoutArmour.isEmpty() ? new String[] { base64 } : new String[] { base64, withoutArmour });
	}

	@Test
	void keyShapedValueIsNotInTheLoggedStartupFailure(CapturedOutput output) {
		String pem = TestKeys.pkcs8Pem(KEY_PAIR.getPrivate()).strip();
		String base64 = base64Body(KEY_PAIR);
		String json = "{\"type\": \"service_account\", \"client_email\": \"robot@acme.iam.gserviceaccount.com\", "
				+ "\"private_key\": \"" + pem.replace("\n", "\\n") + "\"}";
		Map<String, String> values = Map.of("private-key", base64, "certificate",
				pem.replace("BEGIN PRIVATE KEY", "begin private key"), "credentials-file", json);
		values.forEach((property, value) -> {
			SpringApplication application = new SpringApplication(MinimalApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			List<String> args = new ArrayList<>(List.of("--jwt-bearer.registration.sf.provider=salesforce",
					"--jwt-bearer.registration.sf.client-id=3MVG9",
					"--jwt-bearer.registration.sf.subject=integration@acme.com",
					"--jwt-bearer.registration.sf." + property + "=" + value));
			if (property.equals("certificate")) {
				args.add("--jwt-bearer.registration.sf.private-key=" + pem);
			}
			Throwable failure = catchThrowable(() -> application.run(args.toArray(String[]::new)));
			assertThat(failure).isNotNull();
			TestSecrets.assertNoSecretsIn(failure, pem);
		});
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("private-key holds what looks like a key without its '-----BEGIN PRIVATE KEY-----' armour")
			.contains("certificate holds what looks like PEM text whose '-----BEGIN ...-----' line is damaged")
			.contains("credentials-file holds what looks like the JSON key itself, not its location");
		assertNoLongRunOf(base64, output.getAll());
		TestSecrets.assertNoSecretsIn(output.getAll(), pem);
	}

	@Test
	void springsClientRegistrationShowsItsClientSecretSoOursNeverShowIt() {
		contextRunner().run((context) -> {
			JwtBearerRegistration registration = context.getBean(JwtBearerRegistrationRepository.class)
				.findByRegistrationId("salesforce");
			ClientRegistration clientRegistration = registration.getClientRegistration();
			// Spring Security 7.0's ClientRegistration#toString prints the secret
			assertThat(clientRegistration.toString()).contains(CLIENT_SECRET_POST);
			assertThat(registration.toString()).doesNotContain(CLIENT_SECRET_POST);
		});
	}

	// a key as it reaches a property: from an environment variable, pasted with a damaged
	// armour, or the whole JSON key file in place of its location
	static Stream<Arguments> keyShapedValues() {
		String pem = TestKeys.pkcs8Pem(KEY_PAIR.getPrivate()).strip();
		String body = base64Body(KEY_PAIR);
		String lines = pem.lines()
			.filter((line) -> !line.startsWith("-----"))
			.reduce((a, b) -> a + "\n" + b)
			.orElse("");
		String lowerCase = pem.replace("BEGIN PRIVATE KEY", "begin private key")
			.replace("END PRIVATE KEY", "end private key");
		String noArmour = "holds what looks like a key without its '-----BEGIN PRIVATE KEY-----' armour";
		String badArmour = "holds what looks like PEM text whose '-----BEGIN ...-----' line is damaged";
		String json = "{\"type\": \"service_account\", \"client_email\": \"robot@acme.iam.gserviceaccount.com\", "
				+ "\"private_key_id\": \"k1\", \"private_key\": \"" + pem.replace("\n", "\\n") + "\"}";
		return Stream.of(Arguments.of("private-key", "bare base64 body", body, noArmour),
				Arguments.of("private-key", "base64 body in lines", lines, noArmour),
				Arguments.of("private-key", "base64 body with escaped newlines", lines.replace("\n", "\\n"), noArmour),
				Arguments.of("private-key", "four dashes", pem.replace("-----", "----"), badArmour),
				Arguments.of("private-key", "lower-case armour", lowerCase, badArmour),
				Arguments.of("private-key", "header cut off", pem.substring(pem.indexOf('\n') + 1), badArmour),
				Arguments.of("private-key", "armour without dashes",
						"BEGIN PRIVATE KEY\n" + lines + "\nEND PRIVATE KEY", badArmour),
				Arguments.of("private-key", "PEM on one line", pem.replace("\n", " "),
						"Cannot read the private key: the PEM text is damaged"),
				Arguments.of("private-key", "PEM cut short", pem.substring(0, pem.length() / 2),
						"The private key is not PEM text"),
				Arguments.of("certificate", "a private key PEM", pem, "The certificate PEM text holds no certificate"),
				Arguments.of("certificate", "a key in lower-case armour", lowerCase, badArmour),
				Arguments.of("certificate", "bare base64 body", body,
						"holds what looks like a key or certificate without its '-----BEGIN CERTIFICATE-----' armour"),
				Arguments.of("key-store", "PEM text", pem, "key-store holds what looks like PEM text, not a location"),
				Arguments.of("key-store", "bare base64 body", body,
						"key-store holds what looks like base64 key material, not a location"),
				Arguments.of("credentials-file", "the JSON key itself", json,
						"credentials-file holds what looks like the JSON key itself, not its location"),
				Arguments.of("credentials-file", "the JSON key in base64",
						Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)),
						"credentials-file holds what looks like base64 key material, not the location of a JSON key file"),
				Arguments.of("credentials-file", "PEM text", pem,
						"credentials-file holds what looks like PEM text, not the location of a JSON key file"));
	}

	private static String base64Body(KeyPair keyPair) {
		return Base64.getEncoder().encodeToString(keyPair.getPrivate().getEncoded());
	}

	// no 40-character run of the key's base64 anywhere
	private static void assertNoLongRunOf(String base64, String text) {
		for (int i = 0; i + 40 <= base64.length(); i += 8) {
			assertThat(text).doesNotContain(base64.substring(i, i + 40));
		}
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class, SslAutoConfiguration.class,
					JwtBearerObservabilityAutoConfiguration.class))
			.withPropertyValues(properties())
			.withPropertyValues("management.endpoints.web.exposure.include=jwtbearer")
			.withBean(JwtBearerTokenRequestGuard.class, SecretHygieneTests::unguarded);
	}

	// every scripted answer reaches the token endpoint: no backoff, no retry budget (and
	// no error cooldown, in properties())
	private static JwtBearerTokenRequestGuard unguarded() {
		JwtBearerTokenRequestGuard guard = new JwtBearerTokenRequestGuard();
		guard.setBackoff(Duration.ZERO, Duration.ZERO);
		guard.setRetryBudget(Integer.MAX_VALUE);
		return guard;
	}

	private String[] properties() {
		String tokenUri = this.org.url("/services/oauth2/token").toString();
		return new String[] { "jwt-bearer.retry.initial-delay=1ms", "jwt-bearer.retry.max-delay=5ms",
				"jwt-bearer.retry.jitter=0ms", "jwt-bearer.registration.salesforce.error-cooldown=0",
				"jwt-bearer.registration.store.error-cooldown=0",
				"jwt-bearer.registration.salesforce.provider=salesforce",
				"jwt-bearer.registration.salesforce.client-id=3MVG9consumer",
				"jwt-bearer.registration.salesforce.subject=integration@acme.com",
				"jwt-bearer.registration.salesforce.token-uri=" + tokenUri,
				"jwt-bearer.registration.salesforce.private-key="
						+ TestKeys.encryptedPkcs8Pem(KEY_PAIR.getPrivate(), PEM_PASSWORD),
				"jwt-bearer.registration.salesforce.private-key-password=" + PEM_PASSWORD,
				"jwt-bearer.registration.salesforce.certificate="
						+ TestKeys.certificatePem(TestKeys.selfSignedCertificate(KEY_PAIR)),
				"jwt-bearer.registration.salesforce.client-authentication-method=client_secret_post",
				"jwt-bearer.registration.salesforce.client-secret=" + CLIENT_SECRET_POST,
				"jwt-bearer.registration.store.client-id=store-client",
				"jwt-bearer.registration.store.subject=robot@acme.com",
				"jwt-bearer.registration.store.token-uri=" + tokenUri,
				"jwt-bearer.registration.store.key-store=" + keyStore,
				"jwt-bearer.registration.store.key-store-password=" + STORE_PASSWORD,
				"jwt-bearer.registration.store.key-password=" + KEY_PASSWORD,
				"jwt-bearer.registration.store.client-authentication-method=client_secret_basic",
				"jwt-bearer.registration.store.client-secret=" + CLIENT_SECRET_BASIC };
	}

	// answers that fail: each token the token endpoint puts in them is a secret too
	private List<Function<String, MockResponse>> errors() {
		return List.of(
				(token) -> TestTokenEndpoint.json(400,
						"{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}"),
				(token) -> TestTokenEndpoint.json(401, "{\"error\":\"invalid_client\"}"),
				(token) -> TestTokenEndpoint.json(200, "{\"access_token\":" + token + ",\"token_type\":\"Bearer\"}"),
				(token) -> html(200, "<html>Welcome " + token + "</html>"),
				(token) -> TestTokenEndpoint.json(200,
						"{\"refresh_token\":\"" + token + "\",\"token_type\":\"Bearer\"}"),
				(token) -> TestTokenEndpoint.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"mac\"}"),
				(token) -> TestTokenEndpoint.json(200,
						"{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"pad\":\"" + "x".repeat(70_000)
								+ "\"}"),
				(token) -> new MockResponse.Builder(TestTokenEndpoint.salesforceResponse(token))
					.onResponseStart(new SocketEffect.CloseSocket())
					.build());
	}

	private MockResponse token(RecordedRequest request) {
		Map<String, String> form = TestTokenEndpoint.formParameters(request);
		this.assertions.add(form.get("assertion"));
		String token = "tok_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
				+ Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
		this.tokens.add(token);
		Function<String, MockResponse> scripted = this.scriptedAnswers.poll();
		if (scripted != null) {
			return scripted.apply(token);
		}
		return TestTokenEndpoint.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\","
				+ "\"expires_in\":" + this.expiresIn + ",\"instance_url\":\"" + this.org.url("/").toString() + "\"}");
	}

	private MockResponse api(RecordedRequest request) {
		String authorization = request.getHeaders().get("Authorization");
		String token = (authorization != null) ? authorization.substring("Bearer ".length()) : "";
		if (!this.tokens.contains(token) || this.revoked.contains(token)) {
			return TestTokenEndpoint.json(401,
					"[{\"message\":\"Session expired or invalid\"," + "\"errorCode\":\"INVALID_SESSION_ID\"}]");
		}
		return TestTokenEndpoint.json(200, "{\"ok\":true}");
	}

	private static MockResponse html(int status, String body) {
		return new MockResponse.Builder().code(status).setHeader("Content-Type", "text/html").body(body).build();
	}

	private String get(RestClient restClient, String registrationId) {
		return restClient.get()
			.uri(this.org.url("/api").uri())
			.attributes(clientRegistrationId(registrationId))
			.retrieve()
			.body(String.class);
	}

	private static RestClient restClient(ApplicationContext context) {
		RestClient.Builder builder = RestClient.builder();
		context.getBean(JwtBearerRestClientCustomizer.class).customize(builder);
		return builder.build();
	}

	private static WebClient webClient(ApplicationContext context) {
		WebClient.Builder builder = WebClient.builder();
		context.getBean(JwtBearerWebClientCustomizer.class).customize(builder);
		return builder.build();
	}

	// a fresh token request: forget the token first, then ask
	private void shownByAuthorize(OAuth2AuthorizedClientManager manager, String registrationId, boolean fresh) {
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
			.principal("app")
			.build();
		if (fresh) {
			((JwtBearerOAuth2AuthorizedClientManager) manager).removeAuthorizedClient(request);
		}
		try {
			this.shown.add(String.valueOf(manager.authorize(request)));
		}
		catch (RuntimeException ex) {
			shownBy(ex);
		}
	}

	private void shownByToString(ApplicationContext context) {
		JwtBearerProperties properties = context.getBean(JwtBearerProperties.class);
		this.shown.add(properties.getRegistration().toString());
		for (String id : List.of("salesforce", "store")) {
			JwtBearerRegistration registration = context.getBean(JwtBearerRegistrationRepository.class)
				.findByRegistrationId(id);
			JwtAssertionMinter minter = registration.getAssertionMinter();
			this.shown.add(registration.toString());
			this.shown.add(minter.toString());
			this.shown.add(String.valueOf(minter.getSigner()));
		}
	}

	// what the jwtbearer endpoint and the health indicators answer, as JSON
	private void shownByActuator(ApplicationContext context) {
		JsonMapper json = JsonMapper.builder().build();
		JwtBearerEndpoint endpoint = context.getBean(JwtBearerEndpoint.class);
		String registrations = json.writeValueAsString(endpoint.registrations());
		assertThat(registrations).contains("salesforce").contains("store");
		this.shown.add(registrations);
		this.shown.add(json.writeValueAsString(endpoint.registration("salesforce")));
		CompositeHealthContributor health = context.getBean("jwtBearerHealthContributor",
				CompositeHealthContributor.class);
		health.stream().forEach((entry) -> {
			Health indicator = ((HealthIndicator) entry.contributor()).health(true);
			this.shown.add(json.writeValueAsString(indicator.getDetails()) + " " + indicator);
		});
	}

	private void shownBy(Throwable ex) {
		StringWriter trace = new StringWriter();
		ex.printStackTrace(new PrintWriter(trace));
		this.shown.add(trace.toString());
		for (Throwable cause : TestSecrets.chain(ex)) {
			this.shown.add(String.valueOf(cause.getMessage()));
			this.shown.add(cause.toString());
		}
	}

	private void awaitTokenRequests(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.tokens.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.tokens).hasSizeGreaterThanOrEqualTo(count);
		// let the renewal store its token and log
		Thread.sleep(200);
	}

	private void assertNoSecretShown(CapturedOutput output, String... moreSecrets) {
		List<String> secrets = new ArrayList<>(List.of(PEM_PASSWORD, STORE_PASSWORD, KEY_PASSWORD, CLIENT_SECRET_POST,
				CLIENT_SECRET_BASIC, TestKeys.pkcs8Pem(KEY_PAIR.getPrivate()),
				TestKeys.encryptedPkcs8Pem(KEY_PAIR.getPrivate(), PEM_PASSWORD)));
		secrets.addAll(List.of(moreSecrets));
		secrets.addAll(this.tokens);
		this.assertions.stream().filter((assertion) -> assertion != null).forEach(secrets::add);
		String[] all = secrets.toArray(String[]::new);
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : this.appender.list) {
			lines.add(event.getFormattedMessage());
			if (event.getThrowableProxy() != null) {
				lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
			}
		}
		assertThat(lines).as("log lines at TRACE").isNotEmpty();
		for (String line : lines) {
			TestSecrets.assertNoSecretsIn(line, all);
		}
		for (String text : this.shown) {
			TestSecrets.assertNoSecretsIn(text, all);
		}
		TestSecrets.assertNoSecretsIn(output.getAll(), all);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(JwtBearerAutoConfiguration.class)
	static class MinimalApplication {

	}

}
