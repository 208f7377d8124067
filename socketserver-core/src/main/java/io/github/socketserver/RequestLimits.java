package io.github.socketserver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.socketserver.handler.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the requests in flight, in all and per client address, so that a flood makes the
 * server refuse rather than fall over. Refusals are logged at most once a second, with a
 * count.
 */
final class RequestLimits {

	private static final Logger logger = LoggerFactory.getLogger(RequestLimits.class);

	private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

	private final String serverName;

	private final int maxRequests;

	private final int maxPerClient;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

	private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

	private final AtomicLong refusedSinceLog = new AtomicLong();

	RequestLimits(String serverName, int maxRequests, int maxPerClient) {
		this.serverName = serverName;
		this.maxRequests = maxRequests;
		this.maxPerClient = maxPerClient;
	}

	/**
	 * Counts a request in, unless a limit is reached.
	 * @return true if it may go on; then {@link #release} must follow
	 */
	boolean admit(Request request) {
		if (this.maxRequests <= 0 && this.maxPerClient <= 0) {
			return true;
		}
		if (this.maxRequests > 0 && this.inFlight.incrementAndGet() > this.maxRequests) {
			this.inFlight.decrementAndGet();
			refused(request, "max requests in flight (" + this.maxRequests + ")");
			return false;
		}
		InetAddress client = clientAddress(request);
		if (this.maxPerClient > 0 && client != null) {
			boolean[] admitted = { true };
			this.perClient.compute(client, (address, count) -> {
				int current = (count != null) ? count : 0;
				admitted[0] = current < this.maxPerClient;
				return admitted[0] ? current + 1 : count;
			});
			if (!admitted[0]) {
				if (this.maxRequests > 0) {
					this.inFlight.decrementAndGet();
				}
				refused(request, "max requests per client (" + this.maxPerClient + ")");
				return false;
			}
		}
		return true;
	}

	void release(Request request) {
		if (this.maxRequests <= 0 && this.maxPerClient <= 0) {
			return;
		}
		if (this.maxRequests > 0) {
			this.inFlight.decrementAndGet();
		}
		InetAddress client = clientAddress(request);
		if (this.maxPerClient > 0 && client != null) {
			this.perClient.computeIfPresent(client, (address, count) -> (count > 1) ? count - 1 : null);
		}
	}

	private static @Nullable InetAddress clientAddress(Request request) {
		return (request.clientAddress() instanceof InetSocketAddress inet) ? inet.getAddress() : null;
	}

	/**
	 * Logs a refusal, at most once a second with the count since the last report.
	 * @param request the refused request
	 * @param limit what was reached
	 */
	void refused(Request request, String limit) {
		long refused = this.refusedSinceLog.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastLog.get();
		if (now - last >= LOG_INTERVAL_NANOS && this.lastLog.compareAndSet(last, now)) {
			this.refusedSinceLog.addAndGet(-refused);
			logger.warn("Server '{}' refused the request from {}: {} reached ({} refused since the last report)",
					this.serverName, request.clientAddress(), limit, refused);
		}
	}

}
