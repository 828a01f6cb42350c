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

package io.github.jwtbearer.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The sample application: calls Salesforce's REST API through an {@code @HttpExchange}
 * interface and a {@code RestClient}, with tokens of the JWT bearer grant that the
 * starter obtains from {@code application.yml} alone.
 * <p>
 * With {@code SF_CONSUMER_KEY} unset (or {@code sample.org=embedded}), it first starts an
 * {@link io.github.jwtbearer.sample.org.EmbeddedOrg embedded org} and passes its values
 * as default properties.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@SpringBootApplication
@ImportHttpServices(group = "salesforce", types = SalesforceApi.class,
		clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
public class SampleApplication {

	/**
	 * Run the sample and exit with its exit code.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		System.exit(SpringApplication.exit(run(args)));
	}

	/**
	 * Run the sample, starting the embedded org first unless a real org is configured.
	 * The embedded org stops when the returned context closes.
	 * @param args the command line arguments
	 * @return the application context, its runner done
	 */
	public static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		if (!EmbeddedOrgLauncher.isSelected(environment)) {
			return application.run(args);
		}
		EmbeddedOrgLauncher launcher = EmbeddedOrgLauncher.start();
		application.setDefaultProperties(launcher.getProperties());
		application
			.addInitializers((context) -> ((GenericApplicationContext) context).registerBean(EmbeddedOrgLauncher.class,
					() -> launcher, (definition) -> definition.setDestroyMethodName("close")));
		try {
			return application.run(args);
		}
		catch (RuntimeException ex) {
			launcher.close();
			throw ex;
		}
	}

}
