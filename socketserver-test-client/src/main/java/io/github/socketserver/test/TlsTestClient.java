package io.github.socketserver.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A JDK TLS client over TCP or a Unix socket, with the read timeout of
 * {@link SocketTestClient#DEFAULT_TIMEOUT} so that a test fails instead of hanging.
 *
 * @since 0.1.0
 */
public final class TlsTestClient implements AutoCloseable {

	private final Socket plain;

	private final SSLSocket socket;

	private final BufferedReader reader;

	private TlsTestClient(Socket plain, SSLSocket socket) throws IOException {
		this.plain = plain;
		this.socket = socket;
		this.reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Connects to a TCP server on 127.0.0.1 and completes the handshake.
	 * @param context the client's context
	 * @param port the server's port
	 * @param serverName the host name to ask for (SNI), or {@code null} to send none
	 * @param protocols the protocols to offer, or none for the context's
	 * @return the connected client
	 * @throws IOException if the connection or the handshake fails
	 */
	public static TlsTestClient tcp(SSLContext context, int port, @Nullable String serverName, String... protocols)
			throws IOException {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis());
		return over(context, plain, serverName, protocols);
	}

	/**
	 * Connects to a Unix stream server and completes the handshake.
	 * @param context the client's context
	 * @param path the server's socket file
	 * @return the connected client
	 * @throws IOException if the connection or the handshake fails
	 */
	public static TlsTestClient unix(SSLContext context, Path path) throws IOException {
		return over(context, AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path)), null);
	}

	private static TlsTestClient over(SSLContext context, Socket plain, @Nullable String serverName,
			String... protocols) throws IOException {
		plain.setSoTimeout(timeoutMillis());
		String host = (serverName != null) ? serverName : "localhost";
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, 0, false);
		try {
			SSLParameters parameters = socket.getSSLParameters();
			if (protocols.length > 0) {
				parameters.setProtocols(protocols);
			}
			parameters.setServerNames((serverName != null) ? List.of(new SNIHostName(serverName)) : List.of());
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			return new TlsTestClient(plain, socket);
		}
		catch (IOException | RuntimeException ex) {
			plain.close();
			throw ex;
		}
	}

	/**
	 * The session the handshake settled.
	 * @return the session
	 */
	public SSLSession session() {
		return this.socket.getSession();
	}

	/**
	 * The TLS socket, for what the other methods do not cover.
	 * @return the socket
	 */
	public SSLSocket socket() {
		return this.socket;
	}

	/**
	 * Sends a line and a newline, in UTF-8.
	 * @param line the line
	 * @throws IOException if sending fails
	 */
	public void sendLine(String line) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/**
	 * Reads a line.
	 * @return the line without its end, or {@code null} at the end of the stream
	 * @throws IOException if reading fails or times out
	 */
	public @Nullable String readLine() throws IOException {
		return this.reader.readLine();
	}

	/**
	 * Sends {@code close_notify} and ends the output; the input stays open.
	 * @throws IOException if sending fails
	 */
	public void shutdownOutput() throws IOException {
		this.socket.shutdownOutput();
	}

	@Override
	public void close() throws IOException {
		try {
			this.socket.close();
		}
		finally {
			this.plain.close();
		}
	}

	private static int timeoutMillis() {
		return (int) SocketTestClient.DEFAULT_TIMEOUT.toMillis();
	}

}
