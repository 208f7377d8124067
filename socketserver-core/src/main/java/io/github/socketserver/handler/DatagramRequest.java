package io.github.socketserver.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.connection.TrafficListener;
import org.jspecify.annotations.Nullable;

/**
 * One datagram of a datagram server: Python's {@code packet}, {@code socket}, and the
 * {@code rfile} and {@code wfile} of {@code DatagramRequestHandler}.
 * <p>
 * What the handler writes to {@link #wfile()} is sent back to the client as one datagram
 * when the handler is done; {@link #reply(byte[])} sends one at once. A Unix datagram
 * client gets a reply only if it bound an address of its own.
 * <p>
 * Every public method is final: the class is open only so that a test double can make a
 * request without a socket and keep its replies (the {@code MockDatagramRequest} of
 * {@code socketserver-test}).
 *
 * @since 0.1.0
 */
public class DatagramRequest implements Request {

	/**
	 * The largest datagram UDP carries over IPv4: 65,535 bytes less the IP and UDP
	 * headers. A larger reply fails to send.
	 */
	public static final int MAX_UDP_IPV4_PAYLOAD = 65_507;

	/**
	 * The largest datagram UDP carries over IPv6 without jumbograms: 65,535 bytes less
	 * the UDP header.
	 */
	public static final int MAX_UDP_IPV6_PAYLOAD = 65_527;

	/**
	 * How long a reply may wait for room in the send buffer before it is dropped.
	 */
	private static final long SEND_WAIT_NANOS = 1_000_000_000L;

	private final byte[] packet;

	private final @Nullable SocketAddress clientAddress;

	private final @Nullable DatagramChannel socket;

	private final RequestServer server;

	private final TrafficListener traffic;

	private final boolean canReply;

	private @Nullable InputStream rfile;

	private @Nullable Reply wfile;

	/**
	 * Creates the request for a received datagram; servers do this.
	 * @param packet the datagram's bytes, owned by the request from now on
	 * @param clientAddress the sender's address, {@code null} if it has none
	 * @param socket the server's channel, to reply through
	 * @param server the server that received it
	 * @param traffic hears the bytes of replies
	 */
	public DatagramRequest(byte[] packet, @Nullable SocketAddress clientAddress, DatagramChannel socket,
			RequestServer server, TrafficListener traffic) {
		this.packet = packet;
		this.clientAddress = clientAddress;
		this.socket = Objects.requireNonNull(socket, "socket");
		this.server = server;
		this.traffic = traffic;
		this.canReply = canReply(clientAddress);
	}

	/**
	 * Creates a request without a socket, for a test double of a handler's request: its
	 * replies go to {@link #transmit(ByteBuffer, SocketAddress)}, which it overrides.
	 * @param packet the datagram's bytes, owned by the request from now on
	 * @param clientAddress the sender's address, {@code null} if it has none
	 * @param server the server the handler is told of
	 */
	protected DatagramRequest(byte[] packet, @Nullable SocketAddress clientAddress, RequestServer server) {
		this.packet = packet;
		this.clientAddress = clientAddress;
		this.socket = null;
		this.server = server;
		this.traffic = TrafficListener.NONE;
		this.canReply = canReply(clientAddress);
	}

	private static boolean canReply(@Nullable SocketAddress clientAddress) {
		// A Unix datagram client that did not bind has an unnamed address, which prints
		// empty; an IP address never does.
		return clientAddress instanceof InetSocketAddress
				|| (clientAddress != null && !clientAddress.toString().isEmpty());
	}

	/**
	 * The datagram's bytes, Python's {@code request[0]}. The array is the request's own.
	 * @return the datagram
	 */
	public final byte[] packet() {
		return this.packet;
	}

	/**
	 * The datagram cut into frames by the server's codec ({@link RequestServer#codec()}),
	 * as statsd and syslog clients put several lines in one datagram. The datagram ends
	 * its last frame: the line codec takes a last line without its line end, other codecs
	 * want whole frames. Without a codec the datagram is one frame.
	 * @return the frames' contents, in order
	 * @throws FrameException if a frame is longer than the codec's maximum, or the bytes
	 * are not whole frames: the datagram is refused whole, none of its frames returned
	 * @since 0.2.0
	 */
	public final List<byte[]> frames() throws FrameException {
		FrameCodec codec = this.server.codec();
		if (codec == null) {
			return List.of(this.packet);
		}
		ByteBuffer buffer = ByteBuffer.wrap(this.packet);
		List<byte[]> frames = new ArrayList<>();
		while (buffer.hasRemaining()) {
			int before = buffer.position();
			byte[] frame = codec.decodeLast(buffer);
			if (frame == null || buffer.position() == before) {
				throw new FrameException(
						"The codec took no frame from the last " + buffer.remaining() + " bytes of the datagram");
			}
			frames.add(frame);
		}
		return frames;
	}

