package io.github.socketserver.context;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the socket servers when the context closes, before they are closed: every server
 * stops taking requests at once, then requests in flight get up to each server's shutdown
 * timeout to finish.
 * <p>
 * {@link #stop(Runnable)} returns at once and drains on a thread of its own, as Boot's
 * web server graceful shutdown does, so other lifecycle beans of the phase stop
 * meanwhile. The phase's own timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}, 30 seconds by default) bounds the
 * wait as well.
 *
 * @since 0.1.0
 */
public class SocketServersGracefulShutdownLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: it stops before {@link SocketServersLifecycle}.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Logger logger = LoggerFactory.getLogger(SocketServersGracefulShutdownLifecycle.class);

	private final SocketServers servers;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param servers the servers to drain
	 * @param events where to announce, as the drain starts, that the application refuses
	 * traffic
	 */
	public SocketServersGracefulShutdownLifecycle(SocketServers servers, ApplicationEventPublisher events) {
		this.servers = servers;
		this.events = events;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		// Tell load balancers first: readiness goes DOWN before the servers stop taking
		// requests.
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		Thread drain = new Thread(() -> {
			try {
				drainAll();
			}
			finally {
				callback.run();
			}
		}, "socketserver-graceful-shutdown");
		drain.start();
	}

	private void drainAll() {
		long start = System.nanoTime();
		for (ManagedSocketServer server : this.servers.all()) {
			if (server.state() == SocketServerState.RUNNING) {
				int active = server.server().activeRequests();
				if (active > 0) {
					logger.info("Socket server '{}' stops taking requests and waits for the {} in flight",
							server.name(), active);
				}
				server.beginDrain();
			}
		}
		for (ManagedSocketServer server : this.servers.all()) {
			Duration timeout = server.shutdownTimeout();
			if (!server.awaitDrained(start + timeout.toNanos())) {
				logger.warn("Socket server '{}' still has {} request(s) in flight after {} ms", server.name(),
						server.server().activeRequests(), timeout.toMillis());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
