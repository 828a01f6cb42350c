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

package io.github.jwtbearer.http;

import java.util.List;

/**
 * Puts elements of an interceptor or filter list in a given order around one of them.
 *
 * @author JWT Bearer for Spring contributors
 */
final class Ordering {

	private Ordering() {
	}

	// by identity: the list is the builder's, whose elements need not implement equals
	static <T> void around(List<T> list, T anchor, List<T> ordered) {
		int index = indexOf(list, anchor);
		for (T element : ordered) {
			int existing = indexOf(list, element);
			if (existing >= 0) {
				list.remove(existing);
				if (existing < index) {
					index--;
				}
			}
		}
		if (index < 0) {
			list.addAll(ordered);
		}
		else {
			list.addAll(index, ordered);
		}
	}

	private static <T> int indexOf(List<T> list, T element) {
		for (int i = 0; i < list.size(); i++) {
			if (list.get(i) == element) {
				return i;
			}
		}
		return -1;
	}

}
