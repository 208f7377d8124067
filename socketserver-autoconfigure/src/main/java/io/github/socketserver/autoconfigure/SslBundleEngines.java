package io.github.socketserver.autoconfigure;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;

import io.github.socketserver.tls.ClientAuth;
import io.github.socketserver.tls.TlsEngineFactory;
import io.github.socketserver.tls.TlsSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * The engines of a TLS server, from Spring Boot's SSL bundles: the server's bundle, or
 * the one its 'ssl.server-name-bundles' name for the host a client asks for. A bundle
 * that Boot reloads (its 'reload-on-update') is taken up for the next connection;
 * connections established go on with the certificate they shook hands with.
 */
final class SslBundleEngines implements TlsEngineFactory {

	private final String defaultBundle;

	private final Map<String, String> bundlesByServerName = new LinkedHashMap<>();

	private final Map<String, AtomicReference<TlsSettings>> settings = new LinkedHashMap<>();

	private final Map<String, AtomicReference<TlsSettings>> followed;

	private SslBundleEngines(String defaultBundle, Map<String, AtomicReference<TlsSettings>> followed) {
		this.defaultBundle = defaultBundle;
		this.followed = followed;
	}

	/**
	 * Takes the bundles a server names, and follows their updates.
	 * @param prefix the server's keys, such as {@code socketserver.servers.echo.}
	 * @param ssl the server's TLS settings, with a bundle
	 * @param bundles Spring Boot's SSL bundles, {@code null} if the application has none
	 * @param followed the settings of the bundles followed already, by bundle and client
	 * authentication, shared by the servers of one application: Boot cannot remove an
	 * update handler, so each bundle gets one however often servers are built
	 * @return the engines
	 * @throws InvalidConfigurationPropertyValueException naming the key of a bundle that
	 * does not exist, or of a client authentication with no trust store to verify by
	 */
	static SslBundleEngines of(String prefix, ServerSslProperties ssl, @Nullable SslBundles bundles,
			Map<String, AtomicReference<TlsSettings>> followed) {
		String bundle = ssl.getBundle();
		if (bundle == null) {
			throw new IllegalArgumentException("No bundle in " + prefix + "ssl");
		}
		SslBundleEngines engines = new SslBundleEngines(bundle, followed);
		engines.take(prefix, prefix + "ssl.bundle", bundle, ssl.getClientAuth(), bundles);
		ssl.getServerNameBundles().forEach((serverName, name) -> {
			engines.take(prefix, prefix + "ssl.server-name-bundles[" + serverName + "]", name, ssl.getClientAuth(),
					bundles);
			engines.bundlesByServerName.put(serverName.toLowerCase(Locale.ROOT), name);
		});
		return engines;
	}

	/**
	 * The names of the bundles in use, the server's own first.
	 * @return the names
	 */
	List<String> bundleNames() {
		return List.copyOf(this.settings.keySet());
	}

	@Override
	public SSLEngine createEngine(@Nullable String serverName) {
		String bundle = (serverName != null)
				? this.bundlesByServerName.getOrDefault(serverName.toLowerCase(Locale.ROOT), this.defaultBundle)
				: this.defaultBundle;
		return this.settings.get(bundle).get().createEngine(serverName);
	}

	private void take(String prefix, String key, String name, ClientAuth clientAuth, @Nullable SslBundles bundles) {
		if (this.settings.containsKey(name)) {
			return;
		}
		if (bundles == null) {
			throw new InvalidConfigurationPropertyValueException(key, name,
					"The application has no SSL bundles: define the bundle under 'spring.ssl.bundle.pem." + name
							+ "' or 'spring.ssl.bundle.jks." + name + "'");
		}
		try {
			SslBundle bundle = bundles.getBundle(name);
			if (clientAuth != ClientAuth.NONE && bundle.getStores().getTrustStore() == null) {
				throw new InvalidConfigurationPropertyValueException(prefix + "ssl.client-auth",
						clientAuth.name().toLowerCase(Locale.ROOT),
						"The SSL bundle '" + name + "' has no trust store to verify client certificates by: add a "
								+ "truststore to the bundle (under 'spring.ssl.bundle.*." + name
								+ ".truststore'), or set client-auth to none");
			}
			String followedKey = name + "/" + clientAuth;
			AtomicReference<TlsSettings> current = this.followed.get(followedKey);
			if (current == null) {
				AtomicReference<TlsSettings> created = new AtomicReference<>(settings(bundle, clientAuth));
				bundles.addBundleUpdateHandler(name, (updated) -> created.set(settings(updated, clientAuth)));
				this.followed.put(followedKey, created);
				current = created;
			}
			this.settings.put(name, current);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException(key, name,
					"There is no SSL bundle '" + name + "': define it under 'spring.ssl.bundle.pem." + name
							+ "' or 'spring.ssl.bundle.jks." + name + "', or name one of " + bundles.getBundleNames());
		}
	}

	private static TlsSettings settings(SslBundle bundle, ClientAuth clientAuth) {
		SslOptions options = bundle.getOptions();
		return new TlsSettings(bundle.createSslContext(), list(options.getEnabledProtocols()),
				list(options.getCiphers()), clientAuth);
	}

	private static List<String> list(String @Nullable [] values) {
		return (values != null) ? Arrays.asList(values) : List.of();
	}

}
