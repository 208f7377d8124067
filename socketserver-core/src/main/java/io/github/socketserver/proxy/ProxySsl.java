package io.github.socketserver.proxy;

import org.jspecify.annotations.Nullable;

/**
 * What the balancer says of the client's TLS connection, when the balancer ended TLS: the
 * {@code PP2_TYPE_SSL} field of a version 2 header.
 *
 * @param client bits: 0x01 the client connected over TLS, 0x02 it gave a certificate on
 * this connection, 0x04 on its TLS session
 * @param verify 0 if the client's certificate was verified, non-zero otherwise
 * @param version the TLS version, such as {@code TLSv1.3}, or {@code null}
 * @param cipher the cipher, such as {@code ECDHE-RSA-AES128-GCM-SHA256}, or {@code null}
 * @param commonName the common name of the client's certificate, or {@code null}
 * @param signatureAlgorithm the signature algorithm of the balancer's certificate, or
 * {@code null}
 * @param keyAlgorithm the key algorithm of the balancer's certificate, or {@code null}
 * @since 0.1.0
 */
public record ProxySsl(int client, long verify, @Nullable String version, @Nullable String cipher,
		@Nullable String commonName, @Nullable String signatureAlgorithm, @Nullable String keyAlgorithm) {

	/**
	 * {@return whether the client connected to the balancer over TLS}
	 */
	public boolean tls() {
		return (this.client & 0x01) != 0;
	}

	/**
	 * {@return whether the client gave a certificate that the balancer verified}
	 */
	public boolean verifiedCertificate() {
		return (this.client & 0x06) != 0 && this.verify == 0;
	}

}
