package io.github.socketserver.tls;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.connection.LayerException;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first TLS record a client sends, read before an engine is chosen: it tells a client
 * that speaks no TLS at once, and carries the server name (SNI) the engine is chosen by.
 */
final class ClientHello {

	private static final int HEADER = 5;

	private static final int MAX_RECORD = 16384 + 2048;

	private static final byte HANDSHAKE = 0x16;

	private static final int SERVER_NAME = 0;

	private static final Logger logger = LoggerFactory.getLogger(ClientHello.class);

	private static final LogThrottle invalidNames = new LogThrottle();

	private final ByteBuffer received;

	private final @Nullable String serverName;

	private ClientHello(ByteBuffer received, @Nullable String serverName) {
		this.received = received;
		this.serverName = serverName;
	}

	/**
	 * Reads the first record.
	 * @param wire the transport below TLS
	 * @param deadline the {@link System#nanoTime()} the handshake must be done by
	 * @return the record and the server name it asks for
	 * @throws LayerException if the client speaks no TLS, or ends before its first record
	 */
	static ClientHello read(Transport wire, long deadline) throws IOException {
		ByteBuffer received = ByteBuffer.allocate(MAX_RECORD + HEADER);
		readAtLeast(wire, received, 1, deadline);
		if (received.get(0) != HANDSHAKE) {
			throw new TlsFailure.NotTlsException("Not a TLS client: it began with '" + prefix(received) + "'");
		}
		readAtLeast(wire, received, HEADER, deadline);
		int length = received.getShort(3) & 0xFFFF;
		if (received.get(1) != 3 || length > MAX_RECORD) {
			throw new TlsFailure.NotTlsException("Not a TLS client: its first record is malformed");
		}
		readAtLeast(wire, received, HEADER + length, deadline);
		return new ClientHello(received,
				serverName(received.duplicate().flip().position(HEADER).limit(HEADER + length)));
	}

	/**
	 * What was read from the wire, in fill mode: at least the first record.
	 * @return the bytes
	 */
	ByteBuffer received() {
		return this.received;
	}

	/**
	 * The host name the client asked for.
	 * @return the name, or {@code null} if the client sent none
	 */
	@Nullable String serverName() {
		return this.serverName;
	}

	private static void readAtLeast(Transport wire, ByteBuffer target, int count, long deadline) throws IOException {
		while (target.position() < count) {
			if (wire.read(target, TlsHandshake.remaining(deadline)) < 0) {
				throw new LayerException("The client closed the connection before its TLS hello");
			}
		}
	}

	private static String prefix(ByteBuffer received) {
		return new String(received.array(), 0, Math.min(received.position(), 32), StandardCharsets.ISO_8859_1);
	}

	/**
	 * Finds the server name extension in a ClientHello message; a message too short or
	 * split over several records yields none, and the engine judges it.
	 */
	private static @Nullable String serverName(ByteBuffer hello) {
		try {
			if (hello.get() != 1) {
				return null;
			}
			skip(hello, 3 + 2 + 32); // length, version, random
			skip(hello, hello.get() & 0xFF); // session id
			skip(hello, hello.getShort() & 0xFFFF); // cipher suites
			skip(hello, hello.get() & 0xFF); // compression methods
			int end = Math.min(hello.limit(), hello.position() + 2 + (hello.getShort() & 0xFFFF));
			while (hello.position() + 4 <= end) {
				int type = hello.getShort() & 0xFFFF;
				int length = hello.getShort() & 0xFFFF;
				if (type == SERVER_NAME) {
					skip(hello, 2); // list length
					if (hello.get() != 0) {
						return null;
					}
					byte[] name = new byte[hello.getShort() & 0xFFFF];
					hello.get(name);
					return validServerName(new String(name, StandardCharsets.ISO_8859_1));
				}
				skip(hello, length);
			}
			return null;
		}
		catch (BufferUnderflowException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A server name that is no host name is treated as absent (the default certificate
	 * answers), and logged now and then.
	 */
	private static @Nullable String validServerName(String raw) {
		String hostName = ServerNames.hostName(raw);
		if (hostName == null) {
			long count = invalidNames.tryLog();
			if (count > 0) {
				logger.warn("Ignored a TLS server name that is no host name: '{}' ({} such since the last report)",
						LogText.escape(raw.substring(0, Math.min(raw.length(), 300))), count);
			}
		}
		return hostName;
	}

	private static void skip(ByteBuffer buffer, int count) {
		buffer.position(buffer.position() + count);
	}

}
