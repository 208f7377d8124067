package io.github.socketserver.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.SocketType;
import io.github.socketserver.handler.Request;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one socket server; every name, unit and tag is here.
 * <p>
 * Every meter carries the tags {@code server.name}, {@code family} and {@code type};
 * never a client address.
 * <table>
 * <caption>Meters</caption>
 * <tr>
 * <th>name</th>
 * <th>type</th>
 * <th>extra tags</th>
 * <th>meaning</th>
 * </tr>
 * <tr>
 * <td>{@value #CONNECTIONS}</td>
 * <td>counter</td>
 * <td></td>
 * <td>connections accepted (stream)</td>
 * </tr>
 * <tr>
 * <td>{@value #CONNECTIONS_ACTIVE}</td>
 * <td>gauge</td>
 * <td></td>
 * <td>connections open (stream)</td>
 * </tr>
 * <tr>
 * <td>{@value #CONNECTIONS_DURATION}</td>
 * <td>timer</td>
 * <td></td>
 * <td>how long connections stayed open (stream)</td>
 * </tr>
 * <tr>
 * <td>{@value #REQUESTS}</td>
 * <td>timer</td>
 * <td>outcome</td>
 * <td>handler time per request: a connection or a datagram</td>
 * </tr>
 * <tr>
 * <td>{@value #REQUESTS_ACTIVE}</td>
 * <td>gauge</td>
 * <td></td>
 * <td>requests a handler is running</td>
 * </tr>
 * <tr>
 * <td>{@value #REQUESTS_REJECTED}</td>
 * <td>counter</td>
 * <td>reason</td>
 * <td>requests refused before a handler saw them</td>
 * </tr>
 * <tr>
 * <td>{@value #ERRORS}</td>
 * <td>counter</td>
 * <td>exception</td>
 * <td>errors reported to handleError</td>
 * </tr>
 * <tr>
 * <td>{@value #BYTES_RECEIVED}</td>
 * <td>counter (bytes)</td>
 * <td></td>
 * <td>bytes read or received</td>
 * </tr>
 * <tr>
 * <td>{@value #BYTES_SENT}</td>
 * <td>counter (bytes)</td>
 * <td></td>
 * <td>bytes written or sent</td>
 * </tr>
 * <tr>
 * <td>{@value #DATAGRAMS_TRUNCATED}</td>
 * <td>counter</td>
 * <td></td>
 * <td>datagrams dropped for exceeding max-packet-size (datagram)</td>
 * </tr>
 * <tr>
 * <td>{@value #CHILDREN_STARTED}</td>
 * <td>counter</td>
 * <td></td>
 * <td>child processes started (fork)</td>
 * </tr>
 * <tr>
 * <td>{@value #CHILDREN_EXITS}</td>
 * <td>counter</td>
 * <td>status</td>
 * <td>child processes ended, by exit code, or {@code killed} if the server killed them
 * (fork)</td>
 * </tr>
 * </table>
 * The children's meters appear with the first child, so that servers of other modes do
 * not carry them; their running children are {@value #REQUESTS_ACTIVE}. Thread-safe: the
 * server calls it from every request thread.
 */
public class SocketServerMetrics implements SocketServerListener {

	public static final String CONNECTIONS = "socketserver.connections";

	public static final String CONNECTIONS_ACTIVE = "socketserver.connections.active";

	public static final String CONNECTIONS_DURATION = "socketserver.connections.duration";

	public static final String REQUESTS = "socketserver.requests";

	public static final String REQUESTS_ACTIVE = "socketserver.requests.active";

	public static final String REQUESTS_REJECTED = "socketserver.requests.rejected";

	public static final String ERRORS = "socketserver.errors";

	public static final String BYTES_RECEIVED = "socketserver.bytes.received";

	public static final String BYTES_SENT = "socketserver.bytes.sent";

	public static final String DATAGRAMS_TRUNCATED = "socketserver.datagrams.truncated";

	public static final String CHILDREN_STARTED = "socketserver.children.started";

	public static final String CHILDREN_EXITS = "socketserver.children.exits";

	private final MeterRegistry registry;

	private final Tags tags;

	private final AtomicInteger activeConnections = new AtomicInteger();

	private final AtomicInteger activeRequests = new AtomicInteger();

	private final @Nullable Counter connections;

	private final @Nullable Timer connectionDuration;

	private final Timer successes;

	private final Timer failures;

	private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

	private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final @Nullable Counter truncated;

	private final Map<String, Counter> children = new ConcurrentHashMap<>();

	/**
	 * Registers the meters of one server.
	 * @param registry where to register them
	 * @param serverName the server's name
	 * @param family its address family
	 * @param type its socket type
	 */
	public SocketServerMetrics(MeterRegistry registry, String serverName, AddressFamily family, SocketType type) {
		this.registry = registry;
		this.tags = Tags.of("server.name", serverName, "family", lower(family), "type", lower(type));
		boolean stream = type == SocketType.STREAM;
		if (stream) {
			this.connections = Counter.builder(CONNECTIONS)
				.description("Connections accepted")
				.tags(this.tags)
				.register(registry);
			Gauge.builder(CONNECTIONS_ACTIVE, this.activeConnections, AtomicInteger::get)
				.description("Connections open")
				.tags(this.tags)
				.strongReference(true)
				.register(registry);
			this.connectionDuration = Timer.builder(CONNECTIONS_DURATION)
				.description("How long connections stayed open")
				.tags(this.tags)
				.register(registry);
			this.truncated = null;
		}
		else {
			this.connections = null;
			this.connectionDuration = null;
			this.truncated = Counter.builder(DATAGRAMS_TRUNCATED)
				.description("Datagrams dropped for exceeding the max packet size")
				.tags(this.tags)
				.register(registry);
		}
		this.successes = requestTimer("success");
		this.failures = requestTimer("error");
		Gauge.builder(REQUESTS_ACTIVE, this.activeRequests, AtomicInteger::get)
			.description("Requests a handler is running")
			.tags(this.tags)
			.strongReference(true)
			.register(registry);
		for (Rejection reason : Rejection.values()) {
			this.rejections.put(reason,
					Counter.builder(REQUESTS_REJECTED)
						.description("Requests refused before a handler saw them")
						.tags(this.tags)
						.tag("reason", lower(reason).replace('_', '-'))
						.register(registry));
		}
		this.bytesReceived = Counter.builder(BYTES_RECEIVED)
			.description("Bytes read or received")
			.baseUnit("bytes")
			.tags(this.tags)
			.register(registry);
		this.bytesSent = Counter.builder(BYTES_SENT)
			.description("Bytes written or sent")
			.baseUnit("bytes")
			.tags(this.tags)
			.register(registry);
	}

	private Timer requestTimer(String outcome) {
		return Timer.builder(REQUESTS)
			.description("Handler time per request: a connection or a datagram")
			.tags(this.tags)
			.tag("outcome", outcome)
			.register(this.registry);
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
		this.errors
			.computeIfAbsent(exception.getClass(),
					(type) -> Counter.builder(ERRORS)
						.description("Errors reported to handleError")
						.tags(this.tags)
						.tag("exception", type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName())
						.register(this.registry))
			.increment();
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
		if (this.truncated != null) {
			this.truncated.increment();
		}
	}

	@Override
	public void childStarted(Request request, long pid) {
		this.children
			.computeIfAbsent("started",
					(key) -> Counter.builder(CHILDREN_STARTED)
						.description("Child processes started")
						.tags(this.tags)
						.register(this.registry))
			.increment();
	}

	@Override
	public void childExited(Request request, long pid, int exitCode, boolean killed) {
		String status = killed ? "killed" : String.valueOf(exitCode);
		this.children
			.computeIfAbsent(status,
					(key) -> Counter.builder(CHILDREN_EXITS)
						.description("Child processes ended, by exit code or killed")
						.tags(this.tags)
						.tag("status", status)
						.register(this.registry))
			.increment();
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
