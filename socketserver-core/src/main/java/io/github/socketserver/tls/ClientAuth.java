package io.github.socketserver.tls;

/**
 * Whether a TLS server asks its clients for a certificate.
 *
 * @since 0.1.0
 */
public enum ClientAuth {

	/**
	 * No certificate is asked for.
	 */
	NONE,

	/**
	 * A certificate is asked for; a client without one is served, one with an untrusted
	 * one is not.
	 */
	WANT,

	/**
	 * A trusted certificate is required.
	 */
	NEED

}
