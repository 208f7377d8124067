package io.github.socketserver.message;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MessageStreamHandler} called as a plain stream handler, on a connection made in
 * memory: it reads frame after frame on the request's thread.
 */
class MessageStreamHandlerTests {

	private static final SocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);

	private final List<String> events = new CopyOnWriteArrayList<>();

	@Test
	void opensHandlesEachFrameInOrderAndClosesAndFramesEveryReply() throws Exception {
		MessageHandler handler = new Recording() {

			@Override
			public void handleMessage(Message message) {
				super.handleMessage(message);
				int seen = (int) message.connection().attributes().merge("seen", 1, (a, b) -> (int) a + (int) b);
				message.reply(seen + " " + message.text());
			}

		};
		MemoryTransport transport = new MemoryTransport("PING\r\nECHO hi\n\nlast\n", 3);
		new MessageStreamHandler(handler).handle(request(transport, new LineCodec(64, LineCodec.Separator.CRLF)));
		assertThat(this.events).containsExactly("opened " + CLIENT, "PING", "ECHO hi", "", "last", "closed false");
		assertThat(transport.written()).isEqualTo("1 PING\r\n2 ECHO hi\r\n3 \r\n4 last\r\n");
	}

	@Test
	void sendsAPushFromAnotherThreadFramedBetweenReplies() throws Exception {
		MessageHandler handler = (message) -> {
			message.reply("reply " + message.text());
			Thread pusher = new Thread(() -> message.connection().send("push " + message.text()));
			pusher.start();
			pusher.join();
		};
		MemoryTransport transport = new MemoryTransport("a\nb\n", 64);
		new MessageStreamHandler(handler).handle(request(transport, new LineCodec(64)));
		assertThat(transport.written()).isEqualTo("reply a\npush a\nreply b\npush b\n");
	}

	@Test
	void stopsReadingOnceTheHandlerClosesTheConnection() throws Exception {
		MessageHandler handler = new Recording() {

			@Override
			public void handleMessage(Message message) {
				super.handleMessage(message);
				message.reply("bye");
				message.connection().close();
			}

		};
		MemoryTransport transport = new MemoryTransport("QUIT\nnever\n", 64);
		new MessageStreamHandler(handler).handle(request(transport, new LineCodec(64)));
		assertThat(this.events).containsExactly("opened " + CLIENT, "QUIT", "closed false");
		assertThat(transport.written()).isEqualTo("bye\n");
	}

	@Test
	void endsWithTheFrameErrorAndStillReportsTheClose() {
		MemoryTransport transport = new MemoryTransport("ok\n" + "x".repeat(20), 1);
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> new MessageStreamHandler(new Recording()).handle(request(transport, new LineCodec(8))));
		assertThat(this.events).containsExactly("opened " + CLIENT, "ok", "closed false");
	}

	@Test
	void decodesTextInTheServersCharset() throws Exception {
		MessageHandler handler = (message) -> {
			this.events.add(message.text());
			message.reply("é");
		};
		MemoryTransport transport = new MemoryTransport(new byte[] { 'c', 'a', 'f', (byte) 0xe9, '\n' }, 64);
		new MessageStreamHandler(handler)
			.handle(request(transport, new LineCodec(64), StandardCharsets.ISO_8859_1, "latin", 1024));
		assertThat(this.events).containsExactly("café");
		assertThat(transport.bytes()).containsExactly((byte) 0xe9, '\n');
	}

	@Test
	void readsLinesOfAtMostTheMaxLineLengthWithoutACodec() throws Exception {
		MessageHandler echo = (message) -> message.reply(message.text());
		MemoryTransport transport = new MemoryTransport("PING\r\n12345678\r\n", 64);
		new MessageStreamHandler(echo).handle(request(transport, null, StandardCharsets.UTF_8, "lines", 8));
		assertThat(transport.written()).isEqualTo("PING\n12345678\n");
		MemoryTransport tooLong = new MemoryTransport("123456789\r\n", 64);
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> new MessageStreamHandler(echo)
			.handle(request(tooLong, null, StandardCharsets.UTF_8, "lines", 8)));
	}

	private static StreamRequest request(MemoryTransport transport, @Nullable FrameCodec codec) {
		return request(transport, codec, StandardCharsets.UTF_8, "messages", 1024);
	}

	private static StreamRequest request(MemoryTransport transport, @Nullable FrameCodec codec, Charset charset,
			String name, int maxLineLength) {
		RequestServer server = new RequestServer() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public SocketAddress serverAddress() {
				return new InetSocketAddress("127.0.0.1", 9000);
			}

			@Override
			public void shutdown() {
			}

			@Override
			public @Nullable FrameCodec codec() {
				return codec;
			}

			@Override
			public Charset charset() {
				return charset;
			}

		};
		return new StreamRequest(Connection.inMemory(CLIENT, transport), server, maxLineLength);
	}

	/**
	 * Records the callbacks.
	 */
	private class Recording implements MessageHandler {

		@Override
		public void connectionOpened(MessageConnection connection) {
			MessageStreamHandlerTests.this.events.add("opened " + connection.clientAddress());
		}

		@Override
		public void handleMessage(Message message) {
			MessageStreamHandlerTests.this.events.add(message.text());
		}

		@Override
		public void connectionClosed(MessageConnection connection) {
			MessageStreamHandlerTests.this.events.add("closed " + connection.isOpen());
		}

	}

	/**
	 * A client's bytes in memory, read a few at a time, then the end of the stream;
	 * writes are kept.
	 */
	private static final class MemoryTransport implements Transport {

		private final ByteBuffer input;

		private final int chunk;

		private final ByteArrayOutputStream output = new ByteArrayOutputStream();

		MemoryTransport(String input, int chunk) {
			this(input.getBytes(StandardCharsets.UTF_8), chunk);
		}

		MemoryTransport(byte[] input, int chunk) {
			this.input = ByteBuffer.wrap(input);
			this.chunk = chunk;
		}

		@Override
		public synchronized int read(ByteBuffer target, long timeoutNanos) {
			if (!this.input.hasRemaining()) {
				return -1;
			}
			int count = Math.min(this.chunk, Math.min(target.remaining(), this.input.remaining()));
			target.put(this.input.slice(this.input.position(), count));
			this.input.position(this.input.position() + count);
			return count;
		}

		@Override
		public synchronized void write(ByteBuffer source) {
			while (source.hasRemaining()) {
				this.output.write(source.get());
			}
		}

		synchronized byte[] bytes() {
			return this.output.toByteArray();
		}

		String written() {
			return new String(bytes(), StandardCharsets.UTF_8);
		}

	}

}
