package io.github.socketserver.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real TLS handshake after a PROXY header: the bytes the layer hands on are what a
 * plain {@link SSLEngine} needs, as a TLS layer after it in the connection path will.
 */
@Timeout(60)
class ProxyProtocolTlsTests {

	@TempDir
	Path directory;

	@Test
	void aJdkTlsHandshakeAfterAVersionTwoHeaderSucceeds() throws Exception {
		SSLContext context = selfSignedContext();
		StreamRequestHandler tls = (request) -> {
			SSLEngine engine = context.createSSLEngine();
			engine.setUseClientMode(false);
			TlsOverTransport connection = new TlsOverTransport(engine, request.transport());
			String line = connection.readLine();
			connection
				.write(request.clientAddress() + " over " + engine.getSession().getProtocol() + " said " + line + "\n");
		};
		ServerOptions options = ServerOptions.builder()
			.threading(Threading.thread())
			.addLayer(new ProxyProtocolLayer(ProxyProtocolMode.REQUIRED, ProxyProtocolLayer.EVERY_PEER,
					Duration.ofSeconds(10)))
			.build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), tls, options);
				Serving serving = Serving.start(server);
				Socket plain = new Socket()) {
			plain.connect(server.serverAddress(), 10_000);
			plain.setSoTimeout(10_000);
			plain.getOutputStream().write(ProxyHeaders.v2("192.0.2.8", 4433, "10.0.0.1", 443).bytes());
			try (SSLSocket secure = (SSLSocket) context.getSocketFactory()
				.createSocket(plain, "localhost", ((InetSocketAddress) server.serverAddress()).getPort(), true)) {
				secure.startHandshake();
				OutputStream out = secure.getOutputStream();
				out.write("hello over tls\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = secure.getInputStream();
				String reply = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
				assertThat(reply).isEqualTo("/192.0.2.8:4433 over TLSv1.3 said hello over tls");
			}
		}
	}

	/**
	 * A key pair and certificate made with the JDK's keytool, trusted by the same
	 * context.
	 */
	private SSLContext selfSignedContext() throws Exception {
		Path keystore = this.directory.resolve("server.p12");
		char[] password = "changeit".toCharArray();
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname", "CN=localhost",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
			store.load(in, password);
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, password);
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLSv1.3");
		context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
		return context;
	}

	/**
	 * The server side of TLS over a {@link Transport}, blocking, as small as a test
	 * needs.
	 */
	private static final class TlsOverTransport {

		private final SSLEngine engine;

		private final Transport transport;

		private final ByteBuffer netIn;

		private final ByteBuffer appIn;

		TlsOverTransport(SSLEngine engine, Transport transport) throws IOException {
			this.engine = engine;
			this.transport = transport;
			this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
			this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
			engine.beginHandshake();
			handshake();
		}

		private void handshake() throws IOException {
			while (true) {
				switch (this.engine.getHandshakeStatus()) {
					case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap();
					case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
					case NEED_TASK -> {
						Runnable task;
						while ((task = this.engine.getDelegatedTask()) != null) {
							task.run();
						}
					}
					default -> {
						return;
					}
				}
			}
		}

		private void unwrap() throws IOException {
			this.netIn.flip();
			SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
			this.netIn.compact();
			if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
				if (this.transport.read(this.netIn, TimeUnit.SECONDS.toNanos(10)) < 0) {
					throw new IOException("closed in the handshake");
				}
			}
		}

		private void wrap(ByteBuffer source) throws IOException {
			ByteBuffer out = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
			this.engine.wrap(source, out);
			out.flip();
			this.transport.write(out);
		}

		String readLine() throws IOException {
			while (true) {
				String text = new String(this.appIn.array(), 0, this.appIn.position(), StandardCharsets.US_ASCII);
				int end = text.indexOf('\n');
				if (end >= 0) {
					return text.substring(0, end);
				}
				unwrap();
				handshake();
			}
		}

		void write(String text) throws IOException {
			wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
		}

	}

}
