package io.github.socketserver.context;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.inherit.SystemdNotifier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Tells systemd how the socket servers are, when it asked ({@code NOTIFY_SOCKET} set, as
 * for a {@code Type=notify} unit): {@code READY=1} once every server started with the
 * context is serving, {@code STOPPING=1} as the drain begins, a {@code STATUS=} line with
 * the servers and their requests in flight, and, when {@code WATCHDOG_USEC} is set,
 * {@code WATCHDOG=1} at half that interval while no server has failed and the serving
 * loop of every running server turned within the interval, so that systemd restarts a
 * service whose server died or wedged.
 * <p>
 * Its phase starts it after {@link SocketServersLifecycle} and stops it before
 * {@link SocketServersGracefulShutdownLifecycle}.
 *
 * @since 0.1.0
 */
public class SystemdNotifyLifecycle implements SmartLifecycle, AutoCloseable {

	/**
	 * The phase: after the servers start, before their drain.
	 */
	public static final int PHASE = SocketServersGracefulShutdownLifecycle.PHASE + 512;

	private static final Logger logger = LoggerFactory.getLogger(SystemdNotifyLifecycle.class);

	private final SocketServers servers;

	private final SystemdNotifier notifier;

	private final @Nullable Duration watchdogInterval;

	private volatile @Nullable ScheduledExecutorService watchdog;

	private volatile boolean running;

	/**
	 * Creates the lifecycle from systemd's variables.
	 * @param servers the servers to report on
	 * @param environment where {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and
	 * {@code WATCHDOG_PID} are read; {@code NOTIFY_SOCKET} must be set
	 * @return the lifecycle
	 * @throws IOException if the notification socket cannot be opened
	 */
	public static SystemdNotifyLifecycle fromEnvironment(SocketServers servers, Environment environment)
			throws IOException {
		String notifySocket = environment.getRequiredProperty("NOTIFY_SOCKET");
		return new SystemdNotifyLifecycle(servers, new SystemdNotifier(notifySocket), watchdogInterval(environment));
	}

	SystemdNotifyLifecycle(SocketServers servers, SystemdNotifier notifier, @Nullable Duration watchdogInterval) {
		this.servers = servers;
		this.notifier = notifier;
		this.watchdogInterval = watchdogInterval;
	}

	/**
	 * Half of {@code WATCHDOG_USEC}, as systemd advises, when the watchdog is for this
	 * process.
	 */
	private static @Nullable Duration watchdogInterval(Environment environment) {
		String usec = environment.getProperty("WATCHDOG_USEC");
		String pid = environment.getProperty("WATCHDOG_PID");
		if (usec == null || (pid != null && !SystemdNotifier.namesThisProcess(pid))) {
			return null;
		}
		try {
			long micros = Long.parseLong(usec.trim());
			return (micros > 0) ? Duration.ofNanos(micros * 1000 / 2) : null;
		}
		catch (NumberFormatException ex) {
			logger.warn("WATCHDOG_USEC={} is not a number of microseconds: no watchdog notifications", usec);
			return null;
		}
	}

	@Override
	public void start() {
		this.notifier.send("READY=1", status());
		Duration interval = this.watchdogInterval;
		if (interval != null) {
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "socketserver-systemd-watchdog");
				thread.setDaemon(true);
				return thread;
			});
			long nanos = interval.toNanos();
			scheduler.scheduleAtFixedRate(this::ping, 0, nanos, TimeUnit.NANOSECONDS);
			this.watchdog = scheduler;
		}
		this.running = true;
	}

	/**
	 * Pets the watchdog while every server is healthy; a failed one, or a serving loop
	 * that stopped turning, stops the pings.
	 */
	private void ping() {
		if (healthy()) {
			this.notifier.send("WATCHDOG=1", status());
		}
	}

	private boolean healthy() {
		Duration interval = this.watchdogInterval;
		return this.servers.all().stream().allMatch((server) -> switch (server.state()) {
			case FAILED -> false;
			case RUNNING -> interval == null || server.server().loopTurnedWithin(interval);
			default -> true;
		});
	}

	/**
	 * {@return how often the watchdog is pet, {@code null} without a watchdog}
	 */
	@Nullable Duration watchdogInterval() {
		return this.watchdogInterval;
	}

	@Override
	public void stop() {
		this.running = false;
		stopWatchdog();
		this.notifier.send("STOPPING=1", "STATUS=Draining " + this.servers.all().size() + " socket servers");
	}

	/**
	 * Stops the watchdog and closes the notification socket, with the context (which may
	 * close without stopping, after a failed start).
	 */
	@Override
	public void close() throws IOException {
		stopWatchdog();
		this.notifier.close();
	}

	private void stopWatchdog() {
		ScheduledExecutorService scheduler = this.watchdog;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.watchdog = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * {@return a {@code STATUS=} line: the servers serving and their requests in flight}
	 */
	String status() {
		Collection<ManagedSocketServer> all = this.servers.all();
		long serving = all.stream().filter((server) -> server.state() == SocketServerState.RUNNING).count();
		long failed = all.stream().filter((server) -> server.state() == SocketServerState.FAILED).count();
		int inFlight = all.stream().mapToInt((server) -> server.server().activeRequests()).sum();
		return "STATUS=" + serving + " of " + all.size() + " socket servers serving, " + inFlight
				+ " requests in flight" + ((failed > 0) ? ", " + failed + " failed" : "");
	}

}
