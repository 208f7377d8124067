package io.github.socketserver.options;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a stream handler reads its connection.
 *
 * @param readTimeout how long a read may wait for data unless the handler says otherwise,
 * Python's handler {@code timeout}; {@code null} to wait without bound
 * @param idleTimeout how long one read call on {@code rfile()} (a line, a
 * {@code readNBytes}, a {@code read}) may take in total, across the socket reads it
 * needs: the read timeout bounds each wait for bytes, which a client sending one byte at
 * a time defeats, this bounds the call; {@code null} for none
 * @param maxLineLength the longest line {@code rfile().readLine()} accepts, in bytes;
 * 8192 by default, at most {@link #MAX_LINE_LENGTH}
 * @param writeTimeout how long a write to the connection may make no progress (the client
 * takes no bytes) before it fails and the connection is closed, so that a client that
 * stops reading cannot hold a thread and its places; {@code null} for no bound; 30
 * seconds by default
 * @since 0.1.0
 */
public record StreamOptions(@Nullable Duration readTimeout, @Nullable Duration idleTimeout, int maxLineLength,
		@Nullable Duration writeTimeout) {

	/**
	 * The write timeout unless one is set: a client on a slow link still makes progress
	 * within it, and one that stops reading frees its thread within half a minute.
	 */
	public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * No read timeouts, lines of 8 KiB, writes bounded by {@link #DEFAULT_WRITE_TIMEOUT}.
	 */
	public static final StreamOptions DEFAULTS = new StreamOptions(null, null, 8192, DEFAULT_WRITE_TIMEOUT);

	/**
	 * The settings with the default write timeout.
	 * @param readTimeout how long a read may wait for data; {@code null} to wait without
	 * bound
	 * @param idleTimeout how long one read call may take in total; {@code null} for none
	 * @param maxLineLength the longest line accepted, in bytes
	 */
	public StreamOptions(@Nullable Duration readTimeout, @Nullable Duration idleTimeout, int maxLineLength) {
		this(readTimeout, idleTimeout, maxLineLength, DEFAULT_WRITE_TIMEOUT);
	}

	/**
	 * The longest line bound accepted, 1 GiB: a line is read into one array, which also
	 * holds its line end, and its growth must not overflow an {@code int}.
	 */
	public static final int MAX_LINE_LENGTH = 1 << 30;

	/**
	 * Checks the settings, so a mistake shows when the options are built.
	 * @param readTimeout how long a read may wait for data; {@code null} to wait without
	 * bound
	 * @param idleTimeout how long one read call may take in total; {@code null} for none
	 * @param maxLineLength the longest line accepted, in bytes
	 * @param writeTimeout how long a write may make no progress; {@code null} for no
	 * bound
	 * @throws IllegalArgumentException if a timeout is not positive or the length is
	 * below 1 or above {@link #MAX_LINE_LENGTH}
	 */
	public StreamOptions {
		Check.positive(readTimeout, "readTimeout");
		Check.positive(writeTimeout, "writeTimeout");
		Check.positive(idleTimeout, "idleTimeout");
		Check.atLeast(maxLineLength, 1, "maxLineLength");
		Check.atMost(maxLineLength, MAX_LINE_LENGTH, "maxLineLength");
	}

}
