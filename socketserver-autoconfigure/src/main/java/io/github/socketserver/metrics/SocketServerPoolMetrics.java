package io.github.socketserver.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.github.socketserver.BaseServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

/**
 * The pool of each server in {@code pool} mode, through Micrometer's executor metrics
 * ({@code executor.pool.size}, {@code executor.active}, {@code executor.queued}...)
 * tagged {@code name=socketserver.<server>} only: Spring Boot tags its own executors'
 * meters of these names with {@code name} alone, and a Prometheus registry refuses a
 * meter whose tag keys differ from those of another of its name.
 * <p>
 * A server started again after a stop has a new pool: {@link #bind(BaseServer)} moves its
 * meters to it, so that they do not go on reading the closed one.
 *
 * @since 0.1.0
 */
public class SocketServerPoolMetrics implements MeterBinder {

	private final Supplier<? extends Iterable<BaseServer<?>>> servers;

	/**
	 * For each registry bound to (Boot binds each one when there is no composite), the
	 * pool each server's meters read.
	 */
	private final Map<MeterRegistry, Map<String, ExecutorService>> bound = new LinkedHashMap<>();

	/**
	 * Creates the binder.
	 * @param servers the servers, looked up when the binder is bound, so that the servers
	 * may themselves depend on the registry
	 */
	public SocketServerPoolMetrics(Supplier<? extends Iterable<BaseServer<?>>> servers) {
		this.servers = servers;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.bound.putIfAbsent(registry, new HashMap<>());
		for (BaseServer<?> server : this.servers.get()) {
			bind(registry, server);
		}
	}

	/**
	 * Binds the meters of a server's pool, or moves them to its new pool; does nothing
	 * before the binder is bound, for a server without a pool, or for one whose pool is
	 * bound already.
	 * @param server a server that has just started
	 */
	public synchronized void bind(BaseServer<?> server) {
		this.bound.keySet().forEach((registry) -> bind(registry, server));
	}

	private void bind(MeterRegistry registry, BaseServer<?> server) {
		Map<String, ExecutorService> pools = this.bound.get(registry);
		ExecutorService pool = server.requestExecutor().executorService();
		if (pool == null || pool == pools.get(server.name())) {
			return;
		}
		String executorName = "socketserver." + server.name();
		if (pools.containsKey(server.name())) {
			List<Meter> previous = registry.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("executor")
						&& executorName.equals(meter.getId().getTag("name")))
				.toList();
			previous.forEach(registry::remove);
		}
		new ExecutorServiceMetrics(pool, executorName, Tags.empty()).bindTo(registry);
		pools.put(server.name(), pool);
	}

}
