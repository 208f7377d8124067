package io.github.socketserver.proxy;

import java.nio.charset.StandardCharsets;

/**
 * One type-length-value field of a version 2 header, as the balancer sent it: a
 * registered type (ALPN, authority, unique id, SSL) or a vendor's (0xE0 to 0xEF, such as
 * the endpoint id of a cloud load balancer).
 *
 * @param type the type, 0 to 255
 * @param value the value's bytes; do not change them
 * @since 0.1.0
 */
public record ProxyTlv(int type, byte[] value) {

	/**
	 * Application-Layer Protocol Negotiation: the protocol the client chose.
	 */
	public static final int ALPN = 0x01;

	/**
	 * The host name the client asked for (TLS SNI).
	 */
	public static final int AUTHORITY = 0x02;

	/**
	 * A CRC32c checksum of the header, checked when present.
	 */
	public static final int CRC32C = 0x03;

	/**
	 * Padding, ignored.
	 */
	public static final int NOOP = 0x04;

	/**
	 * An opaque id of the connection, up to 128 bytes, given by the balancer.
	 */
	public static final int UNIQUE_ID = 0x05;

	/**
	 * What the balancer knows of the client's TLS connection ({@link ProxySsl}).
	 */
	public static final int SSL = 0x20;

	/**
	 * The network namespace the balancer accepted the connection in.
	 */
	public static final int NETNS = 0x30;

	/**
	 * The value as text (UTF-8), for the types that hold text.
	 * @return the text
	 */
	public String text() {
		return new String(this.value, StandardCharsets.UTF_8);
	}

}
