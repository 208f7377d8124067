package io.github.socketserver.tls;

import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.github.socketserver.handler.Request;
import org.jspecify.annotations.Nullable;

/**
 * What a TLS handshake settled, as a request carries it: read it with
 * {@code request.attribute(TlsSession.class)} or {@link #of(Request)}, in a
 * {@code RequestVerifier} (to allow only certain subjects, say) or a handler.
 *
 * @param protocol the protocol, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite
 * @param serverName the host name the client asked for (SNI), in lower case without a
 * trailing dot, or {@code null} if it sent none or one that is no host name
 * @param peerCertificates the certificates the client sent, its own first; empty if it
 * sent none. Its own certificate was verified up to a trusted anchor during the
 * handshake; the others are as the client sent them, not necessarily the path the
 * verification built
 * @param peerPrincipal the subject of the client's certificate, or {@code null}
 * @since 0.1.0
 */
public record TlsSession(String protocol, String cipherSuite, @Nullable String serverName,
		List<X509Certificate> peerCertificates, @Nullable Principal peerPrincipal) {

	/**
	 * The TLS session of a request.
	 * @param request a request
	 * @return the session, or {@code null} if the request did not come over TLS
	 */
	public static @Nullable TlsSession of(Request request) {
		return request.attribute(TlsSession.class);
	}

	static TlsSession of(SSLSession session, @Nullable String serverName) {
		List<X509Certificate> chain = new ArrayList<>();
		Principal principal = null;
		try {
			for (Certificate certificate : session.getPeerCertificates()) {
				if (certificate instanceof X509Certificate x509) {
					chain.add(x509);
				}
			}
			principal = session.getPeerPrincipal();
		}
		catch (SSLPeerUnverifiedException ex) {
			// The client sent no certificate, as client-auth 'none' or 'want' allows.
		}
		return new TlsSession(session.getProtocol(), session.getCipherSuite(), serverName, List.copyOf(chain),
				principal);
	}

}
