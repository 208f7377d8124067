package io.github.socketserver.tls;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The server name a client sends (SNI) is its own text: it is used to choose a
 * certificate and shown to handlers only once it is a host name.
 */
final class ServerNames {

	private static final int MAX_LENGTH = 253;

	private static final int MAX_LABEL = 63;

	private ServerNames() {
	}

	/**
	 * The host name in what a client sent, in lower case without a trailing dot.
	 * @param raw the client's text
	 * @return the host name, or {@code null} if the text is not one (letters, digits and
	 * hyphens in labels of 1 to 63 characters, joined by dots, 253 at most)
	 */
	static @Nullable String hostName(String raw) {
		String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
		if (name.isEmpty() || name.length() > MAX_LENGTH) {
			return null;
		}
		for (String label : name.split("\\.", -1)) {
			if (!isLabel(label)) {
				return null;
			}
		}
		return name.toLowerCase(Locale.ROOT);
	}

	private static boolean isLabel(String label) {
		if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
			return false;
		}
		for (int i = 0; i < label.length(); i++) {
			char c = label.charAt(i);
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!letterOrDigit && c != '-') {
				return false;
			}
		}
		return true;
	}

}
