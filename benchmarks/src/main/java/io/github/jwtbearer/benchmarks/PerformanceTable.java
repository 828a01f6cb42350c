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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;

/**
 * Renders {@code docs/performance.md}: the table of ratios and counts, the machine, the
 * settings and how to run it again.
 *
 * @author JWT Bearer for Spring contributors
 */
final class PerformanceTable {

	static final String COMMAND = "mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar";

	private final Map<String, List<RunResult>> results;

	private final CachedSubjectMemory.Measurement memory;

	private final Machine machine;

	private final int rounds;

	private final Set<String> rendered = new HashSet<>();

	private final StringBuilder out = new StringBuilder();

	PerformanceTable(Map<String, List<RunResult>> results, CachedSubjectMemory.Measurement memory, Machine machine) {
		this.results = results;
		this.memory = memory;
		this.machine = machine;
		this.rounds = results.values().stream().mapToInt(List::size).max().orElse(0);
	}

	String render() {
		line("# Performance");
		line();
		line("Each benchmark runs ours beside a reference in the same run on the same machine, and the table "
				+ "gives their ratio: absolute times drift from machine to machine and run to run, ratios much less. "
				+ "Where a ratio is the target (1, 2 and 5), one benchmark times ours and its reference in turn, "
				+ "call by call (or batch by batch), so that a load that comes and goes on the machine slows both "
				+ "alike; 64 threads (7) cannot be paired call by call, and ours and stock run one after the other "
				+ "in each round. The run repeats every benchmark in " + this.rounds
				+ " rounds; a time is the median of "
				+ "the rounds' times, a ratio the median of the rounds' ratios, with the lowest and highest in "
				+ "brackets. The bytes allocated per call do not depend on the machine's load.");
		line();
		line("Measured " + Instant.now().truncatedTo(ChronoUnit.MINUTES) + " on " + this.machine.cpu() + ", "
				+ this.machine.cores() + " cores (nproc), " + this.machine.memory() + ", " + this.machine.jdk() + ", "
				+ this.machine.os() + ".");
		line();
		line("| # | what | ours | reference | ours ÷ reference | allocated per call by the calling thread, ours / reference | target | met |");
		line("|---|---|---|---|---|---|---|---|");
		cacheHit();
		minting();
		sequentialCalls();
		coldBurst();
		httpClients();
		memory();
		storeInsert();
		contendedCacheHit();
		firstCall();
		line();
		notes();
		Checks.state(this.rendered.containsAll(this.results.keySet()),
				"benchmarks missing from the report: " + this.results.keySet());
		return this.out.toString();
	}

	private void cacheHit() {
		pairedRow("1", "`authorize()` through the manager, token cached", "CacheHitBenchmark.oursBesideStock",
				"stock Spring Security", 1.1);
	}

	private void minting() {
		for (String algorithm : new String[] { "RS256", "PS256", "ES256" }) {
			String key = algorithm.startsWith("ES") ? "P-256" : "RSA 2048";
			pairedRow("2", "mint an assertion, " + algorithm + " (" + key + ")",
					"AssertionMintBenchmark.oursBesideJca:" + algorithm, "JCA `Signature` of the same bytes", 1.15);
			pairedRow("2", "of which a new JCA `Signature` per assertion, as Nimbus's signers make",
					"AssertionMintBenchmark.jcaNewSignatureBesideJca:" + algorithm, "JCA `Signature` of the same bytes",
					Double.NaN);
		}
	}

	private void sequentialCalls() {
		List<RunResult> ours = result("SequentialCallsBenchmark.ours");
		List<RunResult> stock = result("SequentialCallsBenchmark.stock");
		int calls = Integer.parseInt(ours.get(0).getParams().getParam("calls"));
		double oursRequests = Results.tokenRequestsPerRun(ours);
		double stockRequests = Results.tokenRequestsPerRun(stock);
		row("3", "token requests for " + count(calls) + " sequential calls, no `expires_in`", count(oursRequests),
				"stock: " + count(stockRequests), "", "1 vs " + count(calls),
				met(oursRequests == 1 && stockRequests == calls));
		row("3", "time for those " + count(calls) + " calls", score(ours), "stock: " + score(stock), ratio(ours, stock),
				"", "");
	}

