package io.github.socketserver.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.handler.StreamRequestHandler;

/**
 * Holds requests in their handler until a test lets them go, so that a test can look at
 * what is in flight without timing guesses.
 * <p>
 * Its {@link #handler()} reads one line, says it arrived, waits for {@link #release()}
 * (at most {@link TestServers#TIMEOUT}), and answers {@code done <line>}.
 */
public final class Gate {

	private volatile CountDownLatch arrived = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	/**
	 * Sets how many requests the test waits for in {@link #awaitArrivals()}.
	 * @param requests the number of requests
	 */
	public void expect(int requests) {
		this.arrived = new CountDownLatch(requests);
	}

	/**
	 * Waits until the expected requests are in their handler.
	 * @return true if they arrived in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitArrivals() throws InterruptedException {
		return this.arrived.await(TestServers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Lets every held request, and every later one, go on.
	 */
	public void release() {
		this.release.countDown();
	}

	/**
	 * A handler that waits at the gate.
	 * @return the handler
	 */
	public StreamRequestHandler handler() {
		return (request) -> {
			String line = request.rfile().readLine();
			this.arrived.countDown();
			if (!this.release.await(TestServers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The test never released the gate");
			}
			request.wfile().write("done " + line + "\n");
		};
	}

}
