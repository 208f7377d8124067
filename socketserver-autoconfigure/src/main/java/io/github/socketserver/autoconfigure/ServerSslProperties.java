package io.github.socketserver.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.socketserver.tls.ClientAuth;
import org.jspecify.annotations.Nullable;

/**
 * TLS on a stream server, from Spring Boot's SSL bundles ('spring.ssl.bundle.*'), under
 * {@code socketserver.servers.<name>.ssl}.
 *
 * @since 0.1.0
 */
public class ServerSslProperties {

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.pem.<name> or
	 * spring.ssl.bundle.jks.<name>) whose certificate the server shows. Setting it turns
	 * TLS on; the bundle's protocols, ciphers and key alias apply, and where it names no
	 * protocols or ciphers, TLS 1.2 and 1.3 with forward-secret AEAD suites are offered.
	 * When unset, no TLS.
	 */
	private @Nullable String bundle;

	/**
	 * Whether clients must show a certificate the bundle's trust material accepts: none,
	 * want or need.
	 */
	private ClientAuth clientAuth = ClientAuth.NONE;

	/**
	 * How long a client has, from its connection, to complete the TLS handshake.
	 */
	private Duration handshakeTimeout = Duration.ofSeconds(10);

	/**
	 * SSL bundles by the host name a client asks for (SNI), for clients that ask for
	 * another name than the default bundle's. Write host names with dots in brackets, for
	 * example '[api.example.com]': api.
	 */
	private Map<String, String> serverNameBundles = new LinkedHashMap<>();

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerSslProperties() {
	}

	/**
	 * {@return the name of the SSL bundle, {@code null} for no TLS}
	 */
	public @Nullable String getBundle() {
		return this.bundle;
	}

	/**
	 * Sets the name of the SSL bundle; setting it turns TLS on.
	 * @param bundle the bundle's name
	 */
	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	/**
	 * {@return whether clients must show a certificate}
	 */
	public ClientAuth getClientAuth() {
		return this.clientAuth;
	}

	/**
	 * Sets whether clients must show a certificate.
	 * @param clientAuth none, want or need
	 */
	public void setClientAuth(ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	/**
	 * {@return how long a client has to complete the handshake}
	 */
	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	/**
	 * Sets how long a client has to complete the handshake.
	 * @param handshakeTimeout the timeout
	 */
	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	/**
	 * {@return the SSL bundles by server name}
	 */
	public Map<String, String> getServerNameBundles() {
		return this.serverNameBundles;
	}

	/**
	 * Sets the SSL bundles by server name.
	 * @param serverNameBundles bundle names by host name
	 */
	public void setServerNameBundles(Map<String, String> serverNameBundles) {
		this.serverNameBundles = serverNameBundles;
	}

}
