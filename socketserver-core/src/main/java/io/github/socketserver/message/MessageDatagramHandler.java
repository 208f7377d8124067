package io.github.socketserver.message;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Objects;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;

/**
 * Binds a {@link MessageHandler} to a datagram server: the server's codec cuts each
 * datagram into frames (statsd sends many lines in one), and {@link #handle} calls
 * {@code handleMessage} once per frame, in order, on the datagram's thread. Without a
 * codec, a datagram holds lines (LF or CRLF, the last one without its end too), and
 * replies end with LF.
 * <p>
 * A datagram server keeps no connection: the {@link MessageConnection} of a message
 * stands for its datagram. {@code send} sends a datagram to the client at once, framed by
 * the codec; {@code attributes()} lasts for the datagram's frames; {@code close()} does
 * nothing; {@code connectionOpened} and {@code connectionClosed} are never called.
 * <p>
 * A frame longer than the codec's maximum, or bytes that are not whole frames, end the
 * datagram: the frames before were handled, the rest is dropped, and the failure goes to
 * the server's error path, counted as a frame rejection. The server and its other clients
 * go on.
 *
 * @since 0.2.0
 */
public final class MessageDatagramHandler implements DatagramRequestHandler {

	/**
	 * Lines as long as a datagram: the server's maximum packet size bounds them.
	 */
	private static final FrameCodec LINES = new LineCodec(Integer.MAX_VALUE);

	private final MessageHandler handler;

	/**
	 * Creates the binding.
	 * @param handler the shared message handler
	 */
	public MessageDatagramHandler(MessageHandler handler) {
		this.handler = Objects.requireNonNull(handler, "handler");
	}

	/**
	 * {@return the message handler}
	 */
	public MessageHandler handler() {
		return this.handler;
	}

	@Override
	public void handle(DatagramRequest request) throws Exception {
		FrameCodec configured = request.server().codec();
		FrameCodec codec = (configured != null) ? configured : LINES;
		Charset charset = request.server().charset();
		MessageConnection connection = new DatagramMessageConnection(request, codec);
		ByteBuffer datagram = ByteBuffer.wrap(request.packet());
		while (datagram.hasRemaining()) {
			int before = datagram.position();
			byte[] frame = codec.decodeLast(datagram);
			if (frame == null || datagram.position() == before) {
				throw new FrameException(
						"The codec took no frame from the last " + datagram.remaining() + " bytes of the datagram");
			}
			this.handler.handleMessage(new Message(frame, connection, charset));
		}
	}

}
