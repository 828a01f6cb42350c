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
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.jwtbearer.client.JwtBearerOAuth2AuthorizedClientManager;
import io.github.jwtbearer.client.JwtBearerTokenRequestGuard;
import io.github.jwtbearer.fixtures.TestKeys;
import io.github.jwtbearer.fixtures.TestTokenEndpoint;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every message that docs/troubleshooting.md quotes under a
 * {@code <!-- checked message: ... -->} marker is one the starter really produces: the
 * test reads the fenced block that follows each marker and finds it, whitespace
 * normalised and with {@code ...} standing for left-out text, in a failure of the
 * auto-configuration or of a token request. The error hints table is checked the same way
 * by {@code JwtBearerErrorHintTests} in the core.
 *
 * @author JWT Bearer for Spring contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class TroubleshootingMessagesTests {

	private static final Path TROUBLESHOOTING = Path.of("../docs/troubleshooting.md");

	private static final Pattern CHECKED_BLOCK = Pattern
		.compile("<!-- checked message: [^>]*-->\\s*\\n(\\s*)```[a-z]*\\n(.*?)\\n\\s*```", Pattern.DOTALL);

	private static final List<FailureAnalyzer> ANALYZERS = List.of(new InvalidJwtBearerRegistrationFailureAnalyzer(),
			new UnknownJwtBearerPropertyFailureAnalyzer(), new JwtBearerInactiveFailureAnalyzer());

	@TempDir
	static Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new JwtBearerInactiveCheckInitializer())
		.withConfiguration(AutoConfigurations.of(JwtBearerAutoConfiguration.class));

	private final List<String> produced = new ArrayList<>();

	@Test
	void everyCheckedMessageOfTheTroubleshootingPageIsOneTheStarterProduces(CapturedOutput output) throws IOException {
		String key = "file:"
				+ TestPemFiles.write(directory, "salesforce.key", TestPemFiles.privateKeyPem(TestPemFiles.rsa()));
		startupFailure("""
				jwt-bearer:
				  registration:
				    salesforce:
				      provider: salesforce
				      client-id: 3MVG9
				      private-key: %s
				""".formatted(key));
		startupFailure("""
				jwt-bearer:
				  registration:
				    salesforce:
				      provider: salesforce
				      client-id: 3MVG9
				      subject: integration@acme.com
				      token-url: https://acme.my.salesforce.com/services/oauth2/token
				      private-key: %s
				""".formatted(key));
		startupFailure("""
				jwt-bearer:
				  registrations:
				    salesforce:
				      client-id: 3MVG9
				""");
		String certificate = "file:" + TestPemFiles.write(directory, "salesforce.crt", TestKeys.certificatePem(TestKeys
			.selfSignedCertificate(TestPemFiles.rsa(), "integration", Instant.parse("2026-01-31T12:00:00Z"))));
		startupFailure("""
				jwt-bearer:
				  registration:
				    salesforce:
				      provider: salesforce
				      client-id: 3MVG9
				      subject: integration@acme.com
				      private-key: %s
				      certificate: %s
				""".formatted(key, certificate));
		// a key from an environment variable, its armour lost on the way
		startupFailure("""
				jwt-bearer:
				  registration:
				    salesforce:
				      provider: salesforce
				      client-id: 3MVG9
				      subject: integration@acme.com
				      private-key: %s
				""".formatted(Base64.getEncoder().encodeToString(TestPemFiles.rsa().getPrivate().getEncoded())));
		// a PKCS#11 module path that names no file (#14)
		startupFailure("""
				jwt-bearer:
				  registration:
				    salesforce:
				      provider: salesforce
				      client-id: 3MVG9
				      subject: integration@acme.com
				      pkcs11:
				        library: /opt/hsm/lib/libvendorpkcs11.so
				        pin: ${HSM_PIN:1234}
				        key-label: salesforce-signing
				""");
		startupFailure("""
				jwt-bearer:
				  registration:
				    keycloak:
				      client-id: batch
				      subject: integration
				      token-uri: https://sso.acme.com/realms/acme/protocol/openid-connect/token
				      private-key: %s
				      revoke-on-shutdown: true
				""".formatted(key));
		refusedTokenRequest(key, output);
		guardedTokenRequests(key, output);
		List<String> blocks = checkedBlocks();
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
		for (String block : blocks) {
			assertThat(this.produced).as("a message the starter produces for the quoted block%n%s", block)
				.anyMatch((message) -> matches(block, message));
		}
	}

	private void startupFailure(String applicationYaml) {
		this.contextRunner.withInitializer(
				(context) -> context.getEnvironment().getPropertySources().addFirst(applicationYaml(applicationYaml)))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = ANALYZERS.stream()
					.map((analyzer) -> analyzer.analyze(context.getStartupFailure()))
					.filter((candidate) -> candidate != null)
					.findFirst()
					.orElseThrow();
				this.produced.add("APPLICATION FAILED TO START\n\nDescription:\n\n" + analysis.getDescription()
						+ "\n\nAction:\n\n" + analysis.getAction());
			});
	}

	private void refusedTokenRequest(String key, CapturedOutput output) throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(TestTokenEndpoint.invalidGrantResponse());
			server.start(InetAddress.getLoopbackAddress(), 0);
			this.contextRunner
				.withPropertyValues("jwt-bearer.retry.max-attempts=1",
						"jwt-bearer.registration.salesforce.provider=salesforce",
						"jwt-bearer.registration.salesforce.client-id=3MVG9",
						"jwt-bearer.registration.salesforce.subject=integration@acme.com",
						"jwt-bearer.registration.salesforce.private-key=" + key,
						"jwt-bearer.registration.salesforce.token-uri=" + server.url("/services/oauth2/token"))
				.run((context) -> {
					Throwable ex = catchThrowable(() -> context.getBean(OAuth2AuthorizedClientManager.class)
						.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
							.principal("scheduler")
							.build()));
					assertThat(ex).isNotNull().cause().isNotNull();
					this.produced.add(ex.getClass().getName() + ": " + ex.getMessage() + "\nCaused by: "
							+ ex.getCause().getClass().getName() + ": " + ex.getCause().getMessage());
					this.produced.add(ex.getMessage());
				});
		}
		output.getOut()
			.lines()
			.filter((line) -> line.contains("JWT bearer registrations active: "))
			.map((line) -> line.substring(line.indexOf("JWT bearer registrations active: ")))
			.forEach(this.produced::add);
	}

	// the error cooldown after a refusal, the login budget and its warning
	private void guardedTokenRequests(String key, CapturedOutput output) throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(TestTokenEndpoint.invalidGrantResponse());
			for (int i = 0; i < 5; i++) {
				server.enqueue(TestTokenEndpoint.salesforceResponse("00Dxx!token-" + i));
			}
			server.start(InetAddress.getLoopbackAddress(), 0);
			this.contextRunner
				.withPropertyValues("jwt-bearer.retry.max-attempts=1",
						"jwt-bearer.registration.salesforce.provider=salesforce",
						"jwt-bearer.registration.salesforce.client-id=3MVG9",
						"jwt-bearer.registration.salesforce.subject=integration@acme.com",
						"jwt-bearer.registration.salesforce.private-key=" + key,
						"jwt-bearer.registration.salesforce.max-token-requests-per-hour=5",
						"jwt-bearer.registration.salesforce.token-uri=" + server.url("/services/oauth2/token"))
				.run((context) -> {
					JwtBearerOAuth2AuthorizedClientManager manager = context
						.getBean(JwtBearerOAuth2AuthorizedClientManager.class);
					OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("salesforce")
						.principal("scheduler")
						.build();
					assertThat(catchThrowable(() -> manager.authorize(request))).isNotNull();
					this.produced.add(catchThrowable(() -> manager.authorize(request)).getMessage());
					context.getBean(JwtBearerTokenRequestGuard.class).endCooldown("salesforce");
					for (int i = 0; i < 4; i++) {
						manager.authorize(request);
						manager.removeAuthorizedClient(request);
					}
					this.produced.add(catchThrowable(() -> manager.authorize(request)).getMessage());
				});
		}
		output.getOut()
			.lines()
			.filter((line) -> line.contains("token requests per hour for"))
			.map((line) -> line.substring(line.indexOf("Registration '")))
			.forEach(this.produced::add);
	}

	// a file named application.yml on a class path of its own, so that the origins read
	// as they do in an application: class path resource [application.yml] - 7:18
	private static PropertySource<?> applicationYaml(String yaml) {
		try {
			Path root = Files.createTempDirectory(directory, "classpath");
			Files.writeString(root.resolve("application.yml"), yaml, StandardCharsets.UTF_8);
			ClassLoader classLoader = new URLClassLoader(new URL[] { root.toUri().toURL() }, null);
			return new YamlPropertySourceLoader()
				.load("Config resource 'class path resource [application.yml]'",
						new ClassPathResource("application.yml", classLoader))
				.get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> checkedBlocks() throws IOException {
		String page = Files.readString(TROUBLESHOOTING, StandardCharsets.UTF_8);
		List<String> blocks = new ArrayList<>();
		Matcher matcher = CHECKED_BLOCK.matcher(page);
		while (matcher.find()) {
			blocks.add(matcher.group(2));
		}
		return blocks;
	}

	// the block's text, without Boot's rules of asterisks, must occur in the message,
	// each part between two '...' in its turn
	private static boolean matches(String block, String message) {
		String text = normalize(block.lines().filter((line) -> !line.strip().matches("\\*+")).toList());
		String produced = normalize(message.lines().toList());
		int from = 0;
		for (String part : text.split("\\.\\.\\.")) {
			String wanted = part.strip();
			if (wanted.isEmpty()) {
				continue;
			}
			int at = produced.indexOf(wanted, from);
			if (at < 0) {
				return false;
			}
			from = at + wanted.length();
		}
		return true;
	}

	private static String normalize(List<String> lines) {
		return String.join(" ", lines).replaceAll("\\s+", " ").strip();
	}

}
