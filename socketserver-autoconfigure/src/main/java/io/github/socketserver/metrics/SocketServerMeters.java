package io.github.socketserver.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import org.jspecify.annotations.Nullable;

/**
 * Every meter of a socket server, documented once: name, type, base unit, description and
 * tag keys. {@link SocketServerMetrics} registers them from here and nowhere else. Users'
 * dashboards and alerts depend on these names and tags: change them only with the
 * README's table.
 * <p>
 * Every meter carries {@link SocketServerKeyNames#SERVER_NAME},
 * {@link SocketServerKeyNames#FAMILY} and {@link SocketServerKeyNames#TYPE}, some one key
 * more; never a client address. For a stream server a request is a connection; for a
 * datagram server, a datagram. Timers take the registry's time unit (seconds in
 * Prometheus).
 *
 * @since 0.1.0
 */
public enum SocketServerMeters implements MeterDocumentation {

	/**
	 * Connections accepted (stream servers).
	 */
	CONNECTIONS("socketserver.connections", Meter.Type.COUNTER, null, "Connections accepted"),

	/**
	 * Connections open (stream servers).
	 */
	CONNECTIONS_ACTIVE("socketserver.connections.active", Meter.Type.GAUGE, null, "Connections open"),

	/**
	 * How long connections stayed open (stream servers).
	 */
	CONNECTIONS_DURATION("socketserver.connections.duration", Meter.Type.TIMER, null,
			"How long connections stayed open"),

	/**
	 * Handler time per request, by outcome.
	 */
	REQUESTS("socketserver.requests", Meter.Type.TIMER, null, "Handler time per request: a connection or a datagram",
			SocketServerKeyNames.OUTCOME),

	/**
	 * Requests a handler is running; in {@code fork} mode, the children running.
	 */
	REQUESTS_ACTIVE("socketserver.requests.active", Meter.Type.GAUGE, null, "Requests a handler is running"),

	/**
	 * Requests refused before a handler saw them, by reason; registered for every reason
	 * up front, so that a rate of zero is a value and not a gap.
	 */
	REQUESTS_REJECTED("socketserver.requests.rejected", Meter.Type.COUNTER, null,
			"Requests refused before a handler saw them", SocketServerKeyNames.REASON),

	/**
	 * Errors reported to {@code handleError}, by exception; each appears with its first
	 * error.
	 */
	ERRORS("socketserver.errors", Meter.Type.COUNTER, null, "Errors reported to handleError",
			SocketServerKeyNames.EXCEPTION),

	/**
	 * Connections the serving loop failed to accept, or datagrams it failed to receive:
	 * no file descriptor left, or a peer address that cannot be decoded. Each is lost,
	 * and logged at a bounded rate.
	 */
	ACCEPT_ERRORS("socketserver.accept.errors", Meter.Type.COUNTER, null,
			"Connections or datagrams the serving loop failed to take"),

	/**
	 * Bytes read from connections or received in datagrams.
	 */
	BYTES_RECEIVED("socketserver.bytes.received", Meter.Type.COUNTER, "bytes", "Bytes read or received"),

	/**
	 * Bytes written to connections or sent in datagrams.
	 */
	BYTES_SENT("socketserver.bytes.sent", Meter.Type.COUNTER, "bytes", "Bytes written or sent"),

	/**
	 * Datagrams dropped for exceeding the max packet size, under the {@code drop}
	 * oversize policy (datagram servers).
	 */
	DATAGRAMS_DROPPED("socketserver.datagrams.dropped", Meter.Type.COUNTER, null,
			"Datagrams dropped for exceeding the max packet size"),

	/**
	 * Datagrams cut to the max packet size and handled, under the {@code truncate}
	 * oversize policy (datagram servers).
	 */
	DATAGRAMS_TRUNCATED("socketserver.datagrams.truncated", Meter.Type.COUNTER, null,
			"Datagrams cut to the max packet size"),

	/**
	 * Child processes started ({@code fork} servers, from the first child).
	 */
	CHILDREN_STARTED("socketserver.children.started", Meter.Type.COUNTER, null, "Child processes started"),

	/**
	 * Child processes ended and reaped, by exit code or {@code killed} ({@code fork}
	 * servers, from the first child).
	 */
	CHILDREN_EXITS("socketserver.children.exits", Meter.Type.COUNTER, null,
			"Child processes ended, by exit code or killed", SocketServerKeyNames.STATUS),

	/**
	 * TLS handshakes and their time, by outcome ({@code success}, {@code error} or
	 * {@code timeout}), protocol and reason of failure ({@code not_tls}, {@code timeout},
	 * {@code certificate}, {@code protocol}, {@code other}, or {@code none}) (TLS
	 * servers, from the first handshake).
	 */
	TLS_HANDSHAKES("socketserver.tls.handshakes", Meter.Type.TIMER, null,
			"TLS handshakes and their time, by outcome, protocol and reason of failure", SocketServerKeyNames.OUTCOME,
			SocketServerKeyNames.PROTOCOL, SocketServerKeyNames.REASON);

	private final String name;

	private final Meter.Type type;

	private final @Nullable String baseUnit;

	private final String description;

	private final KeyName[] extraKeyNames;

	SocketServerMeters(String name, Meter.Type type, @Nullable String baseUnit, String description,
			KeyName... extraKeyNames) {
		this.name = name;
		this.type = type;
		this.baseUnit = baseUnit;
		this.description = description;
		this.extraKeyNames = extraKeyNames;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Meter.Type getType() {
		return this.type;
	}

	@Override
	public @Nullable String getBaseUnit() {
		return this.baseUnit;
	}

	/**
	 * What the meter counts, as registered.
	 * @return the meter's description
	 */
	public String getDescription() {
		return this.description;
	}

	@Override
	public KeyName[] getKeyNames() {
		return KeyName.merge(new KeyName[] { SocketServerKeyNames.SERVER_NAME, SocketServerKeyNames.FAMILY,
				SocketServerKeyNames.TYPE }, this.extraKeyNames);
	}

	/**
	 * The keys this meter carries beyond the server's, in the order registration gives
	 * their values.
	 */
	KeyName[] extraKeyNames() {
		return this.extraKeyNames;
	}

}
