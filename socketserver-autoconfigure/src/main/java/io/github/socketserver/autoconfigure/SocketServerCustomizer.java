package io.github.socketserver.autoconfigure;

import java.util.function.Consumer;

import io.github.socketserver.options.ServerOptions;

/**
 * Changes the options of socket servers before they are built, after the properties were
 * applied: any option, including listeners, connection layers, the request verifier and
 * the error handler. Once built, a server's options no longer change.
 * <p>
 * Every customizer bean is called for every server, in {@code @Order}; the builder names
 * its server ({@link ServerOptions.Builder#name()}). Use
 * {@link #forServer(String, Consumer)} for one server only.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SocketServerCustomizer {

	/**
	 * Customizes the options of one server.
	 * @param options its options, already set from the properties; {@code options.name()}
	 * is the server's name
	 */
	void customize(ServerOptions.Builder options);

	/**
	 * A customizer for one server.
	 * @param serverName the server to customize
	 * @param customizer what to do with its options
	 * @return a customizer that leaves other servers alone
	 */
	static SocketServerCustomizer forServer(String serverName, Consumer<ServerOptions.Builder> customizer) {
		return (options) -> {
			if (options.name().equals(serverName)) {
				customizer.accept(options);
			}
		};
	}

}
