package io.github.socketserver.options;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.connection.ConnectionLayer;
import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.listener.ContainedListener;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a server: Python's class attributes ({@code allow_reuse_address},
 * {@code request_queue_size}, {@code max_packet_size}, {@code timeout}...) as one
 * immutable value, grouped by concern and made by a {@link Builder}.
 * <p>
 * Immutable and thread-safe: a server keeps the options it was built with for its whole
 * life. The defaults are Python's where Python has one.
 *
 * @since 0.1.0
 */
public final class ServerOptions {

	private final String name;

	private final Threading threading;

	private final @Nullable Duration timeout;

	private final Duration shutdownTimeout;

	private final SocketOptions socket;

	private final StreamOptions stream;

	private final DatagramOptions datagram;

	private final LimitOptions limits;

	private final SocketFileOptions socketFile;

	private final RequestVerifier verifier;

	private final @Nullable ErrorHandler errorHandler;

	private final SocketServerListener listener;

	private final List<ConnectionLayer> layers;

	private final @Nullable FrameCodec codec;

	private final Charset charset;

	private final int messageLoops;

	private ServerOptions(Builder builder) {
		this.name = builder.name;
		this.threading = builder.threading;
		this.timeout = builder.timeout;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.socket = new SocketOptions(builder.allowReuseAddress, builder.allowReusePort, builder.requestQueueSize,
				builder.receiveBufferSize, builder.sendBufferSize, builder.tcpNoDelay);
		this.stream = new StreamOptions(builder.readTimeout, builder.idleTimeout, builder.maxLineLength,
				builder.writeTimeout);
		this.datagram = new DatagramOptions(builder.maxPacketSize, builder.oversize, builder.datagramReceivers);
		this.limits = new LimitOptions(builder.maxRequests, builder.maxRequestsPerClient, builder.ipv6ClientPrefix);
		this.socketFile = new SocketFileOptions(builder.socketFilePermissions, builder.socketFileGroup);
		this.verifier = builder.verifier;
		this.errorHandler = builder.errorHandler;
		this.listener = ContainedListener.of(builder.name, builder.listeners);
		this.layers = List.copyOf(builder.layers);
		this.codec = builder.codec;
		this.charset = builder.charset;
		this.messageLoops = builder.messageLoops;
	}

	/**
	 * {@return a new builder, with Python's defaults}
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * {@return Python's defaults: a server named "socketserver", in {@code sync} mode}
	 */
	public static ServerOptions defaults() {
		return builder().build();
	}

	/**
	 * {@return the server's name, used in thread names and log lines}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * {@return how requests run}
	 */
	public Threading threading() {
		return this.threading;
	}

	/**
	 * How long {@code handleRequest()} waits for a request before it calls
	 * {@code handleTimeout}, Python's {@code timeout}.
	 * @return the timeout, {@code null} to wait without bound
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * How long {@code close()} waits for requests in flight when the threading mode
	 * blocks on close; requests still running then are cut.
	 * @return the grace period
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * {@return how the socket is opened and bound}
	 */
	public SocketOptions socket() {
		return this.socket;
	}

	/**
	 * {@return how a stream handler reads its connection}
	 */
	public StreamOptions stream() {
		return this.stream;
	}

	/**
	 * {@return how a datagram server receives}
	 */
	public DatagramOptions datagram() {
		return this.datagram;
	}

	/**
	 * {@return the caps on the requests in flight}
	 */
	public LimitOptions limits() {
		return this.limits;
	}

	/**
	 * {@return the attributes of a Unix server's socket file}
	 */
	public SocketFileOptions socketFile() {
		return this.socketFile;
	}

	/**
	 * What {@code verifyRequest} asks, so that access control needs no subclass.
	 * @return the verifier
	 */
	public RequestVerifier verifier() {
		return this.verifier;
	}

	/**
	 * What {@code handleError} calls instead of logging.
	 * @return the error handler, {@code null} to log the error
	 */
	public @Nullable ErrorHandler errorHandler() {
		return this.errorHandler;
	}

	/**
	 * Who hears what the server does: metrics, tracing, events.
	 * @return the listener, all of the builder's in order
	 */
	public SocketServerListener listener() {
		return this.listener;
	}

	/**
	 * The layers of the connection path of a stream server, in order: each one may wrap
	 * reading and writing, or read a header and replace the client address, before the
	 * address checks and the handler.
	 * @return the layers, empty for none
	 */
	public List<ConnectionLayer> layers() {
		return this.layers;
	}

	/**
	 * The codec that cuts the server's stream, or each of its datagrams, into frames:
	 * what a message handler is given one at a time, and what {@code rfile().readFrame()}
	 * reads.
	 * @return the codec, or {@code null} for none
	 */
	public @Nullable FrameCodec codec() {
		return this.codec;
	}

