package io.github.socketserver.autoconfigure;

/**
 * The cap of a server in the thread threading mode, under
 * {@code socketserver.servers.<name>.thread}: a platform thread each is what
 * {@code ThreadingMixIn} does, and the host holds only so many.
 *
 * @since 0.1.0
 */
public class ServerThreadProperties {

	/**
	 * Most requests running at once, a platform thread each, for the thread threading
	 * mode; past it a request is refused (counted as queue-full). A common container
	 * limit is 1,024 processes and threads.
	 */
	private int maxThreads = 512;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerThreadProperties() {
	}

	/**
	 * {@return the most requests running at once}
	 */
	public int getMaxThreads() {
		return this.maxThreads;
	}

	/**
	 * Sets the most requests running at once.
	 * @param maxThreads the number of threads
	 */
	public void setMaxThreads(int maxThreads) {
		this.maxThreads = maxThreads;
	}

}
