package io.github.socketserver.fork;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each datagram to a new child process on its standard input, and sends what the
 * child writes to its standard output back to the client as one datagram.
 * <p>
 * The reply is cut at 65,507 bytes, the most a UDP datagram carries. It is sent when the
 * output ends, or two seconds after the command exited if a process it started still
 * holds the output, or at the time limit, whichever comes first. The request fails if the
 * child exits with a code other than 0 or the time limit passes; a reply it wrote is
 * still sent. The handler's thread only waits for the child, so that closing the server,
 * which interrupts it, kills the child. Shared by all datagrams: it keeps no state.
 *
 * @since 0.1.0
 */
public class DatagramCommandHandler extends ForkingHandler implements DatagramRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(DatagramCommandHandler.class);

	private static final int MAX_REPLY = DatagramRequest.MAX_UDP_IPV4_PAYLOAD;

	/**
	 * How long the output may stay open once the command has exited, for a process the
	 * command started and left holding it.
	 */
	private static final Duration OUTPUT_WAIT = Duration.ofSeconds(2);

	/**
	 * Creates the handler of a fork server.
	 * @param command the command run per datagram
	 * @param listener told of every child started and reaped: the server's listener
	 */
	public DatagramCommandHandler(ChildCommand command, SocketServerListener listener) {
		super(command, listener);
	}

	@Override
	public void handle(DatagramRequest request) throws Exception {
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		@Nullable Exception failure;
		try (Children child = start(request)) {
			child.thread("stdin", () -> writeAndClose(child.process().getOutputStream(), request.packet())).start();
			Thread output = child.thread("stdout", () -> readReply(child.process().getInputStream(), reply));
			output.start();
			failure = awaitChild(child, () -> {
				if (child.join(output, System.nanoTime() + OUTPUT_WAIT.toNanos())) {
					return true;
				}
				// A process the command started holds its output, or the time is up: the
				// reply is what was written until now.
				if (!child.pastTimeLimit()) {
					logger.warn("Command '{}' exited but a process it started still holds its output; the reply is "
							+ "sent without what it writes", child.name());
				}
				return false;
			});
		}
		byte[] bytes = reply.toByteArray();
		if (bytes.length > 0 && request.canReply()) {
			request.reply(bytes);
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Reads the reply into {@code reply} and drops what goes past the most a datagram
	 * carries. Killing a child closes its pipe: what was read until then is still the
	 * reply, as when the handler stops waiting for the output.
	 */
	private static void readReply(InputStream stdout, ByteArrayOutputStream reply) {
		byte[] chunk = new byte[8192];
		try (stdout) {
			for (int count = stdout.read(chunk); count >= 0; count = stdout.read(chunk)) {
				// Its methods are synchronized: the handler may take the reply while this
				// thread still waits for more.
				reply.write(chunk, 0, Math.min(count, MAX_REPLY - reply.size()));
			}
		}
		catch (IOException ex) {
			logger.debug("Output of the child ended: {}", ex.toString());
		}
	}

	private static void writeAndClose(OutputStream stdin, byte[] packet) {
		try (stdin) {
			stdin.write(packet);
		}
		catch (IOException ex) {
			// The child ended without reading its input: its reply, if any, still counts.
		}
	}

}
