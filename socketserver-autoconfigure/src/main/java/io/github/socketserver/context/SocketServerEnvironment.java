package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes where each server listens as {@code local.socketserver.<name>.port} and
 * {@code local.socketserver.<name>.path}, in an application context and its parents, as
 * Boot does with {@code local.server.port}.
 *
 * @since 0.1.0
 */
public final class SocketServerEnvironment {

	private static final String PROPERTY_SOURCE_NAME = "socketserver.local";

	private final ApplicationContext context;

	/**
	 * Creates the publisher.
	 * @param context the context whose environment, and its parents', get the properties
	 */
	public SocketServerEnvironment(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * The property under which an inet server's port is published.
	 * @param server the server's name
	 * @return {@code local.socketserver.<name>.port}
	 */
	public static String portProperty(String server) {
		return "local.socketserver." + server + ".port";
	}

	/**
	 * The property under which a Unix server's socket file is published.
	 * @param server the server's name
	 * @return {@code local.socketserver.<name>.path}
	 */
	public static String pathProperty(String server) {
		return "local.socketserver." + server + ".path";
	}

	/**
	 * Publishes where a server listens: its port, or its socket file's path.
	 * @param server the server's name
	 * @param address its bound address
	 */
	public void publish(String server, SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			publish(this.context, portProperty(server), inet.getPort());
		}
		else if (address instanceof UnixDomainSocketAddress unix) {
			publish(this.context, pathProperty(server), unix.getPath().toString());
		}
	}

	private static void publish(ApplicationContext context, String key, Object value) {
		if (context instanceof ConfigurableApplicationContext configurable) {
			putProperty(configurable.getEnvironment(), key, value);
		}
		if (context.getParent() != null) {
			publish(context.getParent(), key, value);
		}
	}

	@SuppressWarnings("unchecked")
	private static void putProperty(ConfigurableEnvironment environment, String key, Object value) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).put(key, value);
	}

}
