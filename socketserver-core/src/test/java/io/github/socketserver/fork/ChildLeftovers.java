package io.github.socketserver.fork;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * What a request's children may leave behind once the request is over: processes they
 * started, and threads still reading their pipes.
 */
final class ChildLeftovers {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private ChildLeftovers() {
	}

	/**
	 * Waits until the process is gone.
	 * @param pid the process id a command wrote
	 */
	static void awaitGone(long pid) {
		await().atMost(WAIT)
			.untilAsserted(() -> org.assertj.core.api.Assertions
				.assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
				.as("process %d, started by a command", pid)
				.isEmpty());
	}

	/**
	 * Waits until no thread reads or writes a child's pipes.
	 */
	static void awaitNoStreamThread() {
		await().atMost(WAIT).untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(streamThreads()).isEmpty());
	}

	private static List<String> streamThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.matches("socketserver-.+-child-(stdin|stdout|stderr)"))
			.toList();
	}

}
