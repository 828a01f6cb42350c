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
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.ListStatistics;

/**
 * What the report reads from JMH's results.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Results {

	private Results() {
	}

	/**
	 * Return the benchmark's name: its class and method, then its parameters, as in
	 * {@code AssertionMintBenchmark.ours:RS256}.
	 * @param result the result
	 * @return the name
	 */
	static String name(RunResult result) {
		BenchmarkParams params = result.getParams();
		String benchmark = params.getBenchmark();
		StringBuilder name = new StringBuilder(
				benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
		for (String key : params.getParamsKeys()) {
			if (!"calls".equals(key) && !"delayMillis".equals(key)) {
				name.append(':').append(params.getParam(key));
			}
		}
		return name.toString();
	}

	/**
	 * Return the token requests per run counted by {@link TokenRequestCounts} over every
	 * round.
	 * @param rounds the results of a benchmark with token request counts
	 * @return the token requests per run
	 */
	static double tokenRequestsPerRun(List<RunResult> rounds) {
		double tokenRequests = 0;
		double runs = 0;
		for (RunResult result : rounds) {
			var counters = result.getSecondaryResults();
			Checks.state(counters.containsKey("tokenRequests") && counters.containsKey("runs"),
					"no token requests counted by " + name(result));
			tokenRequests += counters.get("tokenRequests").getScore();
			runs += counters.get("runs").getScore();
		}
		Checks.state(runs > 0, "no runs counted");
		return tokenRequests / runs;
	}

	/**
	 * Return the median of the rounds' {@link #roundScore(RunResult) scores}.
	 * @param rounds the results of a benchmark
	 * @return the median score
	 */
	static double medianScore(List<RunResult> rounds) {
		return median(rounds.stream().mapToDouble(Results::roundScore).toArray());
	}

	/**
	 * Return the score of one round: the median of its measured iterations rather than
	 * JMH's mean, so that an iteration that another process slowed down weighs no more
	 * than any other.
	 * @param result the result of one round
	 * @return the score
	 */
	static double roundScore(RunResult result) {
		return median(result.getBenchmarkResults()
			.stream()
			.flatMap((benchmarkResult) -> benchmarkResult.getIterationResults().stream())
			.mapToDouble((iteration) -> iteration.getPrimaryResult().getScore())
			.toArray());
	}

	/**
	 * Return what {@link PairedCalls} counted in each round.
	 * @param rounds the results of a paired benchmark
	 * @return the rounds' pairs, in round order
	 */
	static List<Pair> pairs(List<RunResult> rounds) {
		List<Pair> pairs = new ArrayList<>();
		for (RunResult result : rounds) {
			var counters = result.getSecondaryResults();
			Checks.state(counters.containsKey("calls"), "no paired calls counted by " + name(result));
			double calls = counters.get("calls").getScore();
			pairs.add(new Pair(counters.get("oursNanos").getScore() / calls,
					counters.get("referenceNanos").getScore() / calls, counters.get("oursBytes").getScore() / calls,
					counters.get("referenceBytes").getScore() / calls));
		}
		return pairs;
	}

	/**
	 * Return the ratio of the {@link #roundScore(RunResult) scores} of each round of two
	 * benchmarks run one after the other.
	 * @param ours the results of ours
	 * @param reference the results of the reference, round by round
	 * @return the ratios, in round order
	 */
	static double[] ratios(List<RunResult> ours, List<RunResult> reference) {
		Checks.state(ours.size() == reference.size(), "not as many rounds of both");
		double[] ratios = new double[ours.size()];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = roundScore(ours.get(i)) / roundScore(reference.get(i));
		}
		return ratios;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return ((sorted.length % 2) == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * Return a percentile of every sample of the measured iterations of every round: for
	 * a single shot benchmark, one per thread per iteration.
	 * @param rounds the results
	 * @param percentile the percentile, from 0 to 100
	 * @return the percentile, in the benchmark's unit
	 */
	static double percentile(List<RunResult> rounds, double percentile) {
		ListStatistics samples = new ListStatistics();
		for (BenchmarkResult benchmarkResult : benchmarkResults(rounds)) {
			for (IterationResult iteration : benchmarkResult.getIterationResults()) {
				Iterator<Map.Entry<Double, Long>> values = iteration.getPrimaryResult().getStatistics().getRawData();
				while (values.hasNext()) {
					Map.Entry<Double, Long> value = values.next();
					for (long i = 0; i < value.getValue(); i++) {
						samples.addValue(value.getKey());
					}
				}
			}
		}
		return samples.getPercentile(percentile);
	}

	/**
	 * Return the number of samples behind {@link #percentile(List, double)}.
	 * @param rounds the results
	 * @return the number of samples
	 */
	static long samples(List<RunResult> rounds) {
		long samples = 0;
		for (BenchmarkResult benchmarkResult : benchmarkResults(rounds)) {
			for (IterationResult iteration : benchmarkResult.getIterationResults()) {
				samples += iteration.getPrimaryResult().getStatistics().getN();
			}
		}
		return samples;
	}

	private static List<BenchmarkResult> benchmarkResults(List<RunResult> rounds) {
		List<BenchmarkResult> results = new ArrayList<>();
		rounds.forEach((result) -> results.addAll(result.getBenchmarkResults()));
		return results;
	}

	/**
	 * One round of a paired benchmark, per call.
	 *
	 * @param oursNanos the time of ours
	 * @param referenceNanos the time of the reference
	 * @param oursBytes the bytes ours allocated on the calling thread
	 * @param referenceBytes the bytes the reference allocated on the calling thread
	 */
	record Pair(double oursNanos, double referenceNanos, double oursBytes, double referenceBytes) {

		double ratio() {
			return this.oursNanos / this.referenceNanos;
		}

	}

}
