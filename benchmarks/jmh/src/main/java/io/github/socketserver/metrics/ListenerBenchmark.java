package io.github.socketserver.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.TrafficListener;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the listener costs a request: the callbacks every request goes through
 * ({@code requestStarted}, one {@code bytesReceived}, one {@code bytesSent},
 * {@code requestFinished}), for each listener a server may be given. It tells whether a
 * registry that records nothing (an {@code ObservationRegistry.NOOP}, a composite meter
 * registry with no registry in it) costs nothing measurable next to no listener at all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ListenerBenchmark {

	/**
	 * The listener measured: {@code none} is the core's
	 * {@link SocketServerListener#NONE}; {@code observationsNoop} observations with
	 * {@code ObservationRegistry.NOOP}; {@code observationsHandler} observations with a
	 * registry holding one handler that does nothing; {@code metricsSimple} meters in a
	 * {@link SimpleMeterRegistry}; {@code metricsEmptyComposite} meters in a
	 * {@link CompositeMeterRegistry} with no registry added.
	 */
	@Param({ "none", "observationsNoop", "observationsHandler", "metricsSimple", "metricsEmptyComposite" })
	public String listenerKind;

	private SocketChannel channel;

	private Request request;

	private SocketServerListener listener;

	private int received = 6;

	private int sent = 7;

	private long durationNanos = 25_000;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		// Never connected: the request only needs a channel and a server to name.
		this.channel = SocketChannel.open();
		InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40123);
		this.request = new StreamRequest(Connection.accepted(this.channel, client, TrafficListener.NONE),
				new RequestServer() {

					@Override
					public String name() {
						return "bench";
					}

					@Override
					public SocketAddress serverAddress() {
						return client;
					}

					@Override
					public void shutdown() {
					}

				}, 8192);
		this.listener = switch (this.listenerKind) {
			case "none" -> SocketServerListener.NONE;
			case "observationsNoop" -> observations(ObservationRegistry.NOOP);
			case "observationsHandler" -> {
				ObservationRegistry registry = ObservationRegistry.create();
				registry.observationConfig().observationHandler((context) -> true);
				yield observations(registry);
			}
			case "metricsSimple" -> metrics(new SimpleMeterRegistry());
			case "metricsEmptyComposite" -> metrics(new CompositeMeterRegistry());
			default -> throw new IllegalArgumentException(this.listenerKind);
		};
	}

	private static SocketServerListener observations(ObservationRegistry registry) {
		return new SocketServerObservations(registry, "bench", AddressFamily.INET, SocketType.STREAM);
	}

	private static SocketServerListener metrics(MeterRegistry registry) {
		return new SocketServerMetrics(registry, "bench", AddressFamily.INET, SocketType.STREAM);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.channel.close();
	}

	@Benchmark
	public void request(Blackhole blackhole) {
		SocketServerListener listener = this.listener;
		Object state = listener.requestStarted(this.request);
		listener.bytesReceived(this.received);
		listener.bytesSent(this.sent);
		listener.requestFinished(this.request, state, null, this.durationNanos);
		blackhole.consume(state);
	}

}
