package io.github.socketserver.message;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import org.jspecify.annotations.Nullable;

/**
 * Binds a {@link MessageHandler} to a stream server: give it where a stream server takes
 * the supplier of its handlers
 * ({@code new TcpServer(address, new MessageStreamHandler(handler), options)}), and the
 * server hands each connection, once its layers and admission are done, to its
 * {@link MessageEngine}, which holds no thread between frames.
 * <p>
 * Called as a plain stream handler (a handler test, a server that does not know it, a
 * connection whose layer cannot hand its bytes to the engine, such as TLS), it reads
 * frame after frame with the server's codec on the request's thread, which it holds.
 *
 * @since 0.2.0
 */
public final class MessageStreamHandler implements StreamRequestHandler, Supplier<MessageStreamHandler> {

	private final MessageHandler handler;

	/**
	 * Creates the binding.
	 * @param handler the shared message handler
	 */
	public MessageStreamHandler(MessageHandler handler) {
		this.handler = Objects.requireNonNull(handler, "handler");
	}

	/**
	 * The supplier a stream server asks for its handlers when one handler serves every
	 * connection: a {@code MessageStreamHandler} supplies itself, so that the server sees
	 * it is a message server.
	 * @param handler the shared handler
	 * @return the supplier
	 */
	public static Supplier<? extends RequestHandler<StreamRequest>> shared(RequestHandler<StreamRequest> handler) {
		return (handler instanceof MessageStreamHandler binding) ? binding : () -> handler;
	}

	/**
	 * {@return the message handler}
	 */
	public MessageHandler handler() {
		return this.handler;
	}

	/**
	 * {@return this binding: one handler serves every connection}
	 */
	@Override
	public MessageStreamHandler get() {
		return this;
	}

	/**
	 * Reads frames on the request's own thread until the client ends the stream; the
	 * message engine does not call this. {@code connectionOpened} comes first, then
	 * {@code handleMessage} once per frame ({@code rfile().readFrame()}), and
	 * {@code connectionClosed} when the loop ends, however it ends, before the server
	 * closes the socket. A send is framed by the codec and flushed at once. A frame error
	 * or an exception of the handler ends the request with it. A server without a codec
	 * has lines (LF or CRLF) of at most its {@code maxLineLength} and their CRLF, and
	 * sends LF.
	 */
	@Override
	public void handle(StreamRequest request) throws Exception {
		FrameCodec configured = request.server().codec();
		// The line end counts in a codec's maximum, not in maxLineLength.
		FrameCodec codec = (configured != null) ? configured
				: new LineCodec((int) Math.min(Integer.MAX_VALUE, request.maxLineLength() + 2L));
		Charset charset = request.server().charset();
		BlockingMessageConnection connection = new BlockingMessageConnection(request, codec);
		try {
			this.handler.connectionOpened(connection);
			byte[] frame;
			while (connection.isOpen() && (frame = readFrame(request, codec, connection)) != null) {
				this.handler.handleMessage(new Message(frame, connection, charset));
			}
		}
		finally {
			connection.ended();
			this.handler.connectionClosed(connection);
		}
	}

	private static byte @Nullable [] readFrame(StreamRequest request, FrameCodec codec, MessageConnection connection)
			throws IOException {
		try {
			return request.rfile().readFrame(codec);
		}
		catch (IOException ex) {
			if (!connection.isOpen()) {
				// The handler closed the connection, which ended the read.
				return null;
			}
			throw ex;
		}
	}

}
