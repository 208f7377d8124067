package io.github.socketserver.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.connection.Transport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientHello}: the server name a client sends is used only as a host
 * name.
 */
class ClientHelloTests {

	@Test
	void takesAHostNameInLowerCaseWithoutItsTrailingDot() throws IOException {
		assertThat(serverNameOf("Echo.Example.COM.")).isEqualTo("echo.example.com");
		assertThat(serverNameOf("localhost")).isEqualTo("localhost");
	}

	@Test
	void treatsATextThatIsNoHostNameAsAbsent() throws IOException {
		assertThat(serverNameOf("evil\r\n\u001b[31mname")).isNull();
		assertThat(serverNameOf("a".repeat(254))).isNull();
		assertThat(serverNameOf("-leading.example")).isNull();
		assertThat(serverNameOf("double..dot")).isNull();
		assertThat(serverNameOf("b".repeat(64) + ".example")).isNull();
	}

	private static String serverNameOf(String name) throws IOException {
		byte[] hello = hello(name.getBytes(StandardCharsets.ISO_8859_1));
		ByteBuffer wire = ByteBuffer.wrap(hello);
		Transport transport = new Transport() {
			@Override
			public int read(ByteBuffer target, long timeoutNanos) {
				if (!wire.hasRemaining()) {
					return -1;
				}
				int count = Math.min(wire.remaining(), target.remaining());
				target.put(wire.slice(wire.position(), count));
				wire.position(wire.position() + count);
				return count;
			}

			@Override
			public void write(ByteBuffer source) {
				throw new UnsupportedOperationException();
			}
		};
		return ClientHello.read(transport, System.nanoTime() + 10_000_000_000L).serverName();
	}

	/**
	 * A record holding a ClientHello with one extension, the server name.
	 */
	private static byte[] hello(byte[] name) {
		ByteBuffer extension = ByteBuffer.allocate(9 + name.length);
		extension.putShort((short) 0).putShort((short) (5 + name.length)).putShort((short) (3 + name.length));
		extension.put((byte) 0).putShort((short) name.length).put(name);
		ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 4 + 2 + 2 + extension.capacity());
		body.putShort((short) 0x0303).put(new byte[32]).put((byte) 0);
		body.putShort((short) 2).putShort((short) 0x1301);
		body.put((byte) 1).put((byte) 0);
		body.putShort((short) extension.capacity()).put(extension.array());
		ByteBuffer record = ByteBuffer.allocate(5 + 4 + body.capacity());
		record.put((byte) 0x16).putShort((short) 0x0301).putShort((short) (4 + body.capacity()));
		record.putInt((1 << 24) | body.capacity()).put(body.array());
		return record.array();
	}

}
