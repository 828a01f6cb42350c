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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Annotation for a test class (such as a {@code @SpringBootTest}) whose application
 * should get its tokens from a {@link MockJwtBearerServer}: the server starts before the
 * application context, every {@code jwt-bearer.registration.<id>.token-uri} (or those
 * named by {@link #registrations()}) points at it, it trusts each registration's
 * {@code client-id} with the public key of its {@code certificate}, {@code private-key},
 * {@code key-store} or {@code credentials-file} and accepts its {@code subject}, it is a
 * bean the test can inject, and it stops with the context.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureMockJwtBearerServer {

	/**
	 * The ids of the registrations to point at the server; all of them when empty.
	 * @return the registration ids
	 */
	String[] registrations() default {};

	/**
	 * The provider the server answers as; when empty, the one of the first registration's
	 * {@code provider} ({@code salesforce} and {@code salesforce-sandbox} give
	 * {@link MockJwtBearerServer.Provider#SALESFORCE SALESFORCE}, {@code google} gives
	 * {@link MockJwtBearerServer.Provider#GOOGLE GOOGLE}, anything else
	 * {@link MockJwtBearerServer.Provider#GENERIC GENERIC}).
	 * @return the provider
	 */
	MockJwtBearerServer.Provider[] provider() default {};

}
