package io.github.socketserver.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects each connection to a new child process, as inetd does: what the client sends
 * goes to the child's standard input, what the child writes to its standard output goes
 * to the client, until the child ends.
 * <p>
 * When the client half-closes, the child's input is closed and its remaining output still
 * delivered. The time limit bounds the whole request: at the limit the child is killed
 * and, if its output is still being copied (a process it started holds it, or the client
 * does not read), the connection is closed. The request fails if the child exits with a
 * code other than 0, the time limit passes, or the client goes away while it writes (then
 * it is killed). The handler's thread only waits for the child, so that closing the
 * server, which interrupts it, kills the child. Shared by all connections: it keeps no
 * state.
 *
 * @since 0.1.0
 */
public class StreamCommandHandler extends ForkingHandler implements StreamRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(StreamCommandHandler.class);

	private static final int CHUNK = 8192;

	private static final long OUTPUT_WAIT_NANOS = 2_000_000_000L;

	/**
	 * Creates the handler of a fork server.
	 * @param command the command run per connection
	 * @param listener told of every child started and reaped: the server's listener
	 */
	public StreamCommandHandler(ChildCommand command, SocketServerListener listener) {
		super(command, listener);
	}

	@Override
	public void handle(StreamRequest request) throws Exception {
		SocketChannel socket = request.socket();
		Transport transport = request.transport();
		AtomicReference<@Nullable IOException> clientFailure = new AtomicReference<>();
		@Nullable Exception failure;
		try (Children child = start(request)) {
			child.thread("stdin", () -> copyToChild(transport, child.process().getOutputStream())).start();
			OutputCopy copy = new OutputCopy();
			Thread output = child.thread("stdout", () -> {
				try {
					copy.toClient(child.process().getInputStream(), transport);
				}
				catch (IOException ex) {
					// The client went away: a child writing more would block forever.
					clientFailure.set(ex);
					child.kill();
				}
			});
			output.start();
			failure = awaitChild(child, () -> {
				if (copy.finish(output, child)) {
					return true;
				}
				// The time limit passed with the copy still running, perhaps blocked on a
				// client that does not read: the request is cut.
				closeQuietly(socket);
				return false;
			});
		}
		finally {
			// Stops the input copy: its read of the client returns the end of the stream.
			shutdownInput(socket);
		}
		if (failure != null) {
			throw failure;
		}
		IOException lost = clientFailure.get();
		if (lost != null) {
			throw lost;
		}
	}

	private static void copyToChild(Transport transport, OutputStream stdin) {
		ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
		try (stdin) {
			for (int count = transport.read(chunk.clear(), 0); count >= 0; count = transport.read(chunk.clear(), 0)) {
				stdin.write(chunk.array(), 0, count);
				stdin.flush();
			}
		}
		catch (IOException ex) {
			// The child stopped reading or the connection closed: nothing more to pass
			// on.
			logger.debug("Copy to child ended: {}", ex.toString());
		}
	}

	/**
	 * Reads the child's output. Killing a child closes its pipe, which ends the output as
	 * the child's own end does: it is no failure of the client.
	 */
	private static int readChild(InputStream stdout, byte[] chunk) {
		try {
			return stdout.read(chunk);
		}
		catch (IOException ex) {
			logger.debug("Output of the child ended: {}", ex.toString());
			return -1;
		}
	}

	/**
	 * Copies the child's output to the client. Once the command has exited, the JDK takes
	 * what its pipe holds and ends the output as soon as no read is under way: a
	 * background process that writes ends it by its next write. One that holds the pipe
	 * without writing keeps a read waiting: once the command has exited, a copy left
	 * waiting on the pipe for {@link #OUTPUT_WAIT_NANOS} is ended by closing it, and the
	 * process is killed with the request. Whatever else the command left running is
	 * killed {@link #OUTPUT_WAIT_NANOS} after it exited. A copy that waits on a slow
	 * client goes on delivering what was written.
	 */
	private static final class OutputCopy {

		private volatile boolean readingChild;

		private volatile long readStarted;

		void toClient(InputStream stdout, Transport transport) throws IOException {
			byte[] chunk = new byte[CHUNK];
			for (int count = read(stdout, chunk); count >= 0; count = read(stdout, chunk)) {
				transport.write(ByteBuffer.wrap(chunk, 0, count));
			}
		}

		private int read(InputStream stdout, byte[] chunk) {
			this.readStarted = System.nanoTime();
			this.readingChild = true;
			try {
				return readChild(stdout, chunk);
			}
			finally {
				this.readingChild = false;
			}
		}

		/**
		 * Waits for the copy to end, once the command has exited, within the time limit.
		 * @return false if the time limit passed first
		 */
		boolean finish(Thread output, Children child) throws InterruptedException {
			long exited = System.nanoTime();
			boolean groupKilled = false;
			while (!child.join(output, System.nanoTime() + OUTPUT_WAIT_NANOS / 2)) {
				if (child.pastTimeLimit()) {
					return false;
				}
				if (!groupKilled && System.nanoTime() - exited > OUTPUT_WAIT_NANOS) {
					// Whatever the command left writing stops; what it wrote is still
					// delivered.
					groupKilled = true;
					child.kill();
				}
				if (this.readingChild && System.nanoTime() - this.readStarted > OUTPUT_WAIT_NANOS) {
					logger.warn("Command '{}' exited but a process it started still holds its output; "
							+ "the output is closed", child.name());
					child.closeOutput();
					child.join(output, System.nanoTime() + OUTPUT_WAIT_NANOS);
					return true;
				}
			}
			return true;
		}

	}

	private static void closeQuietly(SocketChannel socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the connection failed: {}", ex.toString());
		}
	}

	private static void shutdownInput(SocketChannel socket) {
		try {
			socket.shutdownInput();
		}
		catch (IOException ex) {
			// Already closed: the input copy has ended anyway.
			logger.debug("Shutting down the input failed: {}", ex.toString());
		}
	}

}
