package io.github.socketserver.tls;

import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;

/**
 * One TLS configuration: a context with its key and trust material, the protocols and
 * cipher suites offered, and whether clients must show a certificate. Where no protocols
 * or cipher suites are named, secure ones are offered: TLS 1.2 and 1.3 with the
 * forward-secret AEAD suites of Mozilla's "intermediate" profile, in the server's order
 * (the JDK's own defaults still offer CBC suites).
 *
 * @param context the context engines are made from
 * @param protocols the protocols to offer, or empty for {@link #SECURE_PROTOCOLS}
 * @param cipherSuites the suites to offer, or empty for {@link #SECURE_CIPHER_SUITES}
 * @param clientAuth whether a client certificate is asked for
 * @since 0.1.0
 */
public record TlsSettings(SSLContext context, List<String> protocols, List<String> cipherSuites,
		ClientAuth clientAuth) implements TlsEngineFactory {

	/**
	 * The protocols offered where none are named.
	 */
	public static final List<String> SECURE_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	/**
	 * The cipher suites offered where none are named, in the server's order of
	 * preference: Mozilla's "intermediate" profile.
	 */
	public static final List<String> SECURE_CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
			"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	/**
	 * Creates the settings.
	 */
	public TlsSettings {
		protocols = List.copyOf(protocols);
		cipherSuites = List.copyOf(cipherSuites);
	}

	@Override
	public SSLEngine createEngine(@Nullable String serverName) {
		SSLEngine engine = this.context.createSSLEngine();
		engine.setUseClientMode(false);
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setProtocols(offered(this.protocols, SECURE_PROTOCOLS, engine.getSupportedProtocols()));
		parameters.setCipherSuites(offered(this.cipherSuites, SECURE_CIPHER_SUITES, engine.getSupportedCipherSuites()));
		parameters.setUseCipherSuitesOrder(true);
		switch (this.clientAuth) {
			case NEED -> parameters.setNeedClientAuth(true);
			case WANT -> parameters.setWantClientAuth(true);
			case NONE -> parameters.setNeedClientAuth(false);
		}
		engine.setSSLParameters(parameters);
		return engine;
	}

	/**
	 * What is named, or else the secure defaults this JDK supports.
	 */
	private static String[] offered(List<String> named, List<String> secure, String[] supported) {
		if (!named.isEmpty()) {
			return named.toArray(String[]::new);
		}
		List<String> available = Arrays.asList(supported);
		return secure.stream().filter(available::contains).toArray(String[]::new);
	}

}