	private void coldBurst() {
		List<RunResult> ours = result("ColdBurstBenchmark.ours");
		List<RunResult> stock = result("ColdBurstBenchmark.stock");
		BenchmarkParams params = ours.get(0).getParams();
		String burst = params.getThreads() + "-thread cold burst, token endpoint taking "
				+ params.getParam("delayMillis") + " ms";
		double oursRequests = Results.tokenRequestsPerRun(ours);
		double stockRequests = Results.tokenRequestsPerRun(stock);
		row("4", "token requests per " + burst, count(oursRequests), "stock: " + count(stockRequests), "", "1",
				met(oursRequests == 1));
		String unit = " " + unit(ours.get(0).getPrimaryResult().getScoreUnit());
		double oursP50 = Results.percentile(ours, 50);
		double stockP50 = Results.percentile(stock, 50);
		double oursP99 = Results.percentile(ours, 99);
		double stockP99 = Results.percentile(stock, 99);
		String samples = " (" + count(Results.samples(ours)) + " and " + count(Results.samples(stock)) + " calls)";
		row("4", "p50 latency of a call in that burst" + samples, number(oursP50) + unit,
				"stock: " + number(stockP50) + unit, times(oursP50 / stockP50), "", "");
		row("4", "p99 latency of a call in that burst", number(oursP99) + unit, "stock: " + number(stockP99) + unit,
				times(oursP99 / stockP99), "below stock's", met(oursP99 < stockP99));
	}

	private void httpClients() {
		for (String client : new String[] { "restClient", "webClient" }) {
			String name = client.equals("restClient") ? "RestClient" : "WebClient";
			String springSecurity = client.equals("restClient") ? "`OAuth2ClientHttpRequestInterceptor`"
					: "`ServerOAuth2AuthorizedClientExchangeFilterFunction`";
			pairedRow("5", name + " GET to a loopback API with our token",
					"HttpClientBenchmark." + client + "WithToken", "no authorization", 1.05);
			pairedRow("5", "of which Spring Security's " + springSecurity + " alone, with our manager",
					"HttpClientBenchmark." + client + "WithSpringSecurityOnly", "no authorization", Double.NaN);
			pairedRow("5", name + " GET, relative URL sent to the token's `instance_url`",
					"HttpClientBenchmark." + client + "WithTokenAtInstanceUrl", "no authorization, base URL set", 1.05);
		}
		pairedRow("5", "WebClient GET with our token, beside our filters around Spring Security's",
				"HttpClientBenchmark.webClientWithTokenBesideSpringSecurity",
				"retry and `instance_url` around " + "`ServerOAuth2AuthorizedClientExchangeFilterFunction`",
				Double.NaN);
		pairedRow("5", "WebClient GET at `instance_url`, beside our filters around Spring Security's",
				"HttpClientBenchmark.webClientWithTokenAtInstanceUrlBesideSpringSecurity",
				"retry and `instance_url` around `ServerOAuth2AuthorizedClientExchangeFilterFunction`", Double.NaN);
		pairedRow("5", "A/A check: WebClient with no authorization beside itself",
				"HttpClientBenchmark.webClientNoAuthorizationBesideItself", "itself", Double.NaN);
	}

	private void memory() {
		CachedSubjectMemory.Measurement memory = this.memory;
		double perSubject = memory.bytesPerSubject();
		row("6", "heap per cached subject (" + count(memory.sizeWhenFull()) + " subjects)",
				format("%,.0f", perSubject) + " bytes", "", "", "≤ 2 KB", met(perSubject <= 2048));
		row("6", "store bound (max-size " + count(memory.maxSize()) + ") under " + count(memory.subjects())
				+ " subjects",
				count(memory.sizeAfter()) + " kept; heap " + megabytes(memory.bytesWhenFull()) + " when full, "
						+ megabytes(memory.bytesAfter()) + " after all",
				"", "", "bound held", met(memory.boundHeld()));
	}

