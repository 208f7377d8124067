package io.github.socketserver.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments of one command that {@link RespCodec} cut: the words of an inline
 * command, or the bulk strings of a RESP array, which the codec has checked already; and
 * quotes an unknown one in an error reply.
 */
final class RespCommand {

	private RespCommand() {
	}

	/**
	 * The arguments of a command.
	 * @param frame an inline command without its line end, or a whole RESP array
	 * @return its arguments, empty for a blank line
	 */
	static List<String> arguments(byte[] frame) {
		if (frame.length == 0 || frame[0] != '*') {
			List<String> words = new ArrayList<>();
			for (String word : new String(frame, StandardCharsets.UTF_8).trim().split("\\s+")) {
				if (!word.isEmpty()) {
					words.add(word);
				}
			}
			return words;
		}
		int[] cursor = { 1 };
		int count = number(frame, cursor);
		List<String> arguments = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			cursor[0]++; // '$'
			int length = number(frame, cursor);
			arguments.add(new String(frame, cursor[0], length, StandardCharsets.UTF_8));
			cursor[0] += length + 2;
		}
		return arguments;
	}

	/**
	 * The error that answers a command the sample does not know. The client's name for it
	 * is quoted with its control characters as spaces, as Redis does: a CR LF in a bulk
	 * string would otherwise end the error line and forge the replies after it.
	 * @param name the command's name, as the client sent it
	 * @return the RESP error line
	 */
	static String unknown(String name) {
		StringBuilder quoted = new StringBuilder(name.length());
		name.codePoints().forEach((c) -> quoted.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
		return "-ERR unknown command '" + quoted + "'\r\n";
	}

	private static int number(byte[] frame, int[] cursor) {
		int value = 0;
		int i = cursor[0];
		for (; frame[i] != '\r'; i++) {
			value = value * 10 + (frame[i] - '0');
		}
		cursor[0] = i + 2;
		return value;
	}

}
