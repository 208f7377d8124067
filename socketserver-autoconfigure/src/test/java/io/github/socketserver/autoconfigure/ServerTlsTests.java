package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.TestCertificates;
import io.github.socketserver.test.TlsTestClient;
import io.github.socketserver.testsupport.TestServers;
import io.github.socketserver.tls.TlsHandshakeListener;
import io.github.socketserver.tls.TlsSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ServerTls}: TLS from Spring Boot's SSL bundles, with real handshakes.
 */
class ServerTlsTests {

	private static final String SERVER = "socketserver.servers.echo.";

	@TempDir
	static Path directory;

	static TestCertificates certificates;

	static Path serverStore;

	static Path otherStore;

	static Path aliceStore;

	static Path bobStore;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SocketServerAutoConfiguration.class))
		.withUserConfiguration(SubjectConfiguration.class)
		.withPropertyValues(SERVER + "host=127.0.0.1", SERVER + "port=0", SERVER + "threading=thread",
				SERVER + "ssl.bundle=server");

	@BeforeAll
	static void makeCertificates() {
		certificates = TestCertificates.create(directory);
		serverStore = certificates.signed("server", "localhost", false);
		otherStore = certificates.signed("other", "other.test", false);
		aliceStore = certificates.signed("alice", "alice", false);
		bobStore = certificates.signed("bob", "bob", false);
	}

	@Test
	void servesTlsFromABundleAndTheVerifierSeesTheClientsCertificate() {
		this.runner.withPropertyValues(bundle("server", serverStore))
			.withPropertyValues(SERVER + "ssl.client-auth=need")
			.run((context) -> {
				int port = TestServers.address(context, "echo").getPort();
				try (TlsTestClient alice = TlsTestClient.tcp(client(aliceStore), port, null)) {
					alice.sendLine("hello");
					assertThat(alice.readLine()).isEqualTo("CN=alice: hello");
				}
				// Trusted, but not allowed by the verifier.
				assertThatException().isThrownBy(() -> {
					try (TlsTestClient bob = TlsTestClient.tcp(client(bobStore), port, null)) {
						bob.sendLine("hello");
						assertThat(bob.readLine()).isNull();
						throw new SocketException("closed without an answer");
					}
				}).isInstanceOfAny(SSLException.class, SocketException.class);
			});
	}

	@Test
	void appliesTheProtocolsTheBundleNames() {
		this.runner.withPropertyValues(bundle("server", serverStore))
			.withPropertyValues("spring.ssl.bundle.jks.server.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				int port = TestServers.address(context, "echo").getPort();
				try (TlsTestClient client = TlsTestClient.tcp(client(null), port, null)) {
					assertThat(client.session().getProtocol()).isEqualTo("TLSv1.2");
				}
			});
	}

	@Test
	void picksTheBundleByTheServerNameTheClientAsksFor() {
		this.runner.withPropertyValues(bundle("server", serverStore))
			.withPropertyValues(bundle("other", otherStore))
			.withPropertyValues(SERVER + "ssl.server-name-bundles[other.test]=other")
			.run((context) -> {
				int port = TestServers.address(context, "echo").getPort();
				assertThat(serverSubject(port, "other.test")).isEqualTo("CN=other.test");
				assertThat(serverSubject(port, "localhost")).isEqualTo("CN=localhost");
				assertThat(serverSubject(port, null)).isEqualTo("CN=localhost");
			});
	}

	@Test
	void newConnectionsSeeAReloadedCertificateWhileEstablishedOnesGoOn(@TempDir Path watched) throws IOException {
		Path store = watched.resolve("server.p12");
		Files.copy(serverStore, store);
		this.runner.withPropertyValues(bundle("server", store))
			.withPropertyValues("spring.ssl.bundle.jks.server.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms")
			.run((context) -> {
				int port = TestServers.address(context, "echo").getPort();
				try (TlsTestClient established = TlsTestClient.tcp(client(null), port, null)) {
					established.sendLine("before");
					assertThat(established.readLine()).isEqualTo("null: before");
					Files.copy(otherStore, store, StandardCopyOption.REPLACE_EXISTING);
					await().atMost(Duration.ofSeconds(30))
						.until(() -> "CN=other.test".equals(serverSubject(port, null)));
					established.sendLine("after");
					assertThat(established.readLine()).isEqualTo("null: after");
				}
			});
	}

	@Test
	void refusesABundleThatDoesNotExist() {
		this.runner.withPropertyValues(bundle("server", serverStore))
			.withPropertyValues(SERVER + "ssl.bundle=nope")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(SERVER + "ssl.bundle")
				.hasMessageContaining("spring.ssl.bundle.pem.nope"));
	}

	@Test
	void refusesTlsOnADatagramServer() {
		this.runner.withPropertyValues(bundle("server", serverStore))
			.withPropertyValues(SERVER + "type=datagram")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(SERVER + "ssl.bundle")
				.hasMessageContaining("stream servers only"));
	}

	@Test
	void refusesClientAuthWithoutABundle() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(SubjectConfiguration.class)
			.withPropertyValues(SERVER + "port=0", SERVER + "ssl.client-auth=need")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(SERVER + "ssl.client-auth")
				.hasMessageContaining("set 'ssl.bundle'"));
	}

	@Test
	void refusesClientAuthWithABundleWithoutATrustStore() {
		String prefix = "spring.ssl.bundle.jks.keyonly.";
		this.runner
			.withPropertyValues(prefix + "keystore.location=file:" + serverStore, prefix + "keystore.type=PKCS12",
					prefix + "keystore.password=" + TestCertificates.PASSWORD)
			.withPropertyValues(SERVER + "ssl.bundle=keyonly", SERVER + "ssl.client-auth=want")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(SERVER + "ssl.client-auth")
				.hasMessageContaining("add a truststore to the bundle"));
	}

	@Test
	void followsEachBundleOnceHoweverOftenServersAreBuilt() throws Exception {
		KeyStore keyStore = KeyStore.getInstance(serverStore.toFile(), TestCertificates.PASSWORD.toCharArray());
		KeyStore trustStore = KeyStore.getInstance(certificates.truststore().toFile(),
				TestCertificates.PASSWORD.toCharArray());
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry("server",
				SslBundle.of(SslStoreBundle.of(keyStore, TestCertificates.PASSWORD, trustStore)));
		AtomicInteger handlers = new AtomicInteger();
		SslBundles counting = new SslBundles() {
			@Override
			public SslBundle getBundle(String name) {
				return registry.getBundle(name);
			}

			@Override
			public void addBundleUpdateHandler(String name, Consumer<SslBundle> handler) {
				handlers.incrementAndGet();
				registry.addBundleUpdateHandler(name, handler);
			}

			@Override
			public void addBundleRegisterHandler(BiConsumer<String, SslBundle> handler) {
				registry.addBundleRegisterHandler(handler);
			}

			@Override
			public List<String> getBundleNames() {
				return registry.getBundleNames();
			}
		};
		ServerTls tls = new ServerTls(counting, (name) -> TlsHandshakeListener.NONE);
		ServerSslProperties ssl = new ServerSslProperties();
		ssl.setBundle("server");
		for (int build = 0; build < 3; build++) {
			assertThat(tls.layer("echo", ssl)).isNotNull();
		}
		assertThat(handlers).hasValue(1);
	}

	private static String[] bundle(String name, Path keyStore) {
		String prefix = "spring.ssl.bundle.jks." + name + ".";
		return new String[] { prefix + "keystore.location=file:" + keyStore, prefix + "keystore.type=PKCS12",
				prefix + "keystore.password=" + TestCertificates.PASSWORD,
				prefix + "truststore.location=file:" + certificates.truststore(), prefix + "truststore.type=PKCS12",
				prefix + "truststore.password=" + TestCertificates.PASSWORD };
	}

	private static SSLContext client(Path keyStore) {
		return TestCertificates.context(keyStore, certificates.truststore());
	}

	private static String serverSubject(int port, String serverName) throws IOException {
		try (TlsTestClient client = TlsTestClient.tcp(client(null), port, serverName)) {
			return ((X509Certificate) client.session().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SubjectConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler subjectEcho() {
			return (request) -> {
				TlsSession session = TlsSession.of(request);
				for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
					request.wfile().write(session.peerPrincipal() + ": " + line + "\n");
					request.wfile().flush();
				}
			};
		}

		@Bean
		RequestVerifier noBob() {
			return (request) -> {
				TlsSession session = TlsSession.of(request);
				return session == null || session.peerPrincipal() == null
						|| !session.peerPrincipal().getName().equals("CN=bob");
			};
		}

	}

}
