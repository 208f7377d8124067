package io.github.socketserver.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.RequestExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The engine of a message server: connections wait for readable bytes in a few selector
 * loops, with no thread of their own, and each frame the codec cuts is handed to the
 * handler through the server's threading mode. A server with a
 * {@link MessageStreamHandler} creates one; handlers never see it.
 * <p>
 * The loops ({@link ServerOptions#messageLoops()}, one per available processor by
 * default; threads named {@code socketserver-<server>-message-<n>}) start with the first
 * connections they take, each connection going to the next loop in turn, and stop on
 * {@link #close()}. In {@code sync} mode the handler runs on the loop that read the
 * frame, so it must not block; in the other modes the frames of a connection run in order
 * as one task of the executor, and the loop reads on meanwhile, up to a bound.
 * <p>
 * Timeouts, from the server's stream options, are looked at a few times per shortest one:
 * the read timeout closes a connection whose client sent nothing for that long while the
 * engine waited for it (between frames or within one); the idle timeout closes one whose
 * frame has not come whole within that long of its first byte, however slowly the bytes
 * trickle; the write timeout closes one whose client took no bytes for that long while
 * bytes waited for it. Each is reported as the failure of the connection.
 * <p>
 * A connection whose transport cannot be detached (a layer that can only be used
 * blocking) is not taken: the server handles it through
 * {@link MessageStreamHandler#handle}, which holds a thread for it.
 *
 * @since 0.2.0
 */
public final class MessageEngine implements AutoCloseable {

	/**
	 * How long {@link #close()} waits at most for the loops to end.
	 */
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

	private final EngineContext context;

	private final @Nullable MessageLoop[] loops;

	private int nextLoop;

	private boolean draining;

	private boolean closed;

	/**
	 * Creates the engine of one server; its loops start with the first connection.
	 * @param handler the server's message handler
	 * @param options the server's options: name, codec, charset, stream timeouts
	 * @param executor runs the frames as the threading mode says ({@code sync} runs them
	 * on the calling loop)
	 */
	public MessageEngine(MessageHandler handler, ServerOptions options, RequestExecutor executor) {
		this(handler, options, executor,
				(options.messageLoops() > 0) ? options.messageLoops() : Runtime.getRuntime().availableProcessors());
	}

	MessageEngine(MessageHandler handler, ServerOptions options, RequestExecutor executor, int loops) {
		this.context = new EngineContext(handler, codec(options), options, executor);
		this.loops = new MessageLoop[Math.max(1, loops)];
	}

	/**
	 * The server's codec, or lines (LF or CRLF) of at most its {@code maxLineLength}, as
	 * {@link MessageStreamHandler#handle} reads them.
	 */
	private static FrameCodec codec(ServerOptions options) {
		FrameCodec codec = options.codec();
		// The line end counts in a codec's maximum, not in maxLineLength.
		return (codec != null) ? codec
				: new LineCodec((int) Math.min(Integer.MAX_VALUE, options.stream().maxLineLength() + 2L));
	}

	/**
	 * Takes over a connection whose layers and admission are done; returns at once. The
	 * handler's {@code connectionOpened} runs here, on the calling thread.
	 * @param connection the connection and its server's callbacks
	 * @return false if its transport cannot be detached: the caller handles it as a
	 * stream, and the engine has not touched it
	 */
	public boolean adopt(AdoptedConnection connection) {
		StreamRequest request = connection.request();
		DetachedTransport detached;
		MessageLoop loop;
		try {
			detached = request.transport().detach();
			if (detached == null) {
				return false;
			}
			loop = loop();
		}
		catch (IOException | RuntimeException ex) {
			// A layer that fails to let go, or no selector for a loop (no descriptor
			// left): ended here as the engine ends its connections, not thrown to the
			// request's thread, which would report a request that never started.
			connection.reportError(ex);
			connection.closed();
			return true;
		}
		SocketChannel channel = request.socket();
		if (loop == null) {
			connection.closed();
			return true;
		}
		EngineConnection adopted = new EngineConnection(loop, connection, channel,
				detached.isPlain() ? null : detached);
		try {
			channel.configureBlocking(false);
			if (connection.request().peerAddress() instanceof InetSocketAddress) {
				// Replies leave whole, and pipelined ones together: delaying them only
				// slows the client.
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			}
			this.context.handler.connectionOpened(adopted);
		}
		catch (Exception ex) {
			adopted.closeNow(ex);
			return true;
		}
		// The opening is over: the place it took in the threading mode goes to the
		// connection's first frame, which may come before this thread has returned (a
		// pool of one thread would refuse it otherwise).
		this.context.executor.requestEnding();
		loop.register(adopted, detached.unread());
		return true;
	}

	/**
	 * The next loop in turn, started, or {@code null} once the engine is closed.
	 */
	private synchronized @Nullable MessageLoop loop() {
		if (this.closed) {
			return null;
		}
		int index = this.nextLoop;
		this.nextLoop = (index + 1) % this.loops.length;
		MessageLoop loop = this.loops[index];
		if (loop == null) {
			try {
				loop = new MessageLoop(this.context, index + 1);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot open a selector for server '" + this.context.serverName + "'",
						ex);
			}
			loop.start();
			if (this.draining) {
				loop.drain();
			}
			this.loops[index] = loop;
		}
		return loop;
	}

	/**
	 * Begins a drain: each connection finishes the frames already read, sends what was
	 * queued, and closes; one idle between frames closes now. A connection within a frame
	 * reads it whole first, and one that has sent no frame yet reads its first, as a
	 * stream handler's connection does. Returns at once.
	 */
	public synchronized void drain() {
		this.draining = true;
		for (MessageLoop loop : this.loops) {
			if (loop != null) {
				loop.drain();
			}
		}
	}

	/**
	 * Closes every connection at once and stops the loops; for the end of a grace period,
	 * or a close without one. Idempotent.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		// Every loop is told first, then waited for together: one held by a handler
		// does not hold back the others' closing.
		for (MessageLoop loop : this.loops) {
			if (loop != null) {
				loop.stopSoon();
			}
		}
		long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
		for (MessageLoop loop : this.loops) {
			if (loop != null) {
				loop.awaitEnd(deadline);
			}
		}
	}

}
