package io.github.socketserver.autoconfigure;

import java.util.function.Consumer;

import io.github.socketserver.ServerOptions;

/**
 * Changes the options of socket servers before they are created, after the properties
 * were applied: any option, including the request verifier and error handler.
 * <p>
 * Every customizer bean is called for every server, in {@code @Order}; the options name
 * their server ({@link ServerOptions#name()}). Use {@link #forServer(String, Consumer)}
 * for one server only.
 */
@FunctionalInterface
public interface SocketServerCustomizer {

	/**
	 * Customizes the options of one server.
	 * @param options its options, already set from the properties; {@code options.name()}
	 * is the server's name
	 */
	void customize(ServerOptions options);

	/**
	 * A customizer for one server.
	 * @param serverName the server to customize
	 * @param customizer what to do with its options
	 * @return a customizer that leaves other servers alone
	 */
	static SocketServerCustomizer forServer(String serverName, Consumer<ServerOptions> customizer) {
		return (options) -> {
			if (options.name().equals(serverName)) {
				customizer.accept(options);
			}
		};
	}

}