	// O(1): a save into a full store costs about the same at ten times the size
	private void storeInsert() {
		List<RunResult> small = result("StoreInsertBenchmark.insertIntoFullStore:10000");
		List<RunResult> large = result("StoreInsertBenchmark.insertIntoFullStore:100000");
		double[] ratios = Results.ratios(large, small);
		row("6", "save a new subject's token into a full store of 100,000 (beside 10,000)", score(large),
				"10,000: " + score(small), ratio(ratios), "≤ 2×", met(Results.median(ratios) <= 2));
	}

	private void contendedCacheHit() {
		List<RunResult> ours = result("ContendedCacheHitBenchmark.ours");
		List<RunResult> stock = result("ContendedCacheHitBenchmark.stock");
		String threads = ours.get(0).getParams().getThreads() + " threads";
		double[] ratios = Results.ratios(ours, stock);
		row("7", "`authorize()` calls per µs, " + threads + " on a cached token", number(Results.medianScore(ours)),
				"stock Spring Security: " + number(Results.medianScore(stock)), ratio(ratios), "≥ 1.0×",
				met(Results.median(ratios) >= 1.0));
	}

	private void firstCall() {
		List<RunResult> prefetched = result("FirstCallBenchmark.withPrefetch");
		List<RunResult> cold = result("FirstCallBenchmark.withoutPrefetch");
		row("8", "first RestClient call after startup, token prefetched (`prefetch-on-startup`)", score(prefetched),
				"no token yet: " + score(cold), ratio(prefetched, cold), "", "");
	}

