package io.github.socketserver.tls;

import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.github.socketserver.connection.LayerException;

/**
 * Why a TLS handshake failed, in few enough kinds to tag a metric by: a scanner that
 * speaks no TLS, a client too slow, a client whose certificate is refused, and a client
 * whose TLS the server does not accept tell different stories.
 *
 * @since 0.1.0
 */
public enum TlsFailure {

	/**
	 * The client's first bytes were no TLS record.
	 */
	NOT_TLS,

	/**
	 * The handshake was not done within the handshake timeout.
	 */
	TIMEOUT,

	/**
	 * A certificate was missing, untrusted or expired (mostly the client's, in mutual
	 * TLS).
	 */
	CERTIFICATE,

	/**
	 * The client offered no protocol or cipher suite the server accepts, or broke the
	 * protocol.
	 */
	PROTOCOL,

	/**
	 * Anything else, such as a client that closed the connection in the middle.
	 */
	OTHER;

	/**
	 * The value of a metric's tag.
	 * @return the name in lower case, such as {@code not_tls}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Why a handshake failed, from what the TLS layer reported.
	 * @param failure the handshake's failure
	 * @return the kind of failure
	 */
	static TlsFailure of(LayerException failure) {
		if (failure instanceof NotTlsException) {
			return NOT_TLS;
		}
		Throwable cause = failure.getCause();
		if (cause instanceof SocketTimeoutException) {
			return TIMEOUT;
		}
		if (!(cause instanceof SSLException)) {
			return OTHER;
		}
		for (Throwable c = cause; c != null; c = c.getCause()) {
			String message = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
			if (c instanceof CertificateException || message.contains("certificate") || message.contains("pkix")) {
				return CERTIFICATE;
			}
		}
		return PROTOCOL;
	}

	/**
	 * The failure of a client that speaks no TLS.
	 */
	static final class NotTlsException extends LayerException {

		private static final long serialVersionUID = 1L;

		NotTlsException(String message) {
			super(message);
		}

	}

}
