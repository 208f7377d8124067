package io.github.socketserver.handler;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.Transport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SocketReader#readFrame()} tells the codec what it offered before, so that a
 * frame arriving a byte at a time is searched once, not once per byte.
 */
class ReadFrameResumeTests {

	private final List<Integer> scannedArguments = new CopyOnWriteArrayList<>();

	@Test
	void offersEachNewByteOnceAndStartsOverAfterAFrame() throws Exception {
		StreamRequest request = request("abcd\nef\n", recording(new LineCodec(64)));
		assertThat(request.rfile().readFrame()).asString(StandardCharsets.UTF_8).isEqualTo("abcd");
		assertThat(this.scannedArguments).containsExactly(0, 1, 2, 3, 4);
		this.scannedArguments.clear();
		assertThat(request.rfile().readFrame()).asString(StandardCharsets.UTF_8).isEqualTo("ef");
		assertThat(this.scannedArguments).containsExactly(0, 1, 2);
		assertThat(request.rfile().readFrame()).isNull();
	}

	private FrameCodec recording(FrameCodec codec) {
		return new FrameCodec() {

			@Override
			public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
				return decode(buffer, 0);
			}

			@Override
			public byte @Nullable [] decode(ByteBuffer buffer, int scanned) throws FrameException {
				ReadFrameResumeTests.this.scannedArguments.add(scanned);
				return codec.decode(buffer, scanned);
			}

			@Override
			public ByteBuffer encode(ByteBuffer payload) {
				return codec.encode(payload);
			}

			@Override
			public int maxFrameLength() {
				return codec.maxFrameLength();
			}

		};
	}

	/**
	 * A connection made in memory whose client sends one byte per read.
	 */
	private static StreamRequest request(String input, FrameCodec codec) {
		ByteBuffer bytes = ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8));
		Transport oneByteAtATime = new Transport() {

			@Override
			public int read(ByteBuffer target, long timeoutNanos) {
				if (!bytes.hasRemaining()) {
					return -1;
				}
				target.put(bytes.get());
				return 1;
			}

			@Override
			public void write(ByteBuffer source) {
				source.position(source.limit());
			}

		};
		RequestServer server = new RequestServer() {

			@Override
			public String name() {
				return "resume";
			}

			@Override
			public SocketAddress serverAddress() {
				return new InetSocketAddress("127.0.0.1", 9000);
			}

			@Override
			public void shutdown() {
			}

			@Override
			public FrameCodec codec() {
				return codec;
			}

		};
		return new StreamRequest(Connection.inMemory(new InetSocketAddress("192.0.2.1", 4000), oneByteAtATime), server,
				1024);
	}

}
