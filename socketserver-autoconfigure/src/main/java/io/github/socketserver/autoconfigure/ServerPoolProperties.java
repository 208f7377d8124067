package io.github.socketserver.autoconfigure;

/**
 * The thread pool of a server in the pool threading mode, under
 * {@code socketserver.servers.<name>.pool}.
 *
 * @since 0.1.0
 */
public class ServerPoolProperties {

	/**
	 * Most threads of the pool, for the pool threading mode.
	 */
	private int maxThreads = 200;

	/**
	 * Requests that may wait for a thread of the pool, for the pool threading mode; when
	 * both are full a request is refused.
	 */
	private int queueCapacity = 100;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerPoolProperties() {
	}

	/**
	 * {@return the most threads of the pool}
	 */
	public int getMaxThreads() {
		return this.maxThreads;
	}

	/**
	 * Sets the most threads of the pool.
	 * @param maxThreads the number of threads
	 */
	public void setMaxThreads(int maxThreads) {
		this.maxThreads = maxThreads;
	}

	/**
	 * {@return how many requests may wait for a thread of the pool}
	 */
	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * Sets how many requests may wait for a thread of the pool.
	 * @param queueCapacity the capacity of the queue
	 */
	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

}
