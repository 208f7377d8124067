package io.github.socketserver.proxy;

import java.net.SocketAddress;
import java.util.List;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol header a trusted balancer sent before a connection's bytes: the
 * client's and the destination's addresses, and in version 2 what else the balancer knows
 * (TLVs). A handler finds it with {@link #of(Request)}; the request's
 * {@code clientAddress()} is already the source, and {@code peerAddress()} the balancer.
 *
 * @param version 1 (text) or 2 (binary)
 * @param local whether the balancer opened the connection for itself (a version 2
 * {@code LOCAL} command, such as a health check): then the addresses are the socket's
 * @param source the client's address, or {@code null} when the header gives none
 * ({@code LOCAL}, {@code UNKNOWN}, an unspecified family)
 * @param destination the address the client connected to, or {@code null}
 * @param tlvs the version 2 fields, in the order sent; empty for version 1
 * @since 0.1.0
 */
public record ProxyHeader(int version, boolean local, @Nullable SocketAddress source,
		@Nullable SocketAddress destination, List<ProxyTlv> tlvs) {

	/**
	 * Creates the header, copying the fields.
	 */
	public ProxyHeader {
		tlvs = List.copyOf(tlvs);
	}

	/**
	 * The header a request's connection started with.
	 * @param request the request
	 * @return the header, or {@code null} for a direct connection, a datagram, or a
	 * header that was not believed (from a source not trusted)
	 */
	public static @Nullable ProxyHeader of(Request request) {
		return (request instanceof StreamRequest stream) ? stream.connection().attribute(ProxyHeader.class) : null;
	}

	/**
	 * The first field of a type.
	 * @param type the type, such as {@link ProxyTlv#UNIQUE_ID} or a vendor's 0xE0 to 0xEF
	 * @return the field, or {@code null}
	 */
	public @Nullable ProxyTlv tlv(int type) {
		for (ProxyTlv tlv : this.tlvs) {
			if (tlv.type() == type) {
				return tlv;
			}
		}
		return null;
	}

	/**
	 * {@return the host name the client asked for (TLS SNI), or {@code null}}
	 */
	public @Nullable String authority() {
		ProxyTlv tlv = tlv(ProxyTlv.AUTHORITY);
		return (tlv != null) ? tlv.text() : null;
	}

	/**
	 * {@return the application protocol the client negotiated (ALPN), or {@code null}}
	 */
	public @Nullable String alpn() {
		ProxyTlv tlv = tlv(ProxyTlv.ALPN);
		return (tlv != null) ? tlv.text() : null;
	}

	/**
	 * {@return the balancer's id of the connection, or {@code null}}
	 */
	public byte @Nullable [] uniqueId() {
		ProxyTlv tlv = tlv(ProxyTlv.UNIQUE_ID);
		return (tlv != null) ? tlv.value() : null;
	}

	/**
	 * {@return what the balancer says of the client's TLS connection, or {@code null}}
	 */
	public @Nullable ProxySsl ssl() {
		ProxyTlv tlv = tlv(ProxyTlv.SSL);
		return (tlv != null) ? BinaryHeader.ssl(tlv.value()) : null;
	}

}
