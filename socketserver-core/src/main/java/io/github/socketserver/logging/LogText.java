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
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
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

}
