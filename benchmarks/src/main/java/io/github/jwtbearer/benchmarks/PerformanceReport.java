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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark with its own settings (one fork each) in {@value #ROUNDS} rounds
 * (or as many as the {@code rounds} system property says), so that ours and its reference
 * alternate in time on a machine whose load drifts, with JMH's GC profiler for the bytes
 * allocated per call, then measures the memory of cached subjects, and writes the table
 * of ratios and counts to {@code docs/performance.md}, or to the file named by the first
 * argument.
 *
 * @author JWT Bearer for Spring contributors
 */
public final class PerformanceReport {

	/**
	 * The JMH include pattern of every benchmark of this report; the shared token store's
	 * need a Redis and have their own ({@link SharedStoreReport}).
	 */
	public static final String BENCHMARKS = "io\\.github\\.jwtbearer\\.benchmarks\\.(?!SharedStore).*Benchmark\\..*";

	/**
	 * How many times every benchmark runs.
	 */
	static final int ROUNDS = 5;

	private PerformanceReport() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Path output = Path.of((args.length > 0) ? args[0] : "docs/performance.md");
		Options options = new OptionsBuilder().include(BENCHMARKS).shouldFailOnError(true).build();
		Report report = run(options, Integer.getInteger("rounds", ROUNDS), Managers.DEFAULT_STORE_SIZE, 100_000);
		Path directory = output.toAbsolutePath().getParent();
		if (directory != null) {
			Files.createDirectories(directory);
		}
		Files.writeString(output, report.markdown());
		System.out.println(report.markdown());
		System.out.println("Written to " + output.toAbsolutePath());
	}

	/**
	 * Run the benchmarks and the memory measurement, and render the report.
	 * @param options the JMH options
	 * @param rounds how many times to run every benchmark
	 * @param maxSize the store's bound in the memory measurement
	 * @param subjects the subjects that go through the store, more than {@code maxSize}
	 * @return the results and the report
	 * @throws RunnerException if a benchmark fails
	 */
	static Report run(Options options, int rounds, int maxSize, int subjects) throws RunnerException {
		// first, while no benchmark's threads (event loops, connection pools) still free
		// or
		// allocate memory of their own beside the measurement
		CachedSubjectMemory.Measurement memory = CachedSubjectMemory.measure(maxSize, subjects);
		Map<String, List<RunResult>> results = new TreeMap<>();
		for (int round = 1; round <= rounds; round++) {
			System.out.println("# Round " + round + " of " + rounds);
			for (RunResult result : new Runner(options).run()) {
				results.computeIfAbsent(Results.name(result), (name) -> new ArrayList<>()).add(result);
			}
		}
		return new Report(results, memory, new PerformanceTable(results, memory, Machine.describe()).render());
	}

	/**
	 * What a run measured, and the report rendered from it.
	 *
	 * @param results the JMH results of each round by {@link Results#name(RunResult)
	 * name}
	 * @param memory the memory measurement
	 * @param markdown the report
	 */
	record Report(Map<String, List<RunResult>> results, CachedSubjectMemory.Measurement memory, String markdown) {
	}

}
