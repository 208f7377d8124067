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
	 * its causes and suppressed exceptions as they are: the exception itself when no
	 * message holds a control character, else a stand-in with the same stack traces whose
	 * messages are the escaped {@code toString()} of the originals.
	 * @param exception an exception whose messages may quote a client
	 * @return the exception, or its escaped stand-in
	 */
	public static Throwable trace(Throwable exception) {
		return quotesControl(exception, 0) ? new EscapedThrowable(exception, 0) : exception;
	}

	/**
	 * Whether the exception's message, or that of a cause or suppressed exception within
	 * the depth the stand-in copies, holds a control character.
	 */
	private static boolean quotesControl(Throwable exception, int depth) {
		String message = exception.getMessage();
		if (message != null && message.chars().anyMatch(LogText::isControl)) {
			return true;
		}
		if (depth >= EscapedThrowable.MAX_DEPTH) {
			return false;
		}
		Throwable cause = exception.getCause();
		if (cause != null && cause != exception && quotesControl(cause, depth + 1)) {
			return true;
		}
		Throwable[] suppressed = exception.getSuppressed();
		for (int i = 0; i < Math.min(suppressed.length, EscapedThrowable.MAX_SUPPRESSED); i++) {
			if (quotesControl(suppressed[i], depth + 1)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isControl(int c) {
		return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
	}

	/**
	 * A stand-in for an exception whose messages quote control characters.
	 */
	private static final class EscapedThrowable extends Throwable {

		/**
		 * How deep causes and suppressed exceptions are copied: a logger prints no
		 * further than the stand-in holds.
		 */
		private static final int MAX_DEPTH = 8;

		/**
		 * How many suppressed exceptions of each one are copied.
		 */
		private static final int MAX_SUPPRESSED = 8;

		EscapedThrowable(Throwable original, int depth) {
			super(escape(original),
					(original.getCause() != null && original.getCause() != original && depth < MAX_DEPTH)
							? new EscapedThrowable(original.getCause(), depth + 1) : null,
					true, true);
			setStackTrace(original.getStackTrace());
			if (depth < MAX_DEPTH) {
				Throwable[] suppressed = original.getSuppressed();
				for (int i = 0; i < Math.min(suppressed.length, MAX_SUPPRESSED); i++) {
					addSuppressed(new EscapedThrowable(suppressed[i], depth + 1));
				}
			}
		}

	}

}
