package io.github.socketserver.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;

/**
 * Hands each datagram to a new child process on its standard input, and sends what the
 * child writes to its standard output back to the client as one datagram.
 * <p>
 * The reply is cut at 65,507 bytes, the most a UDP datagram carries. The request fails if
 * the child exits with a code other than 0 or is killed at its time limit; a reply it
 * wrote is still sent. Shared by all datagrams: it keeps no state.
 */
public class DatagramCommandHandler implements DatagramRequestHandler {

	private static final int MAX_REPLY = 65_507;

	private final ChildCommand command;

	public DatagramCommandHandler(ChildCommand command) {
		this.command = command;
	}

	@Override
	public void handle(DatagramRequest request) throws Exception {
		Children child = Children.start(this.command, request);
		Thread input = child.thread("stdin", () -> writeAndClose(child.process().getOutputStream(), request.packet()));
		input.start();
		byte[] reply;
		try (InputStream stdout = child.process().getInputStream()) {
			reply = stdout.readNBytes(MAX_REPLY);
			stdout.transferTo(OutputStream.nullOutputStream());
		}
		try {
			child.await();
		}
		finally {
			child.kill();
			if (reply.length > 0 && request.canReply()) {
				request.reply(reply);
			}
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
