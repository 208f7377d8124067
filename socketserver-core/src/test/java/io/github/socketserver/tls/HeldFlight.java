package io.github.socketserver.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A relay between one client and a server that passes the client's first TLS record (its
 * {@code ClientHello}) at once, and holds what follows until the client ends its side,
 * then writes it to the server in one write, without ending the server's side: the
 * server's handshake then reads the client's {@code Finished} together with whatever the
 * client sent behind it.
 */
final class HeldFlight implements AutoCloseable {

	private final ServerSocket listener;

	private final SocketAddress server;

	private final ExecutorService relays = Executors.newCachedThreadPool();

	private Socket accepted;

	private Socket upstream;

	HeldFlight(SocketAddress server) throws IOException {
		this.server = server;
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress("127.0.0.1", 0));
		this.relays.execute(this::relay);
	}

	SocketAddress address() {
		return this.listener.getLocalSocketAddress();
	}

	private void relay() {
		try {
			this.accepted = this.listener.accept();
			this.upstream = new Socket();
			this.upstream.connect(this.server);
			this.relays.execute(() -> copy(this.upstream, this.accepted));
			DataInputStream in = new DataInputStream(this.accepted.getInputStream());
			OutputStream out = this.upstream.getOutputStream();
			byte[] header = new byte[5];
			in.readFully(header);
			byte[] record = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
			in.readFully(record);
			out.write(header);
			out.write(record);
			ByteArrayOutputStream held = new ByteArrayOutputStream();
			in.transferTo(held);
			out.write(held.toByteArray());
			out.flush();
		}
		catch (IOException ex) {
			// The test sees it as a connection that ends.
		}
	}

	private static void copy(Socket from, Socket to) {
		try (InputStream in = from.getInputStream()) {
			in.transferTo(to.getOutputStream());
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// The test sees it as a connection that ends.
		}
	}

	@Override
	public void close() throws IOException {
		this.relays.shutdownNow();
		this.listener.close();
		if (this.accepted != null) {
			this.accepted.close();
		}
		if (this.upstream != null) {
			this.upstream.close();
		}
	}

}
