package io.github.socketserver.connection;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Connection}: an accepted one carries its socket, one made in memory
 * only a transport, and a stream request runs over either.
 */
class ConnectionTests {

	private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40123);

	@Test
	void anAcceptedConnectionCarriesItsSocket() throws Exception {
		try (SocketChannel channel = SocketChannel.open()) {
			Connection connection = Connection.accepted(channel, CLIENT, TrafficListener.NONE);
			assertThat(connection.hasChannel()).isTrue();
			assertThat(connection.channel()).isSameAs(channel);
			assertThat(connection.withClientAddress(new InetSocketAddress("10.0.0.1", 1)).channel()).isSameAs(channel);
		}
	}

	@Test
	void refusesAnAcceptedConnectionWithoutASocket() {
		assertThatNullPointerException().isThrownBy(() -> Connection.accepted(null, CLIENT, TrafficListener.NONE));
	}

	@Test
	void aConnectionMadeInMemoryHasNoSocketAndKeepsHavingNoneThroughItsLayers() {
		Connection connection = Connection.inMemory(CLIENT, new Lines("")).withClientAddress(CLIENT);
		assertThat(connection.hasChannel()).isFalse();
		assertThatIllegalStateException().isThrownBy(connection::channel).withMessageContaining("in memory");
	}

	@Test
	void aStreamRequestReadsWritesAndClosesOverAConnectionMadeInMemory() throws Exception {
		Lines transport = new Lines("hello\n");
		StreamRequest request = new StreamRequest(Connection.inMemory(CLIENT, transport), new Server(), 8192);
		request.open(List.of((connection) -> connection.withClientAddress(new InetSocketAddress("10.1.2.3", 5))));
		request.setReadTimeout(Duration.ofSeconds(1));
		request.wfile().write(request.rfile().readLine() + " from " + request.clientAddress());
		assertThat(request.rfile().readLine()).isNull();
		request.wfile().close();
		assertThat(request.close()).isTrue();
		assertThat(transport.written.toString(StandardCharsets.UTF_8)).isEqualTo("hello from /10.1.2.3:5");
		assertThat(request.peerAddress()).isEqualTo(CLIENT);
		assertThatIllegalStateException().isThrownBy(request::socket);
	}

	/**
	 * Gives its text, then the end of the stream; keeps what is written.
	 */
	private static final class Lines implements Transport {

		private final ByteBuffer input;

		final ByteArrayOutputStream written = new ByteArrayOutputStream();

		Lines(String input) {
			this.input = StandardCharsets.UTF_8.encode(input);
		}

		@Override
		public int read(ByteBuffer target, long timeoutNanos) {
			if (!this.input.hasRemaining()) {
				return -1;
			}
			int count = Math.min(target.remaining(), this.input.remaining());
			target.put(this.input.slice(this.input.position(), count));
			this.input.position(this.input.position() + count);
			return count;
		}

		@Override
		public void write(ByteBuffer source) {
			while (source.hasRemaining()) {
				this.written.write(source.get());
			}
		}

	}

	private static final class Server implements RequestServer {

		@Override
		public String name() {
			return "memory";
		}

		@Override
		public SocketAddress serverAddress() {
			return new InetSocketAddress("127.0.0.1", 9000);
		}

		@Override
		public void shutdown() {
		}

	}

}
