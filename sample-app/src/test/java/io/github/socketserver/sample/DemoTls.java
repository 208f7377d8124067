package io.github.socketserver.sample;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * TLS clients of the sample's TLS servers, from its demo certificates.
 */
final class DemoTls {

	private DemoTls() {
	}

	/**
	 * A client that trusts the demo CA, with the demo client certificate or without.
	 */
	static SSLContext client(boolean withCertificate) {
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate("classpath:demo-tls/ca.crt");
		PemSslStoreDetails key = withCertificate ? PemSslStoreDetails.forCertificate("classpath:demo-tls/client.crt")
			.withPrivateKey("classpath:demo-tls/client.key") : null;
		return SslBundle.of(new PemSslStoreBundle(key, trust)).createSslContext();
	}

}