	/**
	 * The charset of text frames: what {@code Message.text()} decodes and
	 * {@code send(CharSequence)} encodes.
	 * @return the charset, UTF-8 by default
	 */
	public Charset charset() {
		return this.charset;
	}

	/**
	 * How many selector loops read the connections of a message handler's stream server
	 * (and, in {@code sync} mode, run its handler): each connection stays on one loop.
	 * @return the number of loops, or 0 for one per available processor
	 * @since 0.2.0
	 */
	public int messageLoops() {
		return this.messageLoops;
	}

	/** Makes {@link ServerOptions}, from Python's defaults. Not thread-safe. */
	public static final class Builder extends GroupedSettings {

		private String name = "socketserver";

		private Threading threading = Threading.sync();

		private @Nullable Duration timeout;

		private Duration shutdownTimeout = Duration.ofSeconds(30);

		private RequestVerifier verifier = (request) -> true;

		private @Nullable ErrorHandler errorHandler;

		private final List<SocketServerListener> listeners = new ArrayList<>();

		private final List<ConnectionLayer> layers = new ArrayList<>();

		private @Nullable FrameCodec codec;

		private Charset charset = StandardCharsets.UTF_8;

		private int messageLoops;

		private Builder() {
		}

		/**
		 * Builds the options; the builder may go on to build others.
		 * @return the options
		 * @throws IllegalArgumentException if a value is out of range, naming it
		 */
		public ServerOptions build() {
			return new ServerOptions(this);
		}

		/**
		 * {@return the name of the server being configured, for customizers}
		 */
		public String name() {
			return this.name;
		}

		/**
		 * Names the server, for thread names and log lines.
		 * @param name the server's name; "socketserver" by default
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Objects.requireNonNull(name, "name");
			return this;
		}

		/**
		 * Sets how requests run.
		 * @param threading the threading mode; {@link Threading#sync()} by default
		 * @return this builder
		 */
		public Builder threading(Threading threading) {
			this.threading = Objects.requireNonNull(threading, "threading");
			return this;
		}

		/**
		 * Sets how long {@code handleRequest()} waits for a request before it calls
		 * {@code handleTimeout}.
		 * @param timeout Python's {@code timeout}; none by default
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Sets the grace period of {@code close()} for requests in flight.
		 * @param shutdownTimeout how long {@code close()} waits when the mode blocks on
		 * close; 30 seconds by default
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
			return this;
		}

		/**
		 * Sets what {@code verifyRequest} asks, so that access control needs no subclass.
		 * @param verifier what {@code verifyRequest} asks; by default every request is
		 * served
		 * @return this builder
		 */
		public Builder verifier(RequestVerifier verifier) {
			this.verifier = Objects.requireNonNull(verifier, "verifier");
			return this;
		}

		/**
		 * Sets what {@code handleError} calls instead of logging.
		 * @param errorHandler what {@code handleError} calls instead of logging; none by
		 * default
		 * @return this builder
		 */
		public Builder errorHandler(@Nullable ErrorHandler errorHandler) {
			this.errorHandler = errorHandler;
			return this;
		}

		/**
		 * Replaces the listeners with one.
		 * @param listener who hears what the server does
		 * @return this builder
		 */
		public Builder listener(SocketServerListener listener) {
			this.listeners.clear();
			return addListener(listener);
		}

		/**
		 * Adds a listener after the ones already added.
		 * @param listener the listener to add
		 * @return this builder
		 */
		public Builder addListener(SocketServerListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Adds a layer at the end of the connection path, nearest the handler; stream
		 * servers only (a datagram has no stream to layer).
		 * @param layer the layer
		 * @return this builder
		 */
		public Builder addLayer(ConnectionLayer layer) {
			this.layers.add(Objects.requireNonNull(layer, "layer"));
			return this;
		}

		/**
		 * Sets the codec that cuts the stream, or each datagram, into frames.
		 * @param codec the codec; none by default, and a message handler then reads lines
		 * @return this builder
		 */
		public Builder codec(@Nullable FrameCodec codec) {
			this.codec = codec;
			return this;
		}

		/**
		 * Sets the charset of text frames.
		 * @param charset the charset; UTF-8 by default
		 * @return this builder
		 */
		public Builder charset(Charset charset) {
			this.charset = Objects.requireNonNull(charset, "charset");
			return this;
		}

		/**
		 * Sets how many selector loops read a message handler's connections. A
		 * {@code sync} handler runs on them, so a handler that may block wants more than
		 * the processors.
		 * @param loops the number of loops; 0 (the default) for one per available
		 * processor
		 * @return this builder
		 * @throws IllegalArgumentException if negative
		 * @since 0.2.0
		 */
		public Builder messageLoops(int loops) {
			Check.atLeast(loops, 0, "messageLoops");
			this.messageLoops = loops;
			return this;
		}

	}

}
