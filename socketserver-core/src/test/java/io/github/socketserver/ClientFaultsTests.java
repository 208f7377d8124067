package io.github.socketserver;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which failures are the client's, logged as one rate-limited line rather than as an
 * error with its stack trace.
 */
class ClientFaultsTests {

	@Test
	void bytesThatMakeNoFrameAreTheClientsFault() {
		assertThat(ClientFaults.isClientFault(new FrameTooLongException("too long", 16))).isTrue();
		assertThat(ClientFaults.isClientFault(new FrameException("garbage"))).isTrue();
	}

	@Test
	void aStreamEndedInsideAFrameIsTheClientsFault() {
		assertThat(ClientFaults.isClientFault(new EOFException("The stream ended inside a frame"))).isTrue();
	}

	@Test
	void aWriteToAClientThatResetItsConnectionIsTheClientsFault() throws IOException {
		// What a socket channel throws then: a plain IOException ("Connection reset by
		// peer", "Broken pipe"), not a SocketException as a socket's stream does.
		try (ServerSocketChannel listening = ServerSocketChannel.open()) {
			listening.bind(new InetSocketAddress("127.0.0.1", 0));
			try (SocketChannel client = SocketChannel.open(listening.getLocalAddress());
					SocketChannel accepted = listening.accept()) {
				client.setOption(StandardSocketOptions.SO_LINGER, 0);
				client.close();
				AtomicReference<IOException> failure = new AtomicReference<>();
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					try {
						accepted.write(ByteBuffer.wrap(new byte[] { 'x' }));
					}
					catch (IOException ex) {
						failure.set(ex);
					}
					return failure.get() != null;
				});
				assertThat(ClientFaults.isClientFault(failure.get())).as(failure.get().toString()).isTrue();
				// A message handler's send wraps it, and the handler lets it go.
				assertThat(ClientFaults.isClientFault(new UncheckedIOException("Sending failed", failure.get())))
					.isTrue();
			}
		}
	}

	@Test
	void aHandlersOwnFailureIsNot() {
		assertThat(ClientFaults.isClientFault(new IllegalStateException("a bug"))).isFalse();
		assertThat(ClientFaults.isClientFault(new UncheckedIOException(new IOException("Disk full")))).isFalse();
	}

}
