package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.socketserver.SocketType;
import io.github.socketserver.context.ConnectionEventPublisher;
import io.github.socketserver.context.LocalSocketServerPortInjector;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServerEnvironment;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.context.SocketServersTls;
import io.github.socketserver.context.SocketServersGracefulShutdownLifecycle;
import io.github.socketserver.context.SocketServersLifecycle;
import io.github.socketserver.context.SystemdNotifyLifecycle;
import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.threading.Threading;
import io.github.socketserver.tls.TlsHandshakeListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

/**
 * Creates the socket servers configured under {@code socketserver.servers}, binds each to
 * its {@code @SocketHandler} bean, and ties their life to the application context.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "socketserver.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketServerProperties.class)
@ImportRuntimeHints(SocketServerRuntimeHints.class)
public final class SocketServerAutoConfiguration {

	/**
	 * Created by Spring when the auto-configuration applies; not meant to be called.
	 */
	public SocketServerAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServers socketServers(SocketServerProperties properties, ConfigurableListableBeanFactory beanFactory,
			Environment environment, ApplicationContext context, ObjectProvider<SocketServerCustomizer> customizers,
			ObjectProvider<RequestVerifier> verifiers, ObjectProvider<ErrorHandler> errorHandlers,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<TlsHandshakeListeners> tlsListeners) {
		Map<String, ManagedSocketServer> servers = new LinkedHashMap<>();
		List<SocketServerCustomizer> allCustomizers = new ArrayList<>(customizers.orderedStream().toList());
		if (properties.isConnectionEvents()) {
			allCustomizers.add(0, connectionEvents(context, servers));
		}
		SocketServerFactory factory = new SocketServerFactory(environment, allCustomizers,
				verifiers.orderedStream().toList(), errorHandlers.orderedStream().toList(),
				new ServerTls(sslBundles.getIfAvailable(),
						tlsListeners.getIfAvailable(() -> (name) -> TlsHandshakeListener.NONE)),
				new FrameCodecs(beanFactory));
		Map<String, SocketServerProperties.Server> enabled = new LinkedHashMap<>();
		Set<String> disabled = new HashSet<>();
		properties.getServers().forEach((name, server) -> {
			if (server.isEnabled()) {
				enabled.put(name, server);
			}
			else {
				disabled.add(name);
			}
		});
		Map<String, SocketType> types = new LinkedHashMap<>();
		Set<String> forkServers = new HashSet<>();
		enabled.forEach((name, server) -> {
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
		Map<String, SocketHandlerBeans.Binding> bindings = SocketHandlerBeans.bind(beanFactory, types, forkServers,
				disabled);
		try {
			enabled.forEach((name, server) -> {
				servers.put(name, factory.create(name, server, bindings.get(name)));
			});
		}
		catch (RuntimeException ex) {
			// No bean owns the sockets the servers made so far opened: close them.
			new SocketServers(servers.values()).destroy();
			throw ex;
		}
		return new SocketServers(servers.values(), context, new SocketServerEnvironment(context));
	}

	/**
	 * Adds to each server a publisher of its connection events, which name the server's
	 * core server of the moment: a restart makes a new one.
	 * @param events where to publish
	 * @param servers the servers by name, filled before any of them starts
	 */
	private static SocketServerCustomizer connectionEvents(ApplicationEventPublisher events,
			Map<String, ManagedSocketServer> servers) {
		return (options) -> {
			String name = options.name();
			options.addListener(new ConnectionEventPublisher(events,
					() -> Objects.requireNonNull(servers.get(name), name).server()));
		};
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServersTls socketServersTls(SocketServerProperties properties, ObjectProvider<SslBundles> sslBundles) {
		Map<String, SocketServersTls.Settings> servers = new LinkedHashMap<>();
		properties.getServers().forEach((name, server) -> {
			ServerSslProperties ssl = server.getSsl();
			if (ssl.getBundle() != null) {
				Set<String> bundles = new LinkedHashSet<>(List.of(ssl.getBundle()));
				bundles.addAll(ssl.getServerNameBundles().values());
				servers.put(name, new SocketServersTls.Settings(List.copyOf(bundles), ssl.getClientAuth()));
			}
		});
		return new SocketServersTls(servers, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServersLifecycle socketServersLifecycle(SocketServers socketServers) {
		return new SocketServersLifecycle(socketServers);
	}

	@Bean
	@ConditionalOnMissingBean
	SocketServersGracefulShutdownLifecycle socketServersGracefulShutdownLifecycle(SocketServers socketServers,
			ApplicationContext context) {
		return new SocketServersGracefulShutdownLifecycle(socketServers, context);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("NOTIFY_SOCKET")
	SystemdNotifyLifecycle systemdNotifyLifecycle(SocketServers socketServers, Environment environment)
			throws IOException {
		return SystemdNotifyLifecycle.fromEnvironment(socketServers, environment);
	}

	@Bean
	static LocalSocketServerPortInjector localSocketServerPortInjector(Environment environment) {
		return new LocalSocketServerPortInjector(environment);
	}

}