	private void notes() {
		line("## What is compared");
		line();
		line("1. Our `JwtBearerOAuth2AuthorizedClientManager` (with `SignedAssertionOAuth2AuthorizedClientProvider` and "
				+ "`BoundedInMemoryOAuth2AuthorizedClientService`) beside Spring Security's "
				+ "`AuthorizedClientServiceOAuth2AuthorizedClientManager` with `InMemoryOAuth2AuthorizedClientService` "
				+ "and its `JwtBearerOAuth2AuthorizedClientProvider`, given our minter's assertion through "
				+ "`setJwtAssertionResolver`. Both received the same token response, with `expires_in`, so that "
				+ "both cache. Batches of 100 calls of each in turn.");
		line("2. `JwtAssertionMinter#mint` (claims, Nimbus header and claims JSON, base64url, signature) beside "
				+ "the floor: one JCA `Signature`, initialised once, signing the `header.payload` bytes of an "
				+ "assertion the minter made. PS256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt. "
				+ "One of each in turn. Nimbus's signers make a new `Signature` for every assertion, which the "
				+ "\"of which\" rows time alone. What minting adds to the signature (claims, JSON, base64url, a "
				+ "`jti`) costs about the same for every algorithm, so it weighs more beside ES256's shorter "
				+ "signature than beside RSA's.");
		line("3. One `authorize()` after another from a cold cache against a token endpoint that answers as "
				+ "Salesforce does, without `expires_in`. Spring Security dates such a token to expire 1 s after "
				+ "issue and, with its 60 s clock skew, finds it expired on the next call; ours assumes the "
				+ "registration's `token-lifetime` (15 minutes).");
		line("4. Every thread calls `authorize()` once on a cold cache, all at once; the endpoint sleeps before "
				+ "answering and its answer has `expires_in`, so only the sharing of one token request differs. "
				+ "Latencies are JMH single-shot times, one per thread per burst, pooled over the measured bursts. "
				+ "With one shared token request, all 64 callers of a burst wait for it alike: a burst that the "
				+ "machine slows moves 64 samples at once, so our p99 is about the slowest burst's time.");
		line("5. The same RestClient (JDK `HttpClient`) or WebClient (Reactor Netty) and the same request to a "
				+ "JDK `HttpServer` on loopback, with the starter's interceptors or filters "
				+ "(`JwtBearerRestClientCustomizer`, `JwtBearerWebClientCustomizer`) and a cached token, or with "
				+ "nothing, one of each in turn. For RestClient the starter puts its 401 retry and `instance_url` "
				+ "resolution around Spring Security's interceptor; for WebClient it adds its 401 retry and an "
				+ "authorization filter of its own (`JwtBearerExchangeFilterFunctions.filters`), which resolves "
				+ "`instance_url` too and hands registrations other than JWT bearer ones to Spring Security's filter. "
				+ "The \"of which\" rows time Spring Security's interceptor or filter alone; the \"beside\" rows "
				+ "time the starter's WebClient filters beside what it added before it had a filter of its own: the "
				+ "retry and the `instance_url` filter around Spring Security's. The `instance_url` rows call a "
				+ "relative URL that the starter sends to the token's `instance_url`, beside the same relative URL on "
				+ "a client whose base URL is the API's. WebClient asks the reactive manager here, as in a WebFlux "
				+ "application; in a servlet application the adapter over the blocking manager returns a cached token "
				+ "on the calling thread. The bytes are those of the calling thread: the transport's own threads "
				+ "allocate too, alike for both. A loopback API answers in a fraction of a millisecond, so a fixed "
				+ "cost of some microseconds per call is a visible share of it; beside a real API's milliseconds it "
				+ "is not.");
		line();
		line("   Where the time goes in WebClient's filters (JMH's `-prof gc` and stack profiler, and each filter "
				+ "counted alone by hand, in front of an exchange that answers at once, with the thread's allocation "
				+ "counter): Spring Security's `ServerOAuth2AuthorizedClientExchangeFilterFunction` allocates about "
				+ "5.5 KB per call on a cached token, for it calls `authorize()` twice (to authorize, then to "
				+ "reauthorize the client it got), resolves the principal and the exchange in operator chains of their "
				+ "own and copies the request; the `instance_url` filter behind it added a third `authorize()` and a "
				+ "second copy. The starter's two filters allocate about 2.4 KB: one `authorize()` (about 600 B, the "
				+ "reactive manager's cache read), one copy of the request to set the header (about 1.2 KB: "
				+ "`ClientRequest.from` copies the headers, cookies and attributes; a `ClientRequest` is immutable), "
				+ "and the retry's look at the status (about 230 B). The calling thread itself mostly waits for the "
				+ "event loop (the stack profiler finds it parked), so the ratio moves with the machine's load more "
				+ "than with these bytes.");
		line();
		line("6. The manager obtains tokens for one subject after another, each answer a Salesforce-shaped token "
				+ "response read with Jackson and the starter's converter, without HTTP. The used heap is read after "
				+ "full collections, once the store is full and again after all the subjects went through it. The "
				+ "save row times one save of a new subject's token into a full store, which evicts one, at two sizes.");
		line("7. 64 JMH threads call `authorize()` of one manager at once, on a token both managers cached (the "
				+ "response has `expires_in`): the calls per microsecond of all threads together, ours and stock "
				+ "Spring Security's (as in 1) run one after the other in each round, and the ratio of ours to "
				+ "stock's; higher is better. On 2 cores the 64 threads take turns: the row shows what a cache hit "
				+ "costs when many threads share the cores and the store, not parallel speed-up.");
		line("8. A new manager with an empty cache, as right after startup, and one RestClient GET to the loopback "
				+ "API through the starter's interceptors, timed alone (JMH single shot, one call per shot, after "
				+ "warm-up shots so that the JIT has compiled both paths). Without a token the call waits for a "
				+ "fresh assertion (RS256) and a token request to a loopback endpoint; with `prefetch-on-startup` "
				+ "the token was obtained in the background once the application started, which the benchmark "
				+ "emulates with an `authorize()` before the timed call. A real token endpoint (Salesforce: some "
				+ "hundreds of milliseconds) widens the gap.");
		line();
		line("Token requests in 1, 3 and 4 go to a JDK `HttpServer` on loopback, through the JDK `HttpClient` "
				+ "for both managers: stock's `RestClient` is otherwise built as Spring Security builds it.");
		line();
		line("## Settings");
		line();
		line("JMH 1.37, " + this.rounds + " rounds, one fork per benchmark per round. In each round, average "
				+ "time: 4 warm-up and 3 measured iterations of 1 s (on a loaded machine the JIT compiler's "
				+ "threads wait for a core too); sequential calls: 1 warm-up and 2 measured "
				+ "runs; cold burst: 3 warm-up and 10 measured bursts; 64 threads on a cached token: throughput, 4 warm-up and 3 measured iterations of 1 s; first call: 20 warm-up and 40 measured single shots. Each class's annotations hold its settings.");
		line();
		line("## Run it again");
		line();
		line("From the repository's root (about 15 minutes on 2 cores):");
		line();
		line("```");
		line(COMMAND);
		line("```");
		line();
		line("It runs every benchmark and rewrites this file; `java -jar benchmarks/target/benchmarks.jar FILE` "
				+ "writes elsewhere, and `-Drounds=N` before `-jar` sets the number of rounds. `mvn -B verify` runs "
				+ "each benchmark in two brief rounds as a test "
				+ "(`BenchmarksSmokeTests`), so that they keep working; it checks the token request counts, "
				+ "never a time.");
	}

