package io.github.socketserver.options;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks of the options, with messages that name the option.
 */
final class Check {

	private Check() {
	}

	static void atLeast(int value, int minimum, String name) {
		if (value < minimum) {
			throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
		}
	}

	static void atMost(int value, int maximum, String name) {
		if (value > maximum) {
			throw new IllegalArgumentException(name + " must be at most " + maximum + ", was " + value);
		}
	}

	static void positive(@Nullable Duration value, String name) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(name + " must be more than zero, was " + value);
		}
	}

}
