package io.github.socketserver.metrics;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import io.github.socketserver.metrics.SocketServerObservationDocumentation.HighCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The client's address as a key value written out only when a handler reads it (a tracer,
 * at the end of the span): meters never do, so a request whose observation only feeds
 * meters builds no string.
 */
final class ClientAddress implements KeyValue {

	private final SocketAddress address;

	private volatile @Nullable String value;

	ClientAddress(SocketAddress address) {
		this.address = address;
	}

	@Override
	public String getKey() {
		return HighCardinalityKeyNames.CLIENT_ADDRESS.asString();
	}

	@Override
	public String getValue() {
		String value = this.value;
		if (value == null) {
			value = describe(this.address);
			this.value = value;
		}
		return value;
	}

	/**
	 * Writes a client's address as users write it, rather than as its class prints it.
	 */
	static String describe(@Nullable SocketAddress address) {
		// Before InetSocketAddress: junixsocket's addresses extend it.
		if (address instanceof AFUNIXSocketAddress unix) {
			return unix.getPath();
		}
		if (address instanceof UnixDomainSocketAddress unix) {
			return unix.getPath().toString();
		}
		if (address instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof KeyValue keyValue && getKey().equals(keyValue.getKey())
				&& getValue().equals(keyValue.getValue());
	}

	@Override
	public int hashCode() {
		return 31 * getKey().hashCode() + getValue().hashCode();
	}

	@Override
	public String toString() {
		return "keyValue(" + getKey() + "=" + getValue() + ")";
	}

}
