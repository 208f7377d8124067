package io.github.socketserver.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.connection.ConnectionLayer;
import io.github.socketserver.tls.TlsHandshakeListener;
import io.github.socketserver.tls.TlsLayer;
import io.github.socketserver.tls.TlsSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * Makes the TLS layer of each server whose 'ssl.bundle' is set, from Spring Boot's SSL
 * bundles.
 */
final class ServerTls {

	/**
	 * For an application without SSL bundles: a server that names one is refused.
	 */
	static final ServerTls NONE = new ServerTls(null, (name) -> TlsHandshakeListener.NONE);

	private final @Nullable SslBundles bundles;

	private final TlsHandshakeListeners listeners;

	/**
	 * The bundles followed for updates, so that servers built again (a restart) add no
	 * handler.
	 */
	private final Map<String, AtomicReference<TlsSettings>> followed = new ConcurrentHashMap<>();

	/**
	 * Creates the maker.
	 * @param bundles the application's SSL bundles, {@code null} if it has none
	 * @param listeners the handshake listener of a server, by its name
	 */
	ServerTls(@Nullable SslBundles bundles, TlsHandshakeListeners listeners) {
		this.bundles = bundles;
		this.listeners = listeners;
	}

	/**
	 * The TLS layer of a server.
	 * @param name the server's name
	 * @param ssl its TLS settings
	 * @return the layer, or {@code null} if the server names no bundle
	 */
	@Nullable ConnectionLayer layer(String name, ServerSslProperties ssl) {
		if (ssl.getBundle() == null) {
			return null;
		}
		SslBundleEngines engines = SslBundleEngines.of("socketserver.servers." + name + ".", ssl, this.bundles,
				this.followed);
		return new TlsLayer(engines, ssl.getHandshakeTimeout(), this.listeners.forServer(name));
	}

}
