package io.github.socketserver.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.tls.TlsFailure;
import io.github.socketserver.tls.TlsHandshakeListener;
import io.github.socketserver.tls.TlsSession;

/**
 * Times the TLS handshakes of one server as {@link SocketServerMeters#TLS_HANDSHAKES}.
 * Thread-safe; a timer is registered with the first handshake of its outcome, protocol
 * and reason (a bounded set of each).
 *
 * @since 0.1.0
 */
public class SocketServerTlsMetrics implements TlsHandshakeListener {

	private static final String NONE = "none";

	private final ServerMeters meters;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics of one server.
	 * @param registry where to register the meters
	 * @param serverName the server's name
	 * @param family its address family
	 * @param type its socket type
	 */
	public SocketServerTlsMetrics(MeterRegistry registry, String serverName, AddressFamily family, SocketType type) {
		this.meters = new ServerMeters(registry, serverName, family, type);
	}

	@Override
	public void handshakeCompleted(TlsSession session, long durationNanos) {
		record(SocketServerKeyNames.Outcome.SUCCESS.asString(), session.protocol(), NONE, durationNanos);
	}

	@Override
	public void handshakeFailed(LayerException failure, TlsFailure reason, long durationNanos) {
		String outcome = (reason == TlsFailure.TIMEOUT) ? "timeout" : SocketServerKeyNames.Outcome.ERROR.asString();
		record(outcome, NONE, reason.tagValue(), durationNanos);
	}

	private void record(String outcome, String protocol, String reason, long durationNanos) {
		this.timers
			.computeIfAbsent(outcome + " " + protocol + " " + reason,
					(key) -> this.meters.timer(SocketServerMeters.TLS_HANDSHAKES, outcome, protocol, reason))
			.record(durationNanos, TimeUnit.NANOSECONDS);
	}

}
