package io.github.socketserver.fork;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process of a request: started with the environment {@link ChildEnvironment}
 * gives, in a {@link ProcessGroup}, its standard error sent to the {@link ChildErrorLog},
 * killed at its time limit, and waited for, so that no zombie is left.
 * <p>
 * The handler closes it in a {@code finally}: {@link #close()} kills a child still
 * running, reaps it and reports its exit to the server's listener, once. From its start
 * until it is reaped, its process id is in the handler's set of active children.
 */
final class Children implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Children.class);

	private static final ScheduledThreadPoolExecutor killer = createKiller();

	private static final Duration REAP_WAIT = Duration.ofSeconds(5);

	private final ChildCommand command;

	private final Request request;

	private final SocketServerListener listener;

	private final Process process;

	private final Set<Long> active;

	private final AtomicBoolean killed = new AtomicBoolean();

	private final AtomicBoolean timedOut = new AtomicBoolean();

	/**
	 * Whether the time limit's kill came, whether or not the child itself still ran: it
	 * also ends the output its background processes held.
	 */
	private final AtomicBoolean cutAtLimit = new AtomicBoolean();

	private final AtomicBoolean reported = new AtomicBoolean();

	private final @Nullable ScheduledFuture<?> deadline;

	/**
	 * When the request must be over, on the {@link System#nanoTime()} scale.
	 */
	private final long endsBy;

	private Children(ChildCommand command, Request request, SocketServerListener listener, Process process,
			Set<Long> active) {
		this.command = command;
		this.request = request;
		this.listener = listener;
		this.process = process;
		this.active = active;
		Duration limit = command.timeLimit();
		this.endsBy = System.nanoTime() + ((limit != null) ? limit.toNanos() : 0);
		this.deadline = (limit != null) ? killer.schedule(this::timeOut, limit.toNanos(), TimeUnit.NANOSECONDS) : null;
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
		ProcessBuilder builder = new ProcessBuilder(
				ProcessGroup.commandLine(command.command(), command.workingDirectory()));
		if (command.workingDirectory() != null) {
			builder.directory(command.workingDirectory().toFile());
		}
		ChildEnvironment.fill(builder.environment(), command, request, System.getenv());
		Process process = builder.start();
		active.add(process.pid());
		Children child = new Children(command, request, listener, process, active);
		child.thread("stderr", () -> ChildErrorLog.log(request, command.command().get(0), process)).start();
		listener.childStarted(request, process.pid());
		return child;
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
	 * Kills the child and what it started, the child's background processes included once
	 * it has exited (see {@link ProcessGroup}).
	 */
	void kill() {
		if (this.process.isAlive()) {
			this.killed.set(true);
		}
		ProcessGroup.kill(this.process);
		this.process.destroyForcibly();
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
		this.cutAtLimit.set(true);
		this.timedOut.set(this.process.isAlive());
		kill();
	}

	String name() {
		return String.join(" ", this.command.command());
	}

	/**
	 * Waits for a thread of the child's streams, at most until {@code latest} and the end
	 * of the time limit.
	 * @param thread the thread
	 * @param latest the latest end of the wait, on the {@link System#nanoTime()} scale
	 * @return true if the thread ended
	 */
	boolean join(Thread thread, long latest) throws InterruptedException {
		long end = (this.deadline != null && this.endsBy - latest < 0) ? this.endsBy : latest;
		for (long left = end - System.nanoTime(); thread.isAlive() && left > 0; left = end - System.nanoTime()) {
			TimeUnit.NANOSECONDS.timedJoin(thread, left);
		}
		return !thread.isAlive();
	}

	/**
	 * Whether the time limit's kill came: the output may have ended only because of it.
	 */
	boolean cutAtTimeLimit() {
		return this.cutAtLimit.get();
	}

	/**
	 * Whether the request ran past the time limit.
	 */
	boolean pastTimeLimit() {
		return this.deadline != null && System.nanoTime() - this.endsBy >= 0;
	}

	/**
	 * The failure of a request that ran past its time limit, its child killed or not.
	 */
	ChildTimeLimitException timeLimitPassed() {
		return new ChildTimeLimitException(name(), Objects.requireNonNull(this.command.timeLimit()),
				this.killed.get() ? "was killed" : "its output was cut");
	}

	/**
	 * Closes the child's standard output. A thread blocked reading it may stay blocked
	 * (closing a pipe does not wake its reader) until a process still holding the pipe
	 * writes or ends; it is a daemon the request no longer waits for.
	 */
	void closeOutput() {
		try {
			this.process.getInputStream().close();
		}
		catch (IOException ex) {
			logger.debug("Closing the output of child {} failed: {}", this.process.pid(), ex.toString());
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
