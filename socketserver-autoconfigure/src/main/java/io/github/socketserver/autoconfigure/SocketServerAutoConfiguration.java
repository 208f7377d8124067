package io.github.socketserver.autoconfigure;

import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.RequestVerifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.socketserver.ServerOptions;
import io.github.socketserver.SocketType;
import io.github.socketserver.context.ConnectionEventPublisher;
import io.github.socketserver.context.LocalSocketServerPortInjector;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.context.SocketServersGracefulShutdownLifecycle;
import io.github.socketserver.context.SocketServersLifecycle;
import io.github.socketserver.threading.Threading;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Creates the socket servers configured under {@code socketserver.servers}, binds each to
 * its {@code @SocketHandler} bean, and ties their life to the application context.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "socketserver.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketServerProperties.class)
public final class SocketServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketServers socketServers(SocketServerProperties properties, ConfigurableListableBeanFactory beanFactory,
			Environment environment, ApplicationContext context, ObjectProvider<SocketServerCustomizer> customizers,
			ObjectProvider<RequestVerifier> verifiers, ObjectProvider<ErrorHandler> errorHandlers) {
		List<SocketServerCustomizer> allCustomizers = new ArrayList<>(customizers.orderedStream().toList());
		if (properties.isConnectionEvents()) {
			ConnectionEventPublisher publisher = new ConnectionEventPublisher(context);
			allCustomizers.add(0, (name, options) -> options.addListener(publisher));
		}
		SocketServerFactory factory = new SocketServerFactory(environment, allCustomizers,
				verifiers.orderedStream().toList(), errorHandlers.orderedStream().toList());
		Map<String, SocketType> types = new LinkedHashMap<>();
		Set<String> forkServers = new HashSet<>();
		properties.getServers().forEach((name, server) -> {
			// Settings first, once: 'command' without 'threading: fork' is better
			// reported
			// as such than as a server without a handler.
			Threading.Mode mode = factory.threadingMode(server);
			ServerPropertiesValidator.validate(name, server, mode);
			types.put(name, server.getType());
			if (mode == Threading.Mode.FORK) {
				forkServers.add(name);
			}
		});
		Map<String, SocketHandlerBeans.Binding> bindings = SocketHandlerBeans.bind(beanFactory, types, forkServers);
		List<ManagedSocketServer> servers = new ArrayList<>();
		try {
			properties.getServers().forEach((name, server) -> {
				SocketHandlerBeans.Binding binding = bindings.get(name);
				servers.add(factory.create(name, server, (binding != null) ? binding.handlers() : null));
			});
		}
		catch (RuntimeException ex) {
			servers.forEach(ManagedSocketServer::stop);
			throw ex;
		}
		return new SocketServers(servers);
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServersLifecycle socketServersLifecycle(SocketServers socketServers, ApplicationContext context) {
		return new SocketServersLifecycle(socketServers, context);
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServersGracefulShutdownLifecycle socketServersGracefulShutdownLifecycle(SocketServers socketServers,
			ApplicationContext context) {
		return new SocketServersGracefulShutdownLifecycle(socketServers, context);
	}

	@Bean
	static LocalSocketServerPortInjector localSocketServerPortInjector(Environment environment) {
		return new LocalSocketServerPortInjector(environment);
	}

}
