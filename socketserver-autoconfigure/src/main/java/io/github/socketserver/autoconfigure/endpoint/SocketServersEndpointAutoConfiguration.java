package io.github.socketserver.autoconfigure.endpoint;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.context.SocketServersTls;
import io.github.socketserver.endpoint.SocketServersEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code socketservers} actuator endpoint, when it is available (exposed and
 * accessible).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SocketServerAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SocketServers.class)
@ConditionalOnAvailableEndpoint(SocketServersEndpoint.class)
public final class SocketServersEndpointAutoConfiguration {

	/**
	 * Created by Spring when the auto-configuration applies; not meant to be called.
	 */
	public SocketServersEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServersEndpoint socketServersEndpoint(SocketServers socketServers, ObjectProvider<SocketServersTls> tls) {
		return new SocketServersEndpoint(socketServers, tls.getIfAvailable());
	}

}
