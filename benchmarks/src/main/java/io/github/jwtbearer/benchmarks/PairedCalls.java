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

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times ours and its reference side by side within each invocation, one after the other
 * and in alternating order, so that a load that comes and goes on the machine slows both
 * alike; JMH reports the sums as counters beside the time of the pair. The bytes are
 * those allocated by the calling thread.
 *
 * @author JWT Bearer for Spring contributors
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedCalls {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	public long calls;

	public long oursNanos;

	public long referenceNanos;

	public long oursBytes;

	public long referenceBytes;

	private boolean oursFirst;

	@Setup(Level.Iteration)
	public void reset() {
		this.calls = 0;
		this.oursNanos = 0;
		this.referenceNanos = 0;
		this.oursBytes = 0;
		this.referenceBytes = 0;
	}

	/**
	 * Time both.
	 * @param ours what ours does
	 * @param reference what the reference does
	 * @param calls how many calls each of them makes
	 */
	void measure(Runnable ours, Runnable reference, int calls) {
		this.oursFirst = !this.oursFirst;
		if (this.oursFirst) {
			ours(ours);
			reference(reference);
		}
		else {
			reference(reference);
			ours(ours);
		}
		this.calls += calls;
	}

	private void ours(Runnable ours) {
		long bytes = THREADS.getCurrentThreadAllocatedBytes();
		long start = System.nanoTime();
		ours.run();
		this.oursNanos += System.nanoTime() - start;
		this.oursBytes += THREADS.getCurrentThreadAllocatedBytes() - bytes;
	}

	private void reference(Runnable reference) {
		long bytes = THREADS.getCurrentThreadAllocatedBytes();
		long start = System.nanoTime();
		reference.run();
		this.referenceNanos += System.nanoTime() - start;
		this.referenceBytes += THREADS.getCurrentThreadAllocatedBytes() - bytes;
	}

}
