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
import java.util.List;
import java.util.Locale;

/**
 * The machine and JDK a report was measured on.
 *
 * @param cpu the CPU model, from {@code /proc/cpuinfo}
 * @param cores the processors available to the JVM ({@code nproc})
 * @param memory the total memory, from {@code /proc/meminfo}
 * @param jdk the JDK's name and version
 * @param os the operating system
 * @author JWT Bearer for Spring contributors
 */
record Machine(String cpu, int cores, String memory, String jdk, String os) {

	static Machine describe() {
		String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
		String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
		return new Machine((cpu != null) ? cpu : System.getProperty("os.arch"),
				Runtime.getRuntime().availableProcessors(), (memory != null) ? gibibytes(memory) : "unknown",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
						+ System.getProperty("java.vendor") + ")",
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"));
	}

	private static String firstValue(Path file, String key) {
		try {
			List<String> lines = Files.readAllLines(file);
			for (String line : lines) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
					return line.substring(colon + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux: the report says what the JVM knows
		}
		return null;
	}

	// MemTotal is in kB
	private static String gibibytes(String memTotal) {
		try {
			long kilobytes = Long.parseLong(memTotal.replace("kB", "").trim());
			return String.format(Locale.ROOT, "%.1f GiB", kilobytes / 1024.0 / 1024.0);
		}
		catch (NumberFormatException ex) {
			return memTotal;
		}
	}

}
