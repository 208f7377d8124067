package io.github.socketserver.inherit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that opens a connection every few milliseconds, sends one line on it and waits
 * for it back, counting what happens to each: answered, refused, reset or failed
 * otherwise, with the longest wait for an answer. It runs until {@link #finish()},
 * bounded by a count as a cap on the load should the test never finish it; a scheduler
 * paces the connections, so no thread sleeps.
 */
final class LineTraffic implements AutoCloseable {

	private final InetSocketAddress address;

	private final int maxConnections;

	private final ExecutorService connections = Executors.newCachedThreadPool();

	private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "test-traffic");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger made = new AtomicInteger();

	private final AtomicInteger answered = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final AtomicInteger reset = new AtomicInteger();

	private final List<String> failed = new CopyOnWriteArrayList<>();

	private final AtomicLong longestWaitNanos = new AtomicLong();

	private volatile boolean stopped;

	LineTraffic(InetSocketAddress address, int maxConnections, Duration interval) {
		this.address = address;
		this.maxConnections = maxConnections;
		// With a fixed delay a late tick is not made up in a burst.
		this.pace.scheduleWithFixedDelay(this::connect, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void connect() {
		if (this.stopped || this.made.get() >= this.maxConnections) {
			this.pace.shutdown();
			return;
		}
		int number = this.made.getAndIncrement();
		this.connections.execute(() -> exchange(number));
	}

	private void exchange(int number) {
		long start = System.nanoTime();
		try (Socket socket = new Socket()) {
			socket.connect(this.address, 60_000);
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("line " + number + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			if (("line " + number).equals(answer)) {
				this.answered.incrementAndGet();
				this.longestWaitNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
			}
			else {
				this.failed.add(number + ": answered " + answer);
			}
		}
		catch (ConnectException ex) {
			this.refused.incrementAndGet();
		}
		catch (SocketException ex) {
			if (String.valueOf(ex.getMessage()).contains("reset")) {
				this.reset.incrementAndGet();
			}
			else {
				this.failed.add(number + ": " + ex);
			}
		}
		catch (IOException ex) {
			this.failed.add(number + ": " + ex);
		}
	}

	int made() {
		return this.made.get();
	}

	int answered() {
		return this.answered.get();
	}

	int refused() {
		return this.refused.get();
	}

	int reset() {
		return this.reset.get();
	}

	List<String> failed() {
		return this.failed;
	}

	long longestWaitMillis() {
		return TimeUnit.NANOSECONDS.toMillis(this.longestWaitNanos.get());
	}

	/**
	 * Stops opening connections and waits for those open to end.
	 */
	void finish() throws InterruptedException {
		this.stopped = true;
		this.pace.shutdown();
		this.pace.awaitTermination(10, TimeUnit.SECONDS);
		this.connections.shutdown();
		this.connections.awaitTermination(120, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		this.stopped = true;
		this.pace.shutdownNow();
		this.connections.shutdownNow();
	}

	@Override
	public String toString() {
		return "connections made " + made() + ", answered " + answered() + ", refused " + refused() + ", reset "
				+ reset() + ", failed otherwise " + this.failed.size() + ", longest wait " + longestWaitMillis()
				+ " ms";
	}

}
