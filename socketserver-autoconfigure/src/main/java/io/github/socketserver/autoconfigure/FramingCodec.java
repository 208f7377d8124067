package io.github.socketserver.autoconfigure;

/**
 * How a server cuts its stream, or each of its datagrams, into frames: the value of
 * {@code socketserver.servers.<name>.framing.codec}.
 *
 * @since 0.2.0
 */
public enum FramingCodec {

	/**
	 * No codec: a stream handler reads the connection itself, a message handler reads
	 * lines (LF or CRLF) of at most 'max-frame-length', and a datagram is one frame.
	 */
	NONE,

	/**
	 * Lines ending in LF or CRLF; 'line.separator' ends what is sent.
	 */
	LINE,

	/**
	 * A length header before each frame, as 'length-field.*' describes it.
	 */
	LENGTH_FIELD,

	/**
	 * Frames ended by 'delimiter.end', and started by 'delimiter.start' when set (STX and
	 * ETX, for example).
	 */
	DELIMITER,

	/**
	 * Frames of 'fixed.length' bytes each.
	 */
	FIXED,

	/**
	 * The FrameCodec bean named by 'codec-bean', for a protocol of the application's own.
	 */
	BEAN

}
