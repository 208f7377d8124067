package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.socketserver.access.AddressRange;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.ConnectionLayer;
import io.github.socketserver.connection.HeaderException;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header a load balancer sends before a connection's bytes
 * (HAProxy's specification, version 1 text or version 2 binary, told apart by the first
 * bytes), and gives the next layers and the handler the client behind the balancer.
 * <p>
 * Put it first in the connection path, so that the address checks, limits, logs and
 * whatever reads the bytes (TLS) come after it: the bytes after the header are handed on
 * untouched. A header is believed only from a trusted source: an inet peer in one of the
 * {@code trusted} ranges (none when the list is empty: pass {@link #EVERY_PEER} to
 * believe anyone that can reach the port), or any peer of a Unix socket, whose file
 * permissions say who may connect. A version 2 {@code LOCAL} header (a balancer's health
 * check) and a version 1 {@code UNKNOWN} one leave the connection as it is. The whole
 * header must come within the header timeout.
 * <p>
 * Refusals throw a {@link HeaderException}: the server counts a rejection and logs it at
 * a bounded rate. Shared by all connections of a server; immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ProxyProtocolLayer implements ConnectionLayer {

	private static final Logger logger = LoggerFactory.getLogger(ProxyProtocolLayer.class);

	/**
	 * The ranges that hold every IPv4 and IPv6 address ({@code 0.0.0.0/0}, {@code ::/0}),
	 * to believe a header from any peer: only where nothing but the balancer can reach
	 * the port.
	 */
	public static final List<AddressRange> EVERY_PEER = List.of(AddressRange.parse("0.0.0.0/0"),
			AddressRange.parse("::/0"));

	private final ProxyProtocolMode mode;

	private final List<AddressRange> trusted;

	private final long headerTimeoutNanos;

	private final LogThrottle ignored = new LogThrottle();

	/**
	 * Creates the layer.
	 * @param mode whether a header is required, optional, or not read
	 * @param trusted the ranges of the balancers whose headers are believed; empty to
	 * believe no inet peer (a Unix server's peers only), {@link #EVERY_PEER} to believe
	 * all
	 * @param headerTimeout how long the whole header may take to arrive
	 */
	public ProxyProtocolLayer(ProxyProtocolMode mode, List<AddressRange> trusted, Duration headerTimeout) {
		this.mode = Objects.requireNonNull(mode, "mode");
		this.trusted = List.copyOf(trusted);
		if (headerTimeout.isNegative() || headerTimeout.isZero()) {
			throw new IllegalArgumentException("The header timeout must be more than zero, not " + headerTimeout);
		}
		this.headerTimeoutNanos = headerTimeout.toNanos();
	}

	@Override
	public Connection open(Connection connection) throws IOException {
		if (this.mode == ProxyProtocolMode.OFF) {
			return connection;
		}
		SocketAddress peer = connection.clientAddress();
		boolean trusted = isTrusted(peer);
		if (!trusted && this.mode == ProxyProtocolMode.REQUIRED) {
			throw new HeaderException("A PROXY protocol header is required, and " + peer
					+ " is not a trusted source: add its range to 'trusted' if it is a balancer");
		}
		HeaderBytes bytes = new HeaderBytes(connection.transport(), this.headerTimeoutNanos);
		ParsedHeader parsed = switch (detect(bytes)) {
			case 1 -> TextHeader.read(bytes);
			case 2 -> BinaryHeader.read(bytes);
			default -> null;
		};
		if (parsed == null) {
			if (this.mode == ProxyProtocolMode.REQUIRED) {
				throw new HeaderException(
						"A PROXY protocol header is required, and the connection starts with " + bytes.quote());
			}
			return connection.withTransport(bytes.rest(0));
		}
		Connection next = connection.withTransport(bytes.rest(parsed.length()));
		if (!trusted) {
			long count = this.ignored.tryLog();
			if (count > 0) {
				logger.warn(
						"Ignored the PROXY protocol header of {}, which is not a trusted source: it claimed to be "
								+ "{} ({} ignored since the last report)",
						peer, LogText.escape(parsed.header().source()), count);
			}
			return next;
		}
		ProxyHeader header = parsed.header();
		next = next.withAttribute(ProxyHeader.class, header);
		return (header.source() != null) ? next.withClientAddress(header.source()) : next;
	}

	/**
	 * Tells the version from the first bytes.
	 * @return 1 or 2, or 0 if the connection does not start with a header
	 */
	private static int detect(HeaderBytes bytes) throws IOException {
		while (true) {
			boolean text = startsLike(bytes, TextHeader.SIGNATURE);
			boolean binary = startsLike(bytes, BinaryHeader.SIGNATURE);
			if (text && bytes.count() >= TextHeader.SIGNATURE.length) {
				return 1;
			}
			if (binary && bytes.count() >= BinaryHeader.SIGNATURE.length) {
				return 2;
			}
			if (!text && !binary) {
				return 0;
			}
			bytes.readMore();
		}
	}

	/**
	 * Whether the bytes read so far agree with the start of a signature (no byte read is
	 * agreement too).
	 */
	private static boolean startsLike(HeaderBytes bytes, byte[] signature) {
		int length = Math.min(bytes.count(), signature.length);
		for (int i = 0; i < length; i++) {
			if (bytes.at(i) != signature[i]) {
				return false;
			}
		}
		return true;
	}

	private boolean isTrusted(SocketAddress peer) {
		if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
			return true;
		}
		return AddressRange.anyContains(this.trusted, inet.getAddress());
	}

	@Override
	public String toString() {
		return "PROXY protocol (" + this.mode.name().toLowerCase() + ", trusted " + this.trusted + ")";
	}

}
