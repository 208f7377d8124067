package io.github.socketserver.access;

import java.net.InetSocketAddress;
import java.util.List;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestVerifier;

/**
 * Serves a request only if its client address passes the lists: not in a {@code deny}
 * range, and, when {@code allow} is not empty, in an {@code allow} range. Deny wins.
 * Requests without an inet address (Unix sockets) pass. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AddressFilter implements RequestVerifier {

	private final List<AddressRange> allow;

	private final List<AddressRange> deny;

	/**
	 * Creates a filter from two lists of ranges, copied.
	 * @param allow the ranges a client must be in, or none to allow all
	 * @param deny the ranges a client must not be in
	 */
	public AddressFilter(List<AddressRange> allow, List<AddressRange> deny) {
		this.allow = List.copyOf(allow);
		this.deny = List.copyOf(deny);
	}

	@Override
	public boolean verifyRequest(Request request) {
		if (!(request.clientAddress() instanceof InetSocketAddress inet) || inet.getAddress() == null) {
			return true;
		}
		for (AddressRange range : this.deny) {
			if (range.contains(inet.getAddress())) {
				return false;
			}
		}
		if (this.allow.isEmpty()) {
			return true;
		}
		for (AddressRange range : this.allow) {
			if (range.contains(inet.getAddress())) {
				return true;
			}
		}
		return false;
	}

}
