package io.github.socketserver;

import io.github.socketserver.threading.Threading;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Threading modes for tests that also run on Java 17, where virtual threads do not exist.
 */
public final class TestThreading {

	private TestThreading() {
	}

	/**
	 * The mode a test names: {@code sync}, {@code thread}, {@code virtual} (the test is
	 * skipped before Java 21) or {@code pool}.
	 */
	public static Threading of(String mode) {
		return switch (mode) {
			case "sync" -> Threading.sync();
			case "thread" -> Threading.thread();
			case "virtual" -> virtual();
			case "pool" -> Threading.pool(4, 16);
			default -> throw new IllegalArgumentException(mode);
		};
	}

	/**
	 * Virtual threads, for a test about them: skipped before Java 21.
	 */
	public static Threading virtual() {
		assumeTrue(Threading.isVirtualAvailable(), "virtual threads need Java 21 or newer");
		return Threading.virtual();
	}

	/**
	 * A thread per request, for a test whose subject is not the threading mode: virtual
	 * threads where the JVM has them, platform threads before Java 21.
	 */
	public static Threading perRequest() {
		return Threading.isVirtualAvailable() ? Threading.virtual() : Threading.thread();
	}

}
