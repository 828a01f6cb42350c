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

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counters JMH reports beside the time: the token requests the endpoint received and the
 * runs they were counted over, each summed over threads and measured iterations. Token
 * requests per run is their quotient.
 *
 * @author JWT Bearer for Spring contributors
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class TokenRequestCounts {

	public long tokenRequests;

	public long runs;

	@Setup(Level.Iteration)
	public void reset() {
		this.tokenRequests = 0;
		this.runs = 0;
	}

	void record(int tokenRequests) {
		this.tokenRequests += tokenRequests;
		this.runs++;
	}

}
