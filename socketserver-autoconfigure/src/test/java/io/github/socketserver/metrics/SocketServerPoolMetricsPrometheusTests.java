package io.github.socketserver.metrics;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor meters of a {@code pool} server beside Spring Boot's own
 * {@code applicationTaskExecutor} meters in a Prometheus registry, which requires every
 * meter of a name to have the same tag keys: both sets are scraped.
 */
class SocketServerPoolMetricsPrometheusTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class,
				SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
				"socketserver.servers.echo.threading=pool", "socketserver.servers.echo.pool.max-threads=3");

	@Test
	void scrapesThePoolOfASocketServerBesideTheApplicationTaskExecutor() {
		this.runner.run((context) -> {
			assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEqualTo("hello\n");
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains("executor_pool_max_threads{name=\"applicationTaskExecutor\"}")
				.contains("executor_pool_max_threads{name=\"socketserver.echo\"} 3.0");
			for (String meter : new String[] { "executor_active_threads", "executor_completed_tasks_total",
					"executor_queued_tasks", "executor_queue_remaining_tasks", "executor_pool_size_threads" }) {
				assertThat(scrape).contains(meter + "{name=\"socketserver.echo\"}")
					.contains(meter + "{name=\"applicationTaskExecutor\"}");
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

}
