package io.github.socketserver.autoconfigure;

import java.time.Duration;

/**
 * How a server stops, and the request threads it leaves, under
 * {@code socketserver.servers.<name>.shutdown}.
 *
 * @since 0.1.0
 */
public class ServerShutdownProperties {

	/**
	 * How long requests in flight may run once the server stops; those still running then
	 * are cut and logged.
	 */
	private Duration timeout = Duration.ofSeconds(30);

	/**
	 * Whether stopping the server waits, up to 'shutdown.timeout', for the requests in
	 * flight; when false they go on running and are not cut.
	 */
	private boolean blockOnClose = true;

	/**
	 * How often the serving loop checks for a stop and runs its service actions.
	 */
	private Duration pollInterval = Duration.ofMillis(500);

	/**
	 * Whether request threads are daemon threads, which do not keep the JVM alive.
	 * Virtual threads always are.
	 */
	private boolean daemonThreads;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerShutdownProperties() {
	}

	/**
	 * {@return how long requests in flight may run once the server stops}
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Sets how long requests in flight may run once the server stops.
	 * @param timeout the grace period
	 */
	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * {@return whether stopping the server waits for the requests in flight}
	 */
	public boolean isBlockOnClose() {
		return this.blockOnClose;
	}

	/**
	 * Sets whether stopping the server waits for the requests in flight.
	 * @param blockOnClose whether to wait
	 */
	public void setBlockOnClose(boolean blockOnClose) {
		this.blockOnClose = blockOnClose;
	}

	/**
	 * {@return how often the serving loop checks for a stop and runs its service actions}
	 */
	public Duration getPollInterval() {
		return this.pollInterval;
	}

	/**
	 * Sets how often the serving loop checks for a stop and runs its service actions.
	 * @param pollInterval the interval
	 */
	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	/**
	 * {@return whether request threads are daemon threads, which do not keep the JVM
	 * alive}
	 */
	public boolean isDaemonThreads() {
		return this.daemonThreads;
	}

	/**
	 * Sets whether request threads are daemon threads, which do not keep the JVM alive.
	 * @param daemonThreads whether they are daemon threads
	 */
	public void setDaemonThreads(boolean daemonThreads) {
		this.daemonThreads = daemonThreads;
	}

}
