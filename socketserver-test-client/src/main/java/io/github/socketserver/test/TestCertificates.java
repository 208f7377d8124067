package io.github.socketserver.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * Certificates made for a test in a directory of its own, by the JDK's {@code keytool}: a
 * test CA, and key stores (PKCS#12) signed by it or by nobody, valid from now or already
 * expired. Nothing is read from files that could expire.
 *
 * @since 0.1.0
 */
public final class TestCertificates {

	/**
	 * The password of every store made here.
	 */
	public static final String PASSWORD = "changeit";

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * Makes a test CA in a directory.
	 * @param directory where the stores go, such as a {@code @TempDir}
	 * @return the certificates
	 */
	public static TestCertificates create(Path directory) {
		TestCertificates certificates = new TestCertificates(directory);
		certificates.keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Test CA", "-ext", "bc:c", "-keystore",
				"ca.p12", "-validity", "3650");
		certificates.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
		certificates.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore",
				"truststore.p12");
		return certificates;
	}

	/**
	 * A key store whose certificate the test CA signed.
	 * @param name the store's name, its alias
	 * @param commonName the subject's CN, also its DNS name
	 * @param expired whether the certificate expired yesterday
	 * @return the key store's path
	 */
	public Path signed(String name, String commonName, boolean expired) {
		keypair(name, commonName);
		keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
		List<String> sign = new ArrayList<>(
				List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile",
						name + ".pem", "-ext", "san=dns:" + commonName + ",ip:127.0.0.1"));
		sign.addAll(expired ? List.of("-startdate", "-3d", "-validity", "1") : List.of("-validity", "3650"));
		keytool(sign.toArray(String[]::new));
		try {
			KeyStore store = load(path(name + ".p12"));
			PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
			store.setKeyEntry(name, key, PASSWORD.toCharArray(),
					new Certificate[] { certificate(name + ".pem"), certificate("ca.pem") });
			try (OutputStream out = Files.newOutputStream(path(name + ".p12"))) {
				store.store(out, PASSWORD.toCharArray());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return path(name + ".p12");
	}

	/**
	 * A key store whose certificate signs itself: trusted by nobody.
	 * @param name the store's name, its alias
	 * @param commonName the subject's CN
	 * @return the key store's path
	 */
	public Path selfSigned(String name, String commonName) {
		keypair(name, commonName);
		return path(name + ".p12");
	}

	/**
	 * The trust store holding the test CA.
	 * @return its path
	 */
	public Path truststore() {
		return path("truststore.p12");
	}

	/**
	 * The test CA's certificate, in PEM.
	 * @return its path
	 */
	public Path caCertificate() {
		return path("ca.pem");
	}

	/**
	 * A TLS context from the stores made here.
	 * @param keyStore the key store, or {@code null} for none
	 * @param trustStore the trust store, or {@code null} for the JDK's
	 * @return the context
	 */
	public static SSLContext context(@Nullable Path keyStore, @Nullable Path trustStore) {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init((keyStore != null) ? load(keyStore) : null, PASSWORD.toCharArray());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init((trustStore != null) ? load(trustStore) : null);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void keypair(String name, String commonName) {
		keytool("-genkeypair", "-alias", name, "-dname", "CN=" + commonName, "-keystore", name + ".p12", "-validity",
				"3650");
	}

	private Path path(String file) {
		return this.directory.resolve(file);
	}

	private Certificate certificate(String file) throws IOException, GeneralSecurityException {
		try (InputStream in = Files.newInputStream(path(file))) {
			return CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private void keytool(String... arguments) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
		if ("-genkeypair".equals(arguments[0])) {
			command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-keypass", PASSWORD));
		}
		try {
			Process process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
