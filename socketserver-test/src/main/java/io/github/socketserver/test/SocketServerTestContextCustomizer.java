package io.github.socketserver.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.autoconfigure.InheritedSocketSource;
import io.github.socketserver.autoconfigure.SocketServerProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Disables the servers a {@link SocketServerTest} does not name, and moves the others to
 * free addresses: port 0, or a socket file in a temporary directory of the context's own,
 * deleted when the context closes; a server configured to inherit its socket opens its
 * own there instead. The settings go into the environment ahead of every other source,
 * where the test and the application can read them.
 */
final class SocketServerTestContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "socketServerTest";

	private final Set<String> servers;

	private final boolean freeAddresses;

	SocketServerTestContextCustomizer(Set<String> servers, boolean freeAddresses) {
		this.servers = servers;
		this.freeAddresses = freeAddresses;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
		ConfigurableEnvironment environment = context.getEnvironment();
		Map<String, SocketServerProperties.Server> configured = Binder.get(environment)
			.bind("socketserver.servers", Bindable.mapOf(String.class, SocketServerProperties.Server.class))
			.orElse(Map.of());
		Set<String> unknown = new TreeSet<>(this.servers);
		unknown.removeAll(configured.keySet());
		if (!unknown.isEmpty()) {
			throw new IllegalStateException("@SocketServerTest names servers that are not configured: " + unknown
					+ ". Configured under socketserver.servers: " + new TreeSet<>(configured.keySet()) + ".");
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		SocketDirectory directory = new SocketDirectory();
		configured.forEach((name, server) -> {
			String prefix = "socketserver.servers." + name + ".";
			if (!this.servers.isEmpty() && !this.servers.contains(name)) {
				settings.put(prefix + "enabled", false);
			}
			else if (this.freeAddresses && server.isEnabled()) {
				// A socket inherited from systemd or inetd ignores the address: the test,
				// which nothing started with sockets, opens its own.
				settings.put(prefix + "inherit", InheritedSocketSource.NONE.name().toLowerCase(Locale.ROOT));
				settings.put(prefix + "inherit-name", "");
				if (server.getFamily() == AddressFamily.UNIX) {
					settings.put(prefix + "path", directory.socketFile(name).toString());
				}
				else {
					settings.put(prefix + "port", 0);
				}
			}
		});
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, settings));
		if (directory.path != null && context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
			// Destroyed after the servers, which remove their socket files when they
			// close.
			registry.registerDisposableBean(SocketDirectory.class.getName(), directory::delete);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof SocketServerTestContextCustomizer customizer && this.servers.equals(customizer.servers)
				&& this.freeAddresses == customizer.freeAddresses;
	}

	@Override
	public int hashCode() {
		return 31 * this.servers.hashCode() + Boolean.hashCode(this.freeAddresses);
	}

	/**
	 * The temporary directory of a context's socket files, made when the first is needed.
	 */
	private static final class SocketDirectory {

		private @Nullable Path path;

		Path socketFile(String server) {
			try {
				if (this.path == null) {
					this.path = Files.createTempDirectory("socketserver-test");
				}
				return this.path.resolve(server + ".sock");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("No temporary directory for the socket file of server '" + server + "'",
						ex);
			}
		}

		void delete() throws IOException {
			Path directory = this.path;
			if (directory == null) {
				return;
			}
			try (var files = Files.list(directory)) {
				for (Path file : (Iterable<Path>) files::iterator) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(directory);
		}

	}

}
