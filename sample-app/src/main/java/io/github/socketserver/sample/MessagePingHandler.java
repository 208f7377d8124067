package io.github.socketserver.sample;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.message.Message;
import io.github.socketserver.message.MessageHandler;

/**
 * The PING of the Redis protocol as a message handler: the same answers as the stream
 * {@link PingHandler}, one command at a time as {@link RespCodec} cuts them, with no
 * thread held while a connection is idle. {@code PING} answers {@code +PONG},
 * {@code QUIT} ends the connection, anything else is an unknown command (redis-benchmark
 * sends {@code CONFIG GET} first, and takes the error).
 * <p>
 * It keeps no state, so one bean serves every connection of both servers.
 */
@SocketHandler({ "message-ping", "unix-message-ping" })
class MessagePingHandler implements MessageHandler {

	private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PING_ARRAY = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

	@Override
	public void handleMessage(Message message) {
		byte[] frame = message.bytes();
		if (isInlinePing(frame) || Arrays.equals(frame, PING_ARRAY)) {
			message.reply(PONG); // the common cases, without parsing
			return;
		}
		List<String> command = RespCommand.arguments(frame);
		if (command.isEmpty()) {
			return;
		}
		String name = command.get(0).toUpperCase(Locale.ROOT);
		if (name.equals("PING")) {
			message.reply((command.size() > 1) ? bulk(command.get(1)) : PONG);
		}
		else if (name.equals("QUIT")) {
			message.reply(OK);
			message.connection().close();
		}
		else {
			message.reply(RespCommand.unknown(command.get(0)));
		}
	}

	private static boolean isInlinePing(byte[] frame) {
		return frame.length == 4 && (frame[0] | 0x20) == 'p' && (frame[1] | 0x20) == 'i' && (frame[2] | 0x20) == 'n'
				&& (frame[3] | 0x20) == 'g';
	}

	private static byte[] bulk(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		byte[] header = ("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] reply = Arrays.copyOf(header, header.length + bytes.length + 2);
		System.arraycopy(bytes, 0, reply, header.length, bytes.length);
		reply[reply.length - 2] = '\r';
		reply[reply.length - 1] = '\n';
		return reply;
	}

}
