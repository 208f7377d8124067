package io.github.socketserver.access;

import java.net.InetSocketAddress;
import java.util.List;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestVerifier;

/**
 * Serves a request only if its client address passes the lists: not in a {@code deny}
 * range, and, when {@code allow} is not empty, in an {@code allow} range. Deny wins.
 * Requests without an inet address pass: clients of a Unix socket, whose file permissions
 * decide who may connect, including, behind a balancer, the connections that report no
 * client (a PROXY protocol {@code LOCAL} or {@code UNKNOWN} header: the balancer's own
 * health checks). Immutable and thread-safe.
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
		if (AddressRange.anyContains(this.deny, inet.getAddress())) {
			return false;
		}
		return this.allow.isEmpty() || AddressRange.anyContains(this.allow, inet.getAddress());
	}

}
