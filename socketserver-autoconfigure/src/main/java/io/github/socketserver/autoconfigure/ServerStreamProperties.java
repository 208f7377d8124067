package io.github.socketserver.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Bounds on the reads of a stream handler, under
 * {@code socketserver.servers.<name>.stream}. Stream servers only, and not fork servers,
 * whose command reads the connection itself.
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
