package io.github.socketserver;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.test.SocketTestClient;

/**
 * A well-behaved client that keeps asking a line-echo server one line per connection and
 * checks each answer, while a test attacks the server with other clients.
 */
final class Probe implements AutoCloseable {

	private final SocketAddress address;

	private final AtomicInteger answered = new AtomicInteger();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	Probe(SocketAddress address) {
		this.address = address;
		this.thread = new Thread(this::run, "test-probe");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		for (int i = 0; this.running; i++) {
			String line = "probe " + i;
			try (SocketTestClient connection = SocketTestClient.connect(this.address)) {
				connection.send(line + "\n");
				String answer = connection.readLine();
				if (line.equals(answer)) {
					this.answered.incrementAndGet();
				}
				else {
					this.failures.add(line + " answered " + answer);
				}
			}
			catch (Exception ex) {
				if (this.running) {
					this.failures.add(line + " failed with " + ex);
				}
			}
		}
	}

	/**
	 * How many exchanges were answered correctly so far.
	 */
	int answered() {
		return this.answered.get();
	}

	/**
	 * Wrong or missing answers, as descriptions.
	 */
	List<String> failures() {
		return this.failures;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(SocketTestClient.DEFAULT_TIMEOUT.toMillis());
	}

}
