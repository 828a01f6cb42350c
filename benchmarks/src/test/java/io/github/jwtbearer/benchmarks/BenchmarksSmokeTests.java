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

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark in two brief rounds in this JVM, so that the benchmarks cannot rot
 * between the full runs made by hand. It checks that each produced a result and the token
 * request counts, never a time.
 *
 * @author JWT Bearer for Spring contributors
 */
class BenchmarksSmokeTests {

	@Test
	void everyBenchmarkRunsAndTheReportRenders() throws RunnerException {
		Options options = new OptionsBuilder().include(PerformanceReport.BENCHMARKS)
			.forks(0)
			.warmupIterations(1)
			.warmupTime(TimeValue.milliseconds(100))
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(100))
			.param("calls", "20")
			.param("delayMillis", "20")
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		PerformanceReport.Report report = PerformanceReport.run(options, 2, 500, 5_000);
		Map<String, List<RunResult>> results = report.results();
		assertThat(results).containsOnlyKeys("CacheHitBenchmark.oursBesideStock",
				"AssertionMintBenchmark.oursBesideJca:RS256", "AssertionMintBenchmark.oursBesideJca:PS256",
				"AssertionMintBenchmark.oursBesideJca:ES256", "AssertionMintBenchmark.jcaNewSignatureBesideJca:RS256",
				"AssertionMintBenchmark.jcaNewSignatureBesideJca:PS256",
				"AssertionMintBenchmark.jcaNewSignatureBesideJca:ES256", "SequentialCallsBenchmark.ours",
				"SequentialCallsBenchmark.stock", "ColdBurstBenchmark.ours", "ColdBurstBenchmark.stock",
				"HttpClientBenchmark.restClientWithToken", "HttpClientBenchmark.restClientWithTokenAtInstanceUrl",
				"HttpClientBenchmark.restClientWithSpringSecurityOnly", "HttpClientBenchmark.webClientWithToken",
				"HttpClientBenchmark.webClientWithTokenAtInstanceUrl",
				"HttpClientBenchmark.webClientWithSpringSecurityOnly",
				"HttpClientBenchmark.webClientNoAuthorizationBesideItself",
				"HttpClientBenchmark.webClientWithTokenBesideSpringSecurity",
				"HttpClientBenchmark.webClientWithTokenAtInstanceUrlBesideSpringSecurity",
				"ContendedCacheHitBenchmark.ours", "ContendedCacheHitBenchmark.stock",
				"FirstCallBenchmark.withPrefetch", "FirstCallBenchmark.withoutPrefetch",
				"StoreInsertBenchmark.insertIntoFullStore:10000", "StoreInsertBenchmark.insertIntoFullStore:100000");
		assertThat(results.values()).allSatisfy((rounds) -> assertThat(rounds).hasSize(2)
			.allSatisfy((result) -> assertThat(result.getPrimaryResult().getScore()).isPositive().isFinite()));
		assertThat(results).allSatisfy((name, rounds) -> {
			if (!name.startsWith("SequentialCalls") && !name.startsWith("ColdBurst") && !name.startsWith("StoreInsert")
					&& !name.startsWith("ContendedCacheHit") && !name.startsWith("FirstCall")) {
				assertThat(Results.pairs(rounds))
					.allSatisfy((pair) -> assertThat(pair.ratio()).isPositive().isFinite());
			}
		});
		assertThat(Results.tokenRequestsPerRun(results.get("SequentialCallsBenchmark.ours"))).isEqualTo(1.0);
		assertThat(Results.tokenRequestsPerRun(results.get("SequentialCallsBenchmark.stock"))).isEqualTo(20.0);
		assertThat(Results.tokenRequestsPerRun(results.get("ColdBurstBenchmark.ours"))).isEqualTo(1.0);
		assertThat(Results.tokenRequestsPerRun(results.get("ColdBurstBenchmark.stock"))).isGreaterThan(1.0);
		assertThat(report.memory().sizeAfter()).isLessThanOrEqualTo(500);
		assertThat(report.memory().bytesPerSubject()).isPositive();
		assertThat(report.markdown()).contains("| 1 | `authorize()` through the manager, token cached |")
			.contains("| 6 | store bound (max-size 500) under 5,000 subjects | 500 kept;")
			.contains("| 7 | `authorize()` calls per µs, 64 threads on a cached token |")
			.contains("| 8 | first RestClient call after startup, token prefetched")
			.doesNotContain("NaN");
	}

	@Test
	void sharedStoreBenchmarksRunAndTheSectionRenders() throws RunnerException {
		if (RedisProcess.binary() == null) {
			Assumptions.assumeTrue("true".equals(System.getenv("CI")),
					"redis-server is not installed (apt-get install -y redis-server)");
			throw new IllegalStateException("redis-server is not installed: .ci/run must install it");
		}
		Options options = new OptionsBuilder().include(SharedStoreReport.BENCHMARKS)
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(100))
			.param("delayMillis", "20")
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		SharedStoreReport.Report report = SharedStoreReport.run(options);
		Map<String, List<RunResult>> results = report.results();
		assertThat(results).containsOnlyKeys("SharedStoreColdStartBenchmark.sharedStore",
				"SharedStoreColdStartBenchmark.memoryStore", "SharedStoreColdStartBenchmark.stock",
				"SharedStoreReadBenchmark.nearCacheBesideMemory", "SharedStoreReadBenchmark.readFromStore");
		assertThat(Results.tokenRequestsPerRun(results.get("SharedStoreColdStartBenchmark.sharedStore")))
			.isEqualTo(1.0);
		assertThat(Results.tokenRequestsPerRun(results.get("SharedStoreColdStartBenchmark.memoryStore")))
			.isEqualTo(8.0);
		assertThat(Results.tokenRequestsPerRun(results.get("SharedStoreColdStartBenchmark.stock")))
			.isGreaterThanOrEqualTo(8.0);
		assertThat(Results.medianScore(results.get("SharedStoreReadBenchmark.readFromStore"))).isPositive();
		assertThat(report.markdown()).contains("| 7 | token requests, 8-replica cold start").doesNotContain("NaN");
	}

}
