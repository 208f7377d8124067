package io.github.socketserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The threads of a serving loop's receivers beyond the first: started with the loop,
 * joined when it ends, and the first failure among them kept to be thrown on the loop's
 * own thread, so that the server fails as it would with one receiver.
 */
final class ReceiverThreads {

	/**
	 * The work of one receiver.
	 */
	@FunctionalInterface
	interface Work {

		void run() throws IOException;

	}

	private final String serverName;

	private final Runnable onFailure;

	private final List<Thread> threads = new ArrayList<>();

	private volatile @Nullable Throwable failure;

	/**
	 * @param serverName the server's name, for the threads' names
	 * @param onFailure called on the failing thread, to stop the others
	 */
	ReceiverThreads(String serverName, Runnable onFailure) {
		this.serverName = serverName;
		this.onFailure = onFailure;
	}

	void start(int index, Work work) {
		Thread thread = new Thread(() -> {
			try {
				work.run();
			}
			catch (IOException | RuntimeException | Error ex) {
				synchronized (this) {
					if (this.failure == null) {
						this.failure = ex;
					}
				}
				this.onFailure.run();
			}
		}, "socketserver-" + this.serverName + "-receiver-" + index);
		this.threads.add(thread);
		thread.start();
	}

	/**
	 * Waits for every thread to end; an interrupt is kept for the caller to see.
	 */
	void join() {
		boolean interrupted = false;
		for (Thread thread : this.threads) {
			while (thread.isAlive()) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Throws the first failure of a receiver, if one failed.
	 * @throws IOException the receiver's, as it was
	 */
	void throwFailure() throws IOException {
		Throwable failed = this.failure;
		if (failed instanceof IOException io) {
			throw io;
		}
		if (failed instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failed instanceof Error error) {
			throw error;
		}
	}

}
