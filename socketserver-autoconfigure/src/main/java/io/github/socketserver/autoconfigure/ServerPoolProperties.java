package io.github.socketserver.autoconfigure;

/**
 * The thread pool of a server in the pool threading mode, under
 * {@code socketserver.servers.<name>.pool}.
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

	public int getMaxThreads() {
		return this.maxThreads;
	}

	public void setMaxThreads(int maxThreads) {
		this.maxThreads = maxThreads;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

}
