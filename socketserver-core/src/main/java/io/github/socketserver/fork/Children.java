package io.github.socketserver.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process of a request: started with the client's address in its environment,
 * its standard error sent to the log, killed at its time limit, and waited for, so that
 * no zombie is left.
 * <p>
 * The handler closes it in a {@code finally}: {@link #close()} kills a child still
 * running, reaps it and reports its exit to the server's listener, once. From its start
 * until it is reaped, its process id is in the handler's set of active children.
 */
final class Children implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Children.class);

	private static final ScheduledThreadPoolExecutor killer = createKiller();

	private static final Duration REAP_WAIT = Duration.ofSeconds(5);

	private static final int MAX_STDERR_LINES = 20;

	private final ChildCommand command;

	private final Request request;

	private final SocketServerListener listener;

	private final Process process;

	private final Set<Long> active;

	private final AtomicBoolean killed = new AtomicBoolean();

	private final AtomicBoolean timedOut = new AtomicBoolean();

	private final AtomicBoolean reported = new AtomicBoolean();

	private final @Nullable ScheduledFuture<?> deadline;

	private Children(ChildCommand command, Request request, SocketServerListener listener, Process process,
			Set<Long> active) {
		this.command = command;
		this.request = request;
		this.listener = listener;
		this.process = process;
		this.active = active;
		this.deadline = (command.timeLimit() != null)
				? killer.schedule(this::timeOut, command.timeLimit().toNanos(), TimeUnit.NANOSECONDS) : null;
	}

	/**
	 * Starts the child of a request.
	 * @param command what to run
	 * @param request the request
	 * @param listener told of the child's start and exit
	 * @param active the process ids of the handler's running children, which this child
	 * joins until it is reaped
	 * @return the child
	 * @throws IOException if the program cannot be started
	 */
	static Children start(ChildCommand command, Request request, SocketServerListener listener, Set<Long> active)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command.command());
		if (command.workingDirectory() != null) {
			builder.directory(command.workingDirectory().toFile());
		}
		Map<String, String> environment = builder.environment();
		environment.putAll(command.environment());
		describeClient(request, environment);
		Process process = builder.start();
		active.add(process.pid());
		Children child = new Children(command, request, listener, process, active);
		child.thread("stderr", child::logStandardError).start();
		listener.childStarted(request, process.pid());
		return child;
	}

	/**
	 * Puts the client's address where CGI ({@code REMOTE_ADDR}, {@code REMOTE_PORT}) and
	 * UCSPI/tcpserver ({@code TCPREMOTEIP}, {@code TCPREMOTEPORT}) programs look for it.
	 */
	private static void describeClient(Request request, Map<String, String> environment) {
		SocketAddress client = request.clientAddress();
		environment.put("SOCKETSERVER_NAME", request.server().name());
		if (client instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			environment.put("REMOTE_ADDR", host);
			environment.put("REMOTE_PORT", String.valueOf(inet.getPort()));
			environment.put("TCPREMOTEIP", host);
			environment.put("TCPREMOTEPORT", String.valueOf(inet.getPort()));
		}
		else {
			environment.put("REMOTE_ADDR", String.valueOf(client));
		}
	}

	Process process() {
		return this.process;
	}

	/**
	 * A daemon thread for one of the child's streams.
	 */
	Thread thread(String purpose, Runnable task) {
		Thread thread = new Thread(task, "socketserver-" + this.request.server().name() + "-child-" + purpose);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Waits for the child to end. If the waiting thread is interrupted (closing the
	 * server cuts the request), the child is killed first.
	 * @throws ChildTimeLimitException if the child was killed at its time limit
	 * @throws ChildExitException if it exited with a code other than 0 on its own
	 */
	void await() throws InterruptedException, ChildTimeLimitException, ChildExitException {
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			kill();
			throw ex;
		}
		if (this.timedOut.get()) {
			throw new ChildTimeLimitException(name(), this.command.timeLimit());
		}
		int exitCode = this.process.exitValue();
		if (exitCode != 0 && !this.killed.get()) {
			throw new ChildExitException(name(), exitCode);
		}
	}

	/**
	 * Kills the child and what it started.
	 */
	void kill() {
		if (this.process.isAlive()) {
			this.killed.set(true);
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
		}
	}

	/**
	 * Kills the child if it still runs, waits until it is reaped, and reports its exit.
	 * Keeps waiting when interrupted, as a child killed ends at once; idempotent.
	 */
	@Override
	public void close() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
		kill();
		long end = System.nanoTime() + REAP_WAIT.toNanos();
		boolean interrupted = false;
		while (this.process.isAlive() && System.nanoTime() < end) {
			try {
				this.process.waitFor(end - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (this.process.isAlive()) {
			logger.warn("[{}] {} (pid {}) did not end within {} ms of being killed", this.request.server().name(),
					this.command.command().get(0), this.process.pid(), REAP_WAIT.toMillis());
			// Still active: it leaves the set once the JDK has reaped it.
			this.process.onExit().thenRun(() -> this.active.remove(this.process.pid()));
		}
		else if (this.reported.compareAndSet(false, true)) {
			this.active.remove(this.process.pid());
			this.listener.childExited(this.request, this.process.pid(), this.process.exitValue(), this.killed.get());
		}
	}

	private void timeOut() {
		this.timedOut.set(this.process.isAlive());
		kill();
	}

	String name() {
		return String.join(" ", this.command.command());
	}

	/**
	 * Logs the child's standard error, which may echo what the client sent: each line
	 * escaped, at most {@link #MAX_STDERR_LINES} of them, then how many more there were,
	 * and at the rate of the server's {@link ChildErrorLog}.
	 */
	private void logStandardError() {
		LogThrottle throttle = ChildErrorLog.of(this.request.server());
		try (BufferedReader errors = new BufferedReader(
				new InputStreamReader(this.process.getErrorStream(), StandardCharsets.UTF_8))) {
			long lines = 0;
			for (String line = errors.readLine(); line != null; line = errors.readLine()) {
				long count = (++lines <= MAX_STDERR_LINES) ? throttle.tryLog() : 0;
				if (count > 0) {
					logger.warn("[{}] {} (pid {}): {}{}", this.request.server().name(), this.command.command().get(0),
							this.process.pid(), LogText.escape(line), (count > 1)
									? " (" + (count - 1) + " lines of the server's children held back before it)" : "");
				}
			}
			if (lines > MAX_STDERR_LINES) {
				logger.warn("[{}] {} (pid {}): {} more lines of standard error were not logged",
						this.request.server().name(), this.command.command().get(0), this.process.pid(),
						lines - MAX_STDERR_LINES);
			}
		}
		catch (IOException ex) {
			logger.debug("Standard error of child {} ended", this.process.pid(), ex);
		}
	}

	private static ScheduledThreadPoolExecutor createKiller() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "socketserver-child-time-limits");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

}
