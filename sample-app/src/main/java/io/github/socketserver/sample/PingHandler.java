package io.github.socketserver.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.SocketReader;
import io.github.socketserver.handler.SocketWriter;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import org.jspecify.annotations.Nullable;

/**
 * The PING of the Redis protocol, so that {@code redis-cli} and {@code redis-benchmark}
 * work against it unchanged: {@code PING} answers {@code +PONG}, {@code QUIT} ends the
 * connection, anything else is an unknown command. Commands come inline
 * ({@code PING\r\n}) or as RESP arrays ({@code *1\r\n$4\r\nPING\r\n}), as
 * {@code redis-cli} sends them.
 */
@SocketHandler({ "ping", "unix-ping", "tls-ping" })
class PingHandler implements StreamRequestHandler {

	private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_ARGUMENTS = 1024;

	private static final int MAX_BULK_LENGTH = 64 * 1024;

	@Override
	public void handle(StreamRequest request) throws IOException {
		SocketReader in = request.rfile();
		SocketWriter out = request.wfile();
		for (String line = in.readLine(); line != null; line = in.readLine()) {
			if (line.equalsIgnoreCase("PING")) {
				out.write(PONG); // the common case, without parsing
				continue;
			}
			List<String> command = line.startsWith("*") ? readArray(line, in) : inline(line);
			if (command == null) {
				out.write("-ERR Protocol error: invalid multibulk length\r\n");
				return;
			}
			if (command.isEmpty()) {
				continue;
			}
			String name = command.get(0).toUpperCase(Locale.ROOT);
			if (name.equals("PING")) {
				if (command.size() > 1) {
					out.write(bulk(command.get(1)));
				}
				else {
					out.write(PONG);
				}
			}
			else if (name.equals("QUIT")) {
				out.write(OK);
				return;
			}
			else {
				out.write(RespCommand.unknown(command.get(0)));
			}
		}
	}

	private static List<String> inline(String line) {
		List<String> words = new ArrayList<>();
		for (String word : line.trim().split("\\s+")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	/**
	 * Reads the bulk strings of a RESP array whose header line was read.
	 * @return the arguments, or {@code null} if the array is malformed or too large
	 */
	private static @Nullable List<String> readArray(String header, SocketReader in) throws IOException {
		int count = parseLength(header);
		if (count < 0 || count > MAX_ARGUMENTS) {
			return null;
		}
		List<String> arguments = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String lengthLine = in.readLine();
			int length = (lengthLine != null && lengthLine.startsWith("$")) ? parseLength(lengthLine) : -1;
			if (length < 0 || length > MAX_BULK_LENGTH) {
				return null;
			}
			byte[] argument = in.readNBytes(length);
			String end = in.readLine();
			if (argument.length != length || end == null || !end.isEmpty()) {
				return null;
			}
			arguments.add(new String(argument, StandardCharsets.UTF_8));
		}
		return arguments;
	}

	private static int parseLength(String line) {
		try {
			return Integer.parseInt(line.substring(1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String bulk(String value) {
		return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
	}

}
