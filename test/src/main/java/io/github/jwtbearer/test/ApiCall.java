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

import org.jspecify.annotations.Nullable;

/**
 * A call that reached the API of a {@link MockJwtBearerServer}: any path but the token
 * endpoint's. Its {@code toString} shows no token.
 *
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
public final class ApiCall {

	private final String method;

	private final String path;

	private final boolean authorized;

	private final int status;

	private final @Nullable String accessToken;

	ApiCall(String method, String path, @Nullable String accessToken, boolean authorized, int status) {
		this.method = method;
		this.path = path;
		this.accessToken = accessToken;
		this.authorized = authorized;
		this.status = status;
	}

	/**
	 * Return the HTTP method.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Return the path and query of the call.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return the bearer token the call carried, if any.
	 * @return the access token or {@code null}
	 */
	public @Nullable String getAccessToken() {
		return this.accessToken;
	}

	/**
	 * Return whether the call carried a live token the server issued.
	 * @return whether the call was authorized
	 */
	public boolean isAuthorized() {
		return this.authorized;
	}

	/**
	 * Return the HTTP status the server answered.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	@Override
	public String toString() {
		return "ApiCall[" + this.method + " " + this.path + ", status=" + this.status + "]";
	}

}