	private void pairedRow(String number, String what, String name, String reference, double target) {
		List<Results.Pair> pairs = Results.pairs(result(name));
		double[] ratios = pairs.stream().mapToDouble(Results.Pair::ratio).toArray();
		double ratio = Results.median(ratios);
		row(number, what, duration(median(pairs, Results.Pair::oursNanos)),
				reference + ": " + duration(median(pairs, Results.Pair::referenceNanos)), ratio(ratios),
				bytes(median(pairs, Results.Pair::oursBytes)) + " / "
						+ bytes(median(pairs, Results.Pair::referenceBytes)),
				Double.isNaN(target) ? "" : "≤ " + target + "×", Double.isNaN(target) ? "" : met(ratio <= target));
	}

	private static double median(List<Results.Pair> pairs, ToDoubleFunction<Results.Pair> value) {
		return Results.median(pairs.stream().mapToDouble(value).toArray());
	}

	private List<RunResult> result(String name) {
		List<RunResult> result = this.results.get(name);
		Checks.state(result != null && !result.isEmpty(), "no result for " + name);
		this.rendered.add(name);
		return result;
	}

	private void row(String number, String what, String ours, String reference, String ratio, String target,
			String met) {
		row(number, what, ours, reference, ratio, "", target, met);
	}

	private void row(String number, String what, String ours, String reference, String ratio, String allocated,
			String target, String met) {
		line("| " + number + " | " + what + " | " + ours + " | " + reference + " | " + ratio + " | " + allocated + " | "
				+ target + " | " + met + " |");
	}

	private static String bytes(double bytes) {
		return (bytes < 10_000) ? format("%,.0f B", bytes) : format("%,.1f KB", bytes / 1024);
	}

	private static String score(List<RunResult> rounds) {
		return number(Results.medianScore(rounds)) + " " + unit(rounds.get(0).getPrimaryResult().getScoreUnit());
	}

	private static String unit(String scoreUnit) {
		return scoreUnit.replace("/op", "").replace("us", "µs");
	}

	private static String ratio(List<RunResult> ours, List<RunResult> reference) {
		return ratio(Results.ratios(ours, reference));
	}

	private static String ratio(double[] ratios) {
		String ratio = times(Results.median(ratios));
		if (ratios.length < 2) {
			return ratio;
		}
		double[] sorted = ratios.clone();
		Arrays.sort(sorted);
		return ratio + " (" + format("%.2f", sorted[0]) + "–" + format("%.2f", sorted[sorted.length - 1]) + ")";
	}

	private static String duration(double nanos) {
		if (nanos < 1_000) {
			return number(nanos) + " ns";
		}
		return (nanos < 1_000_000) ? number(nanos / 1_000) + " µs" : number(nanos / 1_000_000) + " ms";
	}

	private static String times(double ratio) {
		return format("%.2f", ratio) + "×";
	}

	private static String met(boolean met) {
		return met ? "yes" : "**no**";
	}

	private static String number(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 100) {
			return format("%,.0f", value);
		}
		return format((magnitude >= 10) ? "%.1f" : "%.2f", value);
	}

	private static String count(double value) {
		return (value == Math.rint(value)) ? format("%,.0f", value) : format("%,.1f", value);
	}

	private static String megabytes(long bytes) {
		return format("%.1f MB", bytes / 1_000_000.0);
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	private void line() {
		this.out.append('\n');
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

}
