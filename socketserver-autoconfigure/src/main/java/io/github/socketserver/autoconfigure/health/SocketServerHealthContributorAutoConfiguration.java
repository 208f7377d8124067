package io.github.socketserver.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.context.SocketServersTls;
import io.github.socketserver.health.SocketServerHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator per socket server, under {@code socketServers} in the health
 * endpoint; {@code management.health.socketservers.enabled=false} turns it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SocketServerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SocketServers.class)
@ConditionalOnEnabledHealthIndicator("socketservers")
public final class SocketServerHealthContributorAutoConfiguration {

	/**
	 * Created by Spring when the auto-configuration applies; not meant to be called.
	 */
	public SocketServerHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "socketServersHealthContributor")
	CompositeHealthContributor socketServersHealthContributor(SocketServers socketServers,
			ObjectProvider<SocketServersTls> tls) {
		Map<String, SocketServerHealthIndicator> indicators = new LinkedHashMap<>();
		SocketServersTls serversTls = tls.getIfAvailable();
		socketServers.all()
			.forEach((server) -> indicators.put(server.name(), new SocketServerHealthIndicator(server, serversTls)));
		return CompositeHealthContributor.fromMap(indicators);
	}

}
