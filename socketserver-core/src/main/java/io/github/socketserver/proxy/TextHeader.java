package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import io.github.socketserver.connection.HeaderException;

/**
 * Reads a version 1 header, one line of text:
 * {@code PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n}. As the specification asks,
 * anything that does not match exactly is refused: a line over 107 bytes, a bare CR or
 * LF, a number with a leading zero, an address of the other family.
 */
final class TextHeader {

	static final byte[] SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	/**
	 * The longest line, CRLF included.
	 */
	private static final int MAX_LENGTH = 107;

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}");

	private static final Pattern PORT = Pattern.compile("0|[1-9][0-9]{0,4}");

	private TextHeader() {
	}

	/**
	 * Reads the line, whose signature has been seen.
	 * @return the header, and the length of the line
	 */
	static ParsedHeader read(HeaderBytes bytes) throws IOException {
		int end = lineEnd(bytes);
		String line = StandardCharsets.US_ASCII.decode(bytes.slice(0, end)).toString();
		String[] parts = line.split(" ", -1);
		if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
			// The sender could not say: the socket's own addresses apply.
			return new ParsedHeader(new ProxyHeader(1, false, null, null, List.of()), end + 2);
		}
		if (parts.length != 6 || !(parts[1].equals("TCP4") || parts[1].equals("TCP6"))) {
			throw malformed(line);
		}
		boolean ipv6 = parts[1].equals("TCP6");
		InetAddress source = address(parts[2], ipv6, line);
		InetAddress destination = address(parts[3], ipv6, line);
		return new ParsedHeader(new ProxyHeader(1, false, new InetSocketAddress(source, port(parts[4], line)),
				new InetSocketAddress(destination, port(parts[5], line)), List.of()), end + 2);
	}

	/**
	 * Reads until CRLF, which must come within the longest line.
	 * @return the index of the CR
	 */
	private static int lineEnd(HeaderBytes bytes) throws IOException {
		int scanned = 0;
		while (true) {
			for (; scanned < Math.min(bytes.count(), MAX_LENGTH); scanned++) {
				byte b = bytes.at(scanned);
				if (b == '\r' || b == '\n') {
					if (b == '\n' || scanned + 1 >= MAX_LENGTH) {
						throw malformed(bytes.quote());
					}
					if (scanned + 1 == bytes.count()) {
						break; // the LF is yet to come
					}
					if (bytes.at(scanned + 1) != '\n') {
						throw malformed(bytes.quote());
					}
					return scanned;
				}
				if (b < 0x20 || b > 0x7e) {
					throw malformed(bytes.quote());
				}
			}
			if (scanned >= MAX_LENGTH) {
				throw new HeaderException("PROXY protocol header too long: no CRLF within " + MAX_LENGTH + " bytes");
			}
			bytes.readMore();
		}
	}

	private static InetAddress address(String text, boolean ipv6, String line) throws HeaderException {
		if (!(ipv6 ? IPV6 : IPV4).matcher(text).matches() || (ipv6 && text.indexOf(':') < 0)) {
			throw malformed(line);
		}
		try {
			// A literal of the checked form is parsed without a lookup.
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			throw malformed(line);
		}
	}

	private static int port(String text, String line) throws HeaderException {
		int port = PORT.matcher(text).matches() ? Integer.parseInt(text) : -1;
		if (port < 0 || port > 65535) {
			throw malformed(line);
		}
		return port;
	}

	private static HeaderException malformed(String line) {
		return new HeaderException("Malformed PROXY protocol version 1 header: " + line);
	}

}
