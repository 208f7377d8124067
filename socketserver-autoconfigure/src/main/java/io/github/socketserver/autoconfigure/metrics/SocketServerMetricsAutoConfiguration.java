package io.github.socketserver.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.BaseServer;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.SocketServerCustomizer;
import io.github.socketserver.autoconfigure.SocketServerProperties;
import io.github.socketserver.autoconfigure.TlsHandshakeListeners;
import io.github.socketserver.context.SocketServerStartedEvent;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.metrics.SocketServerMeterObservationHandler;
import io.github.socketserver.metrics.SocketServerMetrics;
import io.github.socketserver.metrics.SocketServerObservationConvention;
import io.github.socketserver.metrics.SocketServerObservations;
import io.github.socketserver.metrics.SocketServerPoolMetrics;
import io.github.socketserver.metrics.SocketServerTlsMetrics;
import io.github.socketserver.tls.TlsHandshakeListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Meters for every socket server when a {@link MeterRegistry} is present, executor
 * metrics for the pools, and an observation per request when an
 * {@link ObservationRegistry} is present, named and given key values by the
 * {@link SocketServerObservationConvention} bean if there is one. The observations feed
 * tracing; they are not timed again as meters, since the server's meters already time
 * every request.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SocketServerAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(SocketServers.class)
public final class SocketServerMetricsAutoConfiguration {

	/**
	 * Created by Spring when the auto-configuration applies; not meant to be called.
	 */
	public SocketServerMetricsAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		SocketServerCustomizer socketServerMetricsCustomizer(MeterRegistry registry,
				SocketServerProperties properties) {
			return (options) -> {
				String name = options.name();
				SocketServerProperties.Server server = properties.getServers().get(name);
				if (server != null) {
					options.addListener(new SocketServerMetrics(registry, name, server.getFamily(), server.getType()));
				}
			};
		}

		@Bean
		TlsHandshakeListeners socketServerTlsMetrics(MeterRegistry registry, SocketServerProperties properties) {
			return (name) -> {
				SocketServerProperties.Server server = properties.getServers().get(name);
				return (server != null)
						? new SocketServerTlsMetrics(registry, name, server.getFamily(), server.getType())
						: TlsHandshakeListener.NONE;
			};
		}

		@Bean
		SocketServerPoolMetrics socketServerPoolMetrics(ObjectProvider<SocketServers> socketServers) {
			return new SocketServerPoolMetrics(() -> {
				List<BaseServer<?>> servers = new ArrayList<>();
				socketServers.ifAvailable((all) -> all.all().forEach((server) -> servers.add(server.server())));
				return servers;
			});
		}

		@Bean
		PoolMetricsRebinding socketServerPoolMetricsRebinding(SocketServerPoolMetrics poolMetrics) {
			return new PoolMetricsRebinding(poolMetrics);
		}

	}

	/**
	 * Moves the pool metrics of a server started again to its new pool.
	 */
	static final class PoolMetricsRebinding implements ApplicationListener<SocketServerStartedEvent> {

		private final SocketServerPoolMetrics poolMetrics;

		PoolMetricsRebinding(SocketServerPoolMetrics poolMetrics) {
			this.poolMetrics = poolMetrics;
		}

		@Override
		public void onApplicationEvent(SocketServerStartedEvent event) {
			this.poolMetrics.bind(event.server());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "socketserver.observations.enabled", matchIfMissing = true)
	static class ObservationConfiguration {

		@Bean
		SocketServerCustomizer socketServerObservationCustomizer(ObservationRegistry registry,
				SocketServerProperties properties, ObjectProvider<SocketServerObservationConvention> convention) {
			return (options) -> {
				String name = options.name();
				SocketServerProperties.Server server = properties.getServers().get(name);
				if (server != null) {
					options.addListener(new SocketServerObservations(registry, convention.getIfAvailable(), name,
							server.getFamily(), server.getType()));
				}
			};
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnBooleanProperty(name = "socketserver.observations.meters", havingValue = false,
				matchIfMissing = true)
		SocketServerMeterObservationHandler socketServerMeterObservationHandler() {
			return new SocketServerMeterObservationHandler();
		}

	}

}