	/**
	 * The datagram as a stream, the same one for the whole request: a read goes on where
	 * the last one stopped, as on Python's {@code rfile}.
	 * @return a stream over {@link #packet()}
	 */
	public final InputStream rfile() {
		InputStream stream = this.rfile;
		if (stream == null) {
			stream = new ByteArrayInputStream(this.packet);
			this.rfile = stream;
		}
		return stream;
	}

	/**
	 * The reply, sent as one datagram when the handler is done if anything was written.
	 * @return the reply buffer
	 */
	public final ByteArrayOutputStream wfile() {
		Reply reply = this.wfile;
		if (reply == null) {
			reply = new Reply();
			this.wfile = reply;
		}
		return reply;
	}

	/**
	 * The server's socket, Python's {@code request[1]}, shared by all requests.
	 * @return the server's channel
	 * @throws IllegalStateException if the request was made without a socket, for a test
	 */
	public final DatagramChannel socket() {
		DatagramChannel socket = this.socket;
		if (socket == null) {
			throw new IllegalStateException("The datagram from " + clientAddress() + " was made without a socket");
		}
		return socket;
	}

	/**
	 * The sender's address. A Unix datagram client that did not bind has an unnamed
	 * address.
	 */
	@Override
	public final SocketAddress clientAddress() {
		return (this.clientAddress != null) ? this.clientAddress : UnixDomainSocketAddress.of("");
	}

	@Override
	public final RequestServer server() {
		return this.server;
	}

	/**
	 * Whether the client can be answered: it has an address to send to.
	 * @return false for a Unix datagram client that did not bind an address
	 */
	public final boolean canReply() {
		return this.canReply;
	}

	/**
	 * Sends a datagram to the client now.
	 * @param data the datagram
	 * @throws IOException if it cannot be sent, or the client has no address
	 */
	public final void reply(byte[] data) throws IOException {
		send(ByteBuffer.wrap(data));
	}

	private void send(ByteBuffer datagram) throws IOException {
		if (!canReply()) {
			throw new IOException("The client has no address to reply to: a Unix datagram client must bind one");
		}
		int length = datagram.remaining();
		transmit(datagram, Objects.requireNonNull(this.clientAddress));
		this.traffic.bytesSent(length);
	}

	/**
	 * Sends one datagram through the server's socket; a request made without a socket
	 * overrides this to keep its replies.
	 * @param datagram the datagram, from its position to its limit
	 * @param client where to send it
	 * @throws IOException if it cannot be sent
	 */
	protected void transmit(ByteBuffer datagram, SocketAddress client) throws IOException {
		DatagramChannel socket = socket();
		int length = datagram.remaining();
		// The channel is non-blocking for the serving loop: a full send buffer (a Unix
		// client that does not read its queue) returns 0. Wait for room as a blocking
		// send would, without spinning, but within a bound: a client that never reads
		// must not hold a handler thread for ever.
		long deadline = System.nanoTime() + SEND_WAIT_NANOS;
		long pause = 10_000;
		while (true) {
			if (socket.send(datagram, client) > 0 || length == 0) {
				return;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IOException("The send buffer stayed full for " + SEND_WAIT_NANOS / 1_000_000
						+ " ms; the reply to " + client + " was dropped");
			}
			LockSupport.parkNanos(pause);
			pause = Math.min(pause * 2, 10_000_000);
		}
	}

	/**
	 * Sends what was written to {@link #wfile()}, if anything; the server calls this when
	 * the handler is done. A client without an address gets nothing.
	 * @throws IOException if the reply cannot be sent
	 */
	public final void flush() throws IOException {
		Reply reply = this.wfile;
		if (reply != null && reply.size() > 0 && canReply()) {
			try {
				send(reply.datagram());
			}
			finally {
				reply.reset();
			}
		}
	}

	/**
	 * The reply buffer, sent from its own array without a copy.
	 */
	private static final class Reply extends ByteArrayOutputStream {

		Reply() {
			super(64);
		}

		ByteBuffer datagram() {
			return ByteBuffer.wrap(this.buf, 0, this.count);
		}

	}

}
