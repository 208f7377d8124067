package io.github.socketserver.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.metrics.SocketServerKeyNames.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import static io.github.socketserver.metrics.SocketServerMeters.ACCEPT_ERRORS;
import static io.github.socketserver.metrics.SocketServerMeters.BYTES_RECEIVED;
import static io.github.socketserver.metrics.SocketServerMeters.BYTES_SENT;
import static io.github.socketserver.metrics.SocketServerMeters.CHILDREN_EXITS;
import static io.github.socketserver.metrics.SocketServerMeters.CHILDREN_STARTED;
import static io.github.socketserver.metrics.SocketServerMeters.CONNECTIONS;
import static io.github.socketserver.metrics.SocketServerMeters.CONNECTIONS_ACTIVE;
import static io.github.socketserver.metrics.SocketServerMeters.CONNECTIONS_DURATION;
import static io.github.socketserver.metrics.SocketServerMeters.DATAGRAMS_DROPPED;
import static io.github.socketserver.metrics.SocketServerMeters.DATAGRAMS_TRUNCATED;
import static io.github.socketserver.metrics.SocketServerMeters.ERRORS;
import static io.github.socketserver.metrics.SocketServerMeters.REQUESTS;
import static io.github.socketserver.metrics.SocketServerMeters.REQUESTS_ACTIVE;
import static io.github.socketserver.metrics.SocketServerMeters.REQUESTS_REJECTED;

/**
 * Feeds the meters of one socket server, as {@link SocketServerMeters} documents them,
 * from what the server reports.
 * <p>
 * Stream servers have the connection meters, datagram servers the counters of dropped and
 * truncated datagrams. The meters of every tag value known up front are registered here,
 * so that they read zero before the first event; those of errors and children appear with
 * the first one, so that servers of other modes do not carry them. Thread-safe: the
 * server calls it from every request thread.
 *
 * @since 0.1.0
 */
public class SocketServerMetrics implements SocketServerListener {

	private final ServerMeters meters;

	private final AtomicInteger activeConnections = new AtomicInteger();

	private final AtomicInteger activeRequests = new AtomicInteger();

	private final @Nullable Counter connections;

	private final @Nullable Timer connectionDuration;

	private final @Nullable Counter datagramsDropped;

	private final @Nullable Counter datagramsTruncated;

	private final Timer successes;

	private final Timer failures;

	private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final Counter acceptErrors;

	private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();

	private final Map<String, Counter> childExits = new ConcurrentHashMap<>();

	private volatile @Nullable Counter childrenStarted;

	/**
	 * Registers the meters of one server.
	 * @param registry where to register them
	 * @param serverName the server's name
	 * @param family its address family
	 * @param type its socket type
	 */
	public SocketServerMetrics(MeterRegistry registry, String serverName, AddressFamily family, SocketType type) {
		this.meters = new ServerMeters(registry, serverName, family, type);
		boolean stream = type == SocketType.STREAM;
		this.connections = stream ? this.meters.counter(CONNECTIONS) : null;
		if (stream) {
			this.meters.gauge(CONNECTIONS_ACTIVE, this.activeConnections);
		}
		this.connectionDuration = stream ? this.meters.timer(CONNECTIONS_DURATION) : null;
		this.datagramsDropped = stream ? null : this.meters.counter(DATAGRAMS_DROPPED);
		this.datagramsTruncated = stream ? null : this.meters.counter(DATAGRAMS_TRUNCATED);
		this.successes = this.meters.timer(REQUESTS, Outcome.SUCCESS.asString());
		this.failures = this.meters.timer(REQUESTS, Outcome.ERROR.asString());
		this.meters.gauge(REQUESTS_ACTIVE, this.activeRequests);
		for (Rejection reason : Rejection.values()) {
			this.rejections.put(reason,
					this.meters.counter(REQUESTS_REJECTED, ServerMeters.lower(reason).replace('_', '-')));
		}
		this.bytesReceived = this.meters.counter(BYTES_RECEIVED);
		this.bytesSent = this.meters.counter(BYTES_SENT);
		// Registered up front: with no descriptor left, a new meter may not be made.
		this.acceptErrors = this.meters.counter(ACCEPT_ERRORS);
	}

	@Override
	public void connectionOpened(Request request) {
		this.activeConnections.incrementAndGet();
		if (this.connections != null) {
			this.connections.increment();
		}
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		this.activeConnections.decrementAndGet();
		if (this.connectionDuration != null) {
			this.connectionDuration.record(durationNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		this.rejections.get(reason).increment();
	}

	@Override
	public @Nullable Object requestStarted(Request request) {
		this.activeRequests.incrementAndGet();
		return null;
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		this.activeRequests.decrementAndGet();
		((failure != null) ? this.failures : this.successes).record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		this.errors.computeIfAbsent(exception.getClass(), (type) -> this.meters.counter(ERRORS, exceptionName(type)))
			.increment();
	}

	@Override
	public void acceptFailed(Exception exception) {
		this.acceptErrors.increment();
	}

	@Override
	public void bytesReceived(int count) {
		this.bytesReceived.increment(count);
	}

	@Override
	public void bytesSent(int count) {
		this.bytesSent.increment(count);
	}

	@Override
	public void datagramDropped() {
		if (this.datagramsDropped != null) {
			this.datagramsDropped.increment();
		}
	}

	@Override
	public void datagramTruncated() {
		if (this.datagramsTruncated != null) {
			this.datagramsTruncated.increment();
		}
	}

	@Override
	public void childStarted(Request request, long pid) {
		Counter started = this.childrenStarted;
		if (started == null) {
			// Registering twice returns the same counter: no lock needed.
			started = this.meters.counter(CHILDREN_STARTED);
			this.childrenStarted = started;
		}
		started.increment();
	}

	@Override
	public void childExited(Request request, long pid, int exitCode, boolean killed) {
		String status = killed ? "killed" : String.valueOf(exitCode);
		this.childExits.computeIfAbsent(status, (key) -> this.meters.counter(CHILDREN_EXITS, key)).increment();
	}

	private static String exceptionName(Class<?> type) {
		return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
	}

}
