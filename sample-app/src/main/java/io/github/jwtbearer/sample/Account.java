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

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Salesforce Account, with the fields the sample reads. Salesforce names fields in
 * PascalCase; the fields a query did not select are {@code null}.
 *
 * @param id the 18-character id
 * @param name the name
 * @param industry the industry
 * @param billingCity the city of the billing address
 * @author JWT Bearer for Spring contributors
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Account(@JsonProperty("Id") String id, @JsonProperty("Name") String name,
		@JsonProperty("Industry") @Nullable String industry,
		@JsonProperty("BillingCity") @Nullable String billingCity) {

}
