import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

/**
 * The benchmark's event-loop baseline: Netty 4.2 with its native epoll transport, written as a
 * Netty user would write these servers. It answers what the sample app and {@code BareServer}
 * answer: Redis {@code PING}, inline ({@code PING\r\n}) or as a RESP array
 * ({@code *1\r\n$4\r\nPING\r\n}), with {@code +PONG}, and any other command with an error, over
 * TCP and a Unix socket; and a UDP echo.
 * <p>
 * One group of one event loop per core serves every channel, the listening ones too (so the
 * server has as many event loop threads as cores); the handler runs on the loop: read, answer
 * each complete command with a write, flush once per read.
 * <p>
 * The UDP echo binds one {@code SO_REUSEPORT} channel per event loop, so that the kernel spreads
 * the clients over every core: with the epoll transport, the way a Netty user scales a datagram
 * server beyond one loop, and the baseline of the same design as datagram servers with a
 * receiver per core. A second UDP port, when given, has the single channel of a first Netty
 * datagram server (one loop receives every datagram), for reference.
 * <p>
 * Run with the Netty jars on the class path (bench.py fetches them, see pom.xml here):
 * {@code java -cp lib/*:. NettyServer TCP_PORT UNIX_PATH UDP_PORT [UDP_SINGLE_PORT]}.
 */
public final class NettyServer {

	private static final ByteBuf PONG = Unpooled
		.unreleasableBuffer(Unpooled.directBuffer(7).writeBytes("+PONG\r\n".getBytes(StandardCharsets.US_ASCII)));

	private static final ByteBuf UNKNOWN = Unpooled
		.unreleasableBuffer(Unpooled.directBuffer(22).writeBytes("-ERR unknown command\r\n".getBytes(StandardCharsets.US_ASCII)));

	/** A command line or RESP header longer than this closes the connection. */
	private static final int MAX_LINE = 64 * 1024;

	public static void main(String[] args) throws Exception {
		Epoll.ensureAvailability();
		int cores = Runtime.getRuntime().availableProcessors();
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(cores, EpollIoHandler.newFactory());
		ChannelInitializer<Channel> ping = new ChannelInitializer<>() {
			@Override
			protected void initChannel(Channel channel) {
				channel.pipeline().addLast(new PingDecoder());
			}
		};
		new ServerBootstrap().group(loops)
			.channel(EpollServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(ping)
			.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])))
			.sync();
		new File(args[1]).delete();
		new ServerBootstrap().group(loops)
			.channel(EpollServerDomainSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childHandler(ping)
			.bind(new DomainSocketAddress(args[1]))
			.sync();
		InetSocketAddress udp = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2]));
		Bootstrap datagrams = new Bootstrap().group(loops)
			.channel(EpollDatagramChannel.class)
			.option(EpollChannelOption.SO_REUSEPORT, true)
			.handler(new DatagramEcho());
		for (int i = 0; i < cores; i++) {
			datagrams.bind(udp).sync(); // the group hands each channel the next loop
		}
		if (args.length > 3) {
			new Bootstrap().group(loops)
				.channel(EpollDatagramChannel.class)
				.handler(new DatagramEcho())
				.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[3])))
				.sync();
		}
		System.out.println("netty " + cores + " event loops");
		Thread.currentThread().join();
	}

	/**
	 * Answers every complete command in what was read, leaving a partial one in the decoder's
	 * buffer; one flush per read. One instance per connection (the decoder holds its buffer).
	 */
	static final class PingDecoder extends ByteToMessageDecoder {

		@Override
		protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
			while (in.isReadable()) {
				int start = in.readerIndex();
				int end = in.getByte(start) == '*' ? arrayEnd(in, start) : lineEnd(in, start);
				if (end == -2) {
					ctx.close();
					in.skipBytes(in.readableBytes());
					return;
				}
				if (end < 0) {
					return; // wait for the rest
				}
				ctx.write(isPing(in, start, end) ? PONG.duplicate() : UNKNOWN.duplicate());
				in.readerIndex(end);
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
			ctx.flush();
			super.channelReadComplete(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

		/** The index after the line's LF, -1 if incomplete, -2 if too long. */
		private static int lineEnd(ByteBuf in, int from) {
			int lf = in.forEachByte(from, in.writerIndex() - from, ByteProcessor.FIND_LF);
			if (lf < 0) {
				return in.writerIndex() - from > MAX_LINE ? -2 : -1;
			}
			return lf + 1;
		}

		/** The index after a whole RESP array of bulk strings, -1 if incomplete, -2 if malformed. */
		private static int arrayEnd(ByteBuf in, int start) {
			int at = lineEnd(in, start);
			if (at < 0) {
				return at;
			}
			long count = number(in, start + 1, at);
			if (count < 0 || count > 1024) {
				return -2;
			}
			for (long i = 0; i < count; i++) {
				if (at >= in.writerIndex()) {
					return -1;
				}
				int header = at;
				at = lineEnd(in, header);
				if (at < 0) {
					return at;
				}
				long length = in.getByte(header) == '$' ? number(in, header + 1, at) : -1;
				if (length < 0 || length > MAX_LINE) {
					return -2;
				}
				at += (int) length + 2;
				if (at > in.writerIndex()) {
					return -1;
				}
			}
			return at;
		}

		/** The decimal number between {@code from} and the CRLF (or LF) before {@code lineEnd}. */
		private static long number(ByteBuf in, int from, int lineEnd) {
			int end = (lineEnd - 2 >= from && in.getByte(lineEnd - 2) == '\r') ? lineEnd - 2 : lineEnd - 1;
			if (end <= from || end - from > 9) {
				return -1;
			}
			long value = 0;
			for (int i = from; i < end; i++) {
				int digit = in.getByte(i) - '0';
				if (digit < 0 || digit > 9) {
					return -1;
				}
				value = value * 10 + digit;
			}
			return value;
		}

		/** Whether the command from {@code start} to {@code end} is PING, inline or in an array. */
		private static boolean isPing(ByteBuf in, int start, int end) {
			int word = start;
			if (in.getByte(start) == '*') {
				int header = lineEnd(in, start); // the count's line: then "$4\r\n"
				if (number(in, start + 1, header) < 1) {
					return false;
				}
				word = lineEnd(in, header);
				if (number(in, header + 1, word) != 4) {
					return false;
				}
			}
			else {
				int last = end - 1; // the LF
				if (last > start && in.getByte(last - 1) == '\r') {
					last--;
				}
				if (last - start != 4) {
					return false;
				}
			}
			return (in.getByte(word) | 0x20) == 'p' && (in.getByte(word + 1) | 0x20) == 'i'
					&& (in.getByte(word + 2) | 0x20) == 'n' && (in.getByte(word + 3) | 0x20) == 'g';
		}

	}

	/** Sends each datagram back to its sender; one flush per read. Shared by every channel. */
	@Sharable
	static final class DatagramEcho extends SimpleChannelInboundHandler<DatagramPacket> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
			ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

}
