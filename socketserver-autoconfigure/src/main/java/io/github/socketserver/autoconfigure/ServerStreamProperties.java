package io.github.socketserver.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Bounds on the reads and writes of a stream handler, under
 * {@code socketserver.servers.<name>.stream}. Stream servers only; the read bounds not
 * for fork servers, whose command reads the connection itself.
 *
 * @since 0.1.0
 */
public class ServerStreamProperties {

	/**
	 * How long a read of a stream handler may wait for data before it fails with a
	 * SocketTimeoutException. When unset, reads wait without bound.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * How long one read call of a stream handler (a line, a readNBytes, a read) may take
	 * in total, across the socket reads it needs. Unlike 'stream.read-timeout', which a
	 * client trickling one byte at a time defeats, it cuts slow or silent clients; one
	 * streaming data is not cut. When unset, no bound.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * Longest line that a stream handler's 'rfile().readLine()' accepts, at most 1GB; a
	 * longer one fails the request.
	 */
	private DataSize maxLineLength = DataSize.ofKilobytes(8);

	/**
	 * How long a write to a connection may make no progress (the client takes no bytes)
	 * before it fails the request and the connection is closed, so that a client that
	 * stops reading frees its thread and its places. It bounds every write, also a fork
	 * child's output to its client. 0 for no bound, which no public port should use.
	 */
	private Duration writeTimeout = Duration.ofSeconds(30);

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerStreamProperties() {
	}

	/**
	 * {@return how long a read of a stream handler may wait for data, {@code null}
	 * without bound}
	 */
	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	/**
	 * Sets how long a read of a stream handler may wait for data, {@code null} without
	 * bound.
	 * @param readTimeout the timeout
	 */
	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	/**
	 * {@return how long one read call of a stream handler may take in total, {@code null}
	 * without bound}
	 */
	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Sets how long one read call of a stream handler may take in total, {@code null}
	 * without bound.
	 * @param idleTimeout the timeout
	 */
	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	/**
	 * {@return how long a write may make no progress, 0 for no bound}
	 */
	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	/**
	 * Sets how long a write may make no progress, 0 for no bound.
	 * @param writeTimeout the timeout
	 */
	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	/**
	 * {@return the longest line {@code rfile().readLine()} accepts}
	 */
	public DataSize getMaxLineLength() {
		return this.maxLineLength;
	}

	/**
	 * Sets the longest line {@code rfile().readLine()} accepts.
	 * @param maxLineLength the length
	 */
	public void setMaxLineLength(DataSize maxLineLength) {
		this.maxLineLength = maxLineLength;
	}

}
