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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the shared token store's benchmarks (which start a {@code redis-server}) in one
 * JMH run and prints the {@code ## Shared token store} section of
 * {@code docs/performance.md}. JMH's command line options (such as {@code -wi 1 -i 2})
 * shorten the run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.jwtbearer.benchmarks.SharedStoreReport -wi 1 -i 3}.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class SharedStoreReport {

	/**
	 * The JMH include pattern of the shared token store's benchmarks.
	 */
	public static final String BENCHMARKS = "io\\.github\\.jwtbearer\\.benchmarks\\.SharedStore.*Benchmark\\..*";

	private SharedStoreReport() {
	}

	public static void main(String[] args) throws Exception {
		Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
			.include(BENCHMARKS)
			.shouldFailOnError(true)
			.build();
		System.out.println(run(options).markdown());
	}

	/**
	 * Run the benchmarks and render the section.
	 * @param options the JMH options
	 * @return the results and the section
	 * @throws RunnerException if a benchmark fails
	 */
	static Report run(Options options) throws RunnerException {
		Map<String, List<RunResult>> results = new TreeMap<>();
		for (RunResult result : new Runner(options).run()) {
			results.computeIfAbsent(Results.name(result), (name) -> new ArrayList<>()).add(result);
		}
		return new Report(results, render(results));
	}

	static String render(Map<String, List<RunResult>> results) {
		List<RunResult> shared = results.get("SharedStoreColdStartBenchmark.sharedStore");
		List<RunResult> memory = results.get("SharedStoreColdStartBenchmark.memoryStore");
		List<RunResult> stock = results.get("SharedStoreColdStartBenchmark.stock");
		List<Results.Pair> hits = Results.pairs(results.get("SharedStoreReadBenchmark.nearCacheBesideMemory"));
		List<RunResult> reads = results.get("SharedStoreReadBenchmark.readFromStore");
		Results.Pair hit = hits.get(0);
		StringBuilder markdown = new StringBuilder();
		markdown.append("| Row | Shared store (Redis) | Memory store | Stock Spring Security | Ratio |\n");
		markdown.append("|---|---|---|---|---|\n");
		markdown.append(String.format(Locale.ROOT,
				"| 7 | token requests, %d-replica cold start (%d callers per replica) | %.1f | %.1f | %.1f | %.0fx fewer than the memory store |%n",
				SharedStoreColdStartBenchmark.REPLICAS, SharedStoreColdStartBenchmark.CALLERS_PER_REPLICA,
				Results.tokenRequestsPerRun(shared), Results.tokenRequestsPerRun(memory),
				Results.tokenRequestsPerRun(stock),
				Results.tokenRequestsPerRun(memory) / Results.tokenRequestsPerRun(shared)));
		markdown.append(String.format(Locale.ROOT,
				"| 7 | time of that cold start, until the last caller has its token | %.0f ms | %.0f ms | %.0f ms | |%n",
				Results.medianScore(shared), Results.medianScore(memory), Results.medianScore(stock)));
		markdown.append(String.format(Locale.ROOT,
				"| 8 | `authorize()`, token cached (near cache, Redis running) | %.1f ns | %.1f ns | | %.2fx |%n",
				hit.oursNanos(), hit.referenceNanos(), hit.ratio()));
		markdown.append(String.format(Locale.ROOT,
				"| 9 | token read from the store by a replica that lacks it | %.0f µs | | | |%n",
				Results.medianScore(reads)));
		return markdown.toString();
	}

	/**
	 * What a run measured, and the section rendered from it.
	 *
	 * @param results the JMH results by {@link Results#name(RunResult) name}
	 * @param markdown the section's table
	 */
	record Report(Map<String, List<RunResult>> results, String markdown) {
	}

}
