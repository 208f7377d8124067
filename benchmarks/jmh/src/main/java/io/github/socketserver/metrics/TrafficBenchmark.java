package io.github.socketserver.metrics;

import java.util.concurrent.TimeUnit;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.listener.SocketServerListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the metrics cost one {@code PING} of a stream connection: the connection is the
 * request, so a command is only a read and a write counted. Two threads share one
 * server's meters, as two carriers serving many connections do, so the figure includes
 * what their contention on the byte counters costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrafficBenchmark {

	/**
	 * {@code none}: {@link SocketServerListener#NONE}; {@code metricsSimple}: the
	 * server's meters in a {@link SimpleMeterRegistry}.
	 */
	@Param({ "none", "metricsSimple" })
	public String listenerKind;

	private SocketServerListener listener;

	@Setup
	public void setUp() {
		this.listener = switch (this.listenerKind) {
			case "none" -> SocketServerListener.NONE;
			case "metricsSimple" ->
				new SocketServerMetrics(new SimpleMeterRegistry(), "bench", AddressFamily.INET, SocketType.STREAM);
			default -> throw new IllegalArgumentException(this.listenerKind);
		};
	}

	@Benchmark
	@Threads(2)
	public void readAndWrite() {
		this.listener.bytesReceived(7);
		this.listener.bytesSent(7);
	}

}
