package io.github.socketserver.metrics;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.github.socketserver.BaseServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

/**
 * The pool of each server in {@code pool} mode, through Micrometer's executor metrics
 * ({@code executor.pool.size}, {@code executor.active}, {@code executor.queued}...)
 * tagged {@code name=socketserver.<server>} and with the server's tags.
 */
public class SocketServerPoolMetrics implements MeterBinder {

	private final Supplier<? extends Iterable<BaseServer<?>>> servers;

	/**
	 * Creates the binder.
	 * @param servers the servers, looked up when the binder is bound, so that the servers
	 * may themselves depend on the registry
	 */
	public SocketServerPoolMetrics(Supplier<? extends Iterable<BaseServer<?>>> servers) {
		this.servers = servers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (BaseServer<?> server : this.servers.get()) {
			ExecutorService pool = server.requestExecutor().executorService();
			if (pool != null) {
				Tags tags = Tags.of("server.name", server.name(), "family",
						server.addressFamily().name().toLowerCase(Locale.ROOT), "type",
						server.socketType().name().toLowerCase(Locale.ROOT));
				new ExecutorServiceMetrics(pool, "socketserver." + server.name(), tags).bindTo(registry);
			}
		}
	}

}
