package io.github.socketserver.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.socketserver.tls.ClientAuth;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.info.SslInfo;
import org.springframework.boot.info.SslInfo.BundleInfo;
import org.springframework.boot.info.SslInfo.CertificateChainInfo;
import org.springframework.boot.info.SslInfo.CertificateInfo;
import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS of each server that has it, for health details and the {@code socketservers}
 * endpoint: its bundles, client authentication, and each certificate's subject and
 * expiry. Certificates are read from the bundles at each call, so a reloaded bundle shows
 * its new certificate.
 *
 * @since 0.1.0
 */
public final class SocketServersTls {

	private final Map<String, Settings> servers;

	private final @Nullable SslInfo sslInfo;

	/**
	 * Creates the view.
	 * @param servers the TLS settings of each TLS server, by name
	 * @param bundles the application's SSL bundles, {@code null} if it has none
	 */
	public SocketServersTls(Map<String, Settings> servers, @Nullable SslBundles bundles) {
		this.servers = Map.copyOf(servers);
		this.sslInfo = (bundles != null) ? new SslInfo(bundles) : null;
	}

	/**
	 * Describes a server's TLS.
	 * @param serverName the server's name
	 * @return {@code bundles}, {@code clientAuth} and {@code certificates}, or
	 * {@code null} if the server has no TLS
	 */
	public @Nullable Map<String, Object> describe(String serverName) {
		Settings settings = this.servers.get(serverName);
		if (settings == null) {
			return null;
		}
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("bundles", settings.bundles());
		description.put("clientAuth", settings.clientAuth().name().toLowerCase(Locale.ROOT));
		List<Map<String, Object>> certificates = new ArrayList<>();
		if (this.sslInfo != null) {
			for (String bundle : settings.bundles()) {
				certificates.addAll(certificates(this.sslInfo.getBundle(bundle)));
			}
		}
		description.put("certificates", certificates);
		return description;
	}

	private static List<Map<String, Object>> certificates(BundleInfo bundle) {
		List<Map<String, Object>> certificates = new ArrayList<>();
		for (CertificateChainInfo chain : bundle.getCertificateChains()) {
			for (CertificateInfo certificate : chain.getCertificates()) {
				Map<String, Object> description = new LinkedHashMap<>();
				description.put("bundle", bundle.getName());
				description.put("alias", chain.getAlias());
				description.put("subject", certificate.getSubject());
				description.put("validityEnds", String.valueOf(certificate.getValidityEnds()));
				description.put("validity",
						String.valueOf(certificate.getValidity().getStatus()).toLowerCase(Locale.ROOT));
				certificates.add(description);
			}
		}
		return certificates;
	}

	/**
	 * The TLS settings of one server.
	 *
	 * @param bundles the bundles it uses, its own first
	 * @param clientAuth whether clients must show a certificate
	 */
	public record Settings(List<String> bundles, ClientAuth clientAuth) {
	}

}
