package io.github.socketserver.codec;

/**
 * A frame is longer than its codec's maximum, announces that it will be, or no frame
 * ended within that many bytes.
 *
 * @since 0.2.0
 */
public class FrameTooLongException extends FrameException {

	private static final long serialVersionUID = 1L;

	/**
	 * The codec's bound, in bytes.
	 */
	private final int maxFrameLength;

	/**
	 * Creates the exception.
	 * @param message what was too long
	 * @param maxFrameLength the codec's bound, in bytes
	 */
	public FrameTooLongException(String message, int maxFrameLength) {
		super(message);
		this.maxFrameLength = maxFrameLength;
	}

	/**
	 * {@return the codec's bound, in bytes}
	 */
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

}
