package io.github.socketserver;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.Request;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottles;
import io.github.socketserver.options.LimitOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the requests in flight, in all and per client address, so that a flood makes the
 * server refuse rather than fall over. The total is counted as a request arrives, on the
 * serving thread; a client's share once the connection's layers have told who the client
 * is, on the request's thread; IPv6 clients are counted by their prefix (a /64 unless
 * set). Refusals are logged at most once a second per limit, with a count.
 */
final class RequestLimits {

	private static final Logger logger = LoggerFactory.getLogger(RequestLimits.class);

	private final String serverName;

	private final int maxRequests;

	private final int maxPerClient;

	private final int ipv6ClientPrefix;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

	private final LogThrottles throttles = new LogThrottles();

	RequestLimits(String serverName, LimitOptions limits) {
		this.serverName = serverName;
		this.maxRequests = limits.maxRequests();
		this.maxPerClient = limits.maxRequestsPerClient();
		this.ipv6ClientPrefix = limits.ipv6ClientPrefix();
	}

	/**
	 * Counts a request in, unless the total is reached.
	 * @return true if it may go on; then {@link #release} must follow
	 */
	boolean admit(Request request) {
		if (this.maxRequests > 0 && this.inFlight.incrementAndGet() > this.maxRequests) {
			this.inFlight.decrementAndGet();
			refused(request, "max requests in flight (" + this.maxRequests + ")");
			return false;
		}
		return true;
	}

	/**
	 * Counts an admitted request in its client's share, unless that is reached.
	 * @return true if it may go on; then {@link #release} must say so
	 */
	boolean admitClient(Request request) {
		InetAddress client = clientAddress(request);
		if (this.maxPerClient <= 0 || client == null) {
			return true;
		}
		boolean[] admitted = { true };
		this.perClient.compute(client, (address, count) -> {
			int current = (count != null) ? count : 0;
			admitted[0] = current < this.maxPerClient;
			return admitted[0] ? current + 1 : count;
		});
		if (!admitted[0]) {
			refused(request, "max requests per client (" + this.maxPerClient + ")");
		}
		return admitted[0];
	}

	/**
	 * Gives back what a request took.
	 * @param request the request
	 * @param clientAdmitted whether {@link #admitClient} admitted it
	 */
	void release(Request request, boolean clientAdmitted) {
		if (this.maxRequests > 0) {
			this.inFlight.decrementAndGet();
		}
		if (clientAdmitted) {
			releaseClient(request);
		}
	}

	/**
	 * Gives back the client's share of a request {@link #admitClient} admitted.
	 * @param request the request
	 */
	void releaseClient(Request request) {
		InetAddress client = clientAddress(request);
		if (this.maxPerClient > 0 && client != null) {
			this.perClient.computeIfPresent(client, (address, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/**
	 * The client a request is counted against: its address, or for IPv6 the prefix of it,
	 * as a host holds a whole /64 and could take a new address for each connection.
	 */
	private @Nullable InetAddress clientAddress(Request request) {
		InetAddress address = (request.clientAddress() instanceof InetSocketAddress inet) ? inet.getAddress() : null;
		if (!(address instanceof Inet6Address) || this.ipv6ClientPrefix >= 128) {
			return address;
		}
		byte[] bytes = address.getAddress();
		for (int bit = this.ipv6ClientPrefix; bit < 128; bit++) {
			bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("16 bytes make an IPv6 address", ex);
		}
	}

	/**
	 * Logs a refusal, at most once a second per limit with the count since the last
	 * report.
	 * @param request the refused request
	 * @param limit what was reached
	 */
	void refused(Request request, String limit) {
		long refused = this.throttles.tryLog(limit);
		if (refused > 0) {
			logger.warn("Server '{}' refused the request from {}: {} reached ({} refused since the last report)",
					this.serverName, LogText.escape(request.clientAddress()), limit, refused);
		}
	}

}
