package io.github.socketserver.autoconfigure;

import java.time.Duration;

/**
 * How a server stops, and the request threads it leaves, under
 * {@code socketserver.servers.<name>.shutdown}.
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

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isBlockOnClose() {
		return this.blockOnClose;
	}

	public void setBlockOnClose(boolean blockOnClose) {
		this.blockOnClose = blockOnClose;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public boolean isDaemonThreads() {
		return this.daemonThreads;
	}

	public void setDaemonThreads(boolean daemonThreads) {
		this.daemonThreads = daemonThreads;
	}

}
