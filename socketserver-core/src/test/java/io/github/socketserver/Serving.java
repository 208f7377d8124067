package io.github.socketserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Runs a server's {@code serveForever} on a thread of its own for a test, and stops it.
 */
public final class Serving implements AutoCloseable {

	private final BaseServer<?> server;

	private final Thread thread;

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private Serving(BaseServer<?> server) {
		this.server = server;
		this.thread = new Thread(() -> {
			try {
				server.serveForever(Duration.ofMillis(50));
			}
			catch (IOException ex) {
				this.failure.set(new UncheckedIOException(ex));
			}
			catch (RuntimeException | Error ex) {
				this.failure.set(ex);
			}
		}, "test-serve-" + server.name());
		this.thread.start();
	}

	public static Serving start(BaseServer<?> server) {
		return new Serving(server);
	}

	public Thread thread() {
		return this.thread;
	}

	public Throwable failure() {
		return this.failure.get();
	}

	@Override
	public void close() {
		this.server.shutdown(Duration.ofSeconds(10));
		this.server.close(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.thread.isAlive());
	}

}
