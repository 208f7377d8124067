package io.github.socketserver.logging;

import org.jspecify.annotations.Nullable;

/**
 * Client-controlled text made safe for a log line: control characters (a forged line
 * break, terminal escapes) written as {@code \xNN}, and the text cut to a bounded length.
 *
 * @since 0.1.0
 */
public final class LogText {

	private static final int MAX_LENGTH = 256;

	private LogText() {
	}

	/**
	 * Escapes text a client may have chosen.
	 * @param text the text, {@code null} allowed
	 * @return the text with control characters escaped, at most 256 characters before
	 * escaping, with an ellipsis where it was cut
	 */
	public static String escape(@Nullable Object text) {
		String value = String.valueOf(text);
		int length = Math.min(value.length(), MAX_LENGTH);
		StringBuilder escaped = new StringBuilder(length + 16);
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (isControl(c)) {
				escaped.append(String.format("\\x%02x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		if (value.length() > MAX_LENGTH) {
			escaped.append("...");
		}
		return escaped.toString();
	}

	/**
	 * An exception made safe to pass to a logger, which prints its message and those of
	 * its causes as they are: the exception itself when no message holds a control
	 * character, else a stand-in with the same stack traces whose messages are the
	 * escaped {@code toString()} of the originals.
	 * @param exception an exception whose messages may quote a client
	 * @return the exception, or its escaped stand-in
	 */
	public static Throwable trace(Throwable exception) {
		Throwable cause = exception;
		for (int depth = 0; cause != null && depth <= EscapedThrowable.MAX_CAUSES; depth++) {
			String message = cause.getMessage();
			if (message != null && message.chars().anyMatch(LogText::isControl)) {
				return new EscapedThrowable(exception, 0);
			}
			cause = cause.getCause();
		}
		return exception;
	}

	private static boolean isControl(int c) {
		return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
	}

	/**
	 * A stand-in for an exception whose messages quote control characters.
	 */
	private static final class EscapedThrowable extends Throwable {

		private static final int MAX_CAUSES = 8;

		EscapedThrowable(Throwable original, int depth) {
			super(escape(original),
					(original.getCause() != null && original.getCause() != original && depth < MAX_CAUSES)
							? new EscapedThrowable(original.getCause(), depth + 1) : null,
					false, true);
			setStackTrace(original.getStackTrace());
		}

	}

}
