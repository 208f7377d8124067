package io.github.socketserver.message;

import java.util.Objects;
import java.util.function.Supplier;

import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;

/**
 * Binds a {@link MessageHandler} to a stream server: give it where a stream server takes
 * the supplier of its handlers
 * ({@code new TcpServer(address, new MessageStreamHandler(handler), options)}), and the
 * server hands each connection, once its layers and admission are done, to its
 * {@link MessageEngine}, which holds no thread between frames.
 * <p>
 * Called as a plain stream handler (a handler test, a server that does not know it), it
 * reads frame after frame with the server's codec on the request's thread.
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
	 * message engine does not call this.
	 */
	@Override
	public void handle(StreamRequest request) throws Exception {
		// TODO(engine): blocking fallback over request.rfile().readFrame()
		throw new UnsupportedOperationException("not yet");
	}

}
