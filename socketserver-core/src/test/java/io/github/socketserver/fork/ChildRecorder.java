package io.github.socketserver.fork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records what a fork server reports about its children, errors and refusals, and counts
 * the children alive at once: exactly, since a child is reported started after its slot
 * is taken and exited after it is reaped.
 */
final class ChildRecorder implements SocketServerListener {

	/**
	 * How one child ended.
	 *
	 * @param exitCode its exit code
	 * @param killed whether the server killed it
	 */
	record Exit(int exitCode, boolean killed) {
	}

	final List<Long> started = new CopyOnWriteArrayList<>();

	final Map<Long, Exit> exits = new ConcurrentHashMap<>();

	final List<Throwable> errors = new CopyOnWriteArrayList<>();

	final List<Rejection> rejections = new CopyOnWriteArrayList<>();

	final List<Request> opened = new CopyOnWriteArrayList<>();

	final AtomicInteger finished = new AtomicInteger();

	final AtomicInteger alive = new AtomicInteger();

	final AtomicInteger peak = new AtomicInteger();

	@Override
	public void childStarted(Request request, long pid) {
		this.started.add(pid);
		this.peak.accumulateAndGet(this.alive.incrementAndGet(), Math::max);
	}

	@Override
	public void childExited(Request request, long pid, int exitCode, boolean killed) {
		this.alive.decrementAndGet();
		this.exits.put(pid, new Exit(exitCode, killed));
	}

	@Override
	public void connectionOpened(Request request) {
		this.opened.add(request);
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		this.finished.incrementAndGet();
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		this.errors.add(exception);
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		this.rejections.add(reason);
	}

	/**
	 * Waits until every child that started has exited.
	 */
	void awaitAllExited() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.exits.size() == this.started.size());
	}

	/**
	 * Asserts that the test JVM has no child process left and that none of the children
	 * seen is a zombie.
	 */
	void assertNoChildLeft() {
		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.current().children().findAny().isEmpty());
		assertThat(this.started).isNotEmpty().allSatisfy((pid) -> assertThat(state(pid)).isNotEqualTo("Z"));
	}

	/**
	 * The state letter of a process in {@code /proc/<pid>/stat}, or "gone" if it no
	 * longer exists.
	 */
	static String state(long pid) throws IOException {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.UTF_8);
			// The command name, in parentheses, may hold spaces: the state follows it.
			return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		}
		catch (NoSuchFileException ex) {
			return "gone";
		}
	}

}
