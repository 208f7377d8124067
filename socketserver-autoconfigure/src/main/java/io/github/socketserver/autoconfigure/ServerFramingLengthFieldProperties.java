package io.github.socketserver.autoconfigure;

/**
 * The length-field codec, under {@code socketserver.servers.<name>.framing.length-field}:
 * a header whose field gives the length of what follows, as Netty's
 * {@code LengthFieldBasedFrameDecoder} reads it.
 *
 * @since 0.2.0
 */
public class ServerFramingLengthFieldProperties {

	/**
	 * Bytes of the header before the length field, for the length-field codec.
	 */
	private int offset;

	/**
	 * Size of the length field in bytes, for the length-field codec: 1, 2, 4 or 8.
	 */
	private int length = 4;

	/**
	 * Byte order of the length field, for the length-field codec: big-endian (network
	 * order) or little-endian.
	 */
	private FrameByteOrder byteOrder = FrameByteOrder.BIG_ENDIAN;

	/**
	 * Added to the length field's value to get the length of what follows the field, for
	 * the length-field codec: -4 when a 4-byte field counts itself, for example.
	 */
	private int adjustment;

	/**
	 * Whether the handler gets the frame without its header, for the length-field codec.
	 * What the handler sends gets a header either way.
	 */
	private boolean stripHeader = true;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerFramingLengthFieldProperties() {
	}

	/**
	 * {@return the bytes of the header before the length field}
	 */
	public int getOffset() {
		return this.offset;
	}

	/**
	 * Sets the bytes of the header before the length field.
	 * @param offset the number of bytes
	 */
	public void setOffset(int offset) {
		this.offset = offset;
	}

	/**
	 * {@return the size of the length field in bytes}
	 */
	public int getLength() {
		return this.length;
	}

	/**
	 * Sets the size of the length field in bytes.
	 * @param length 1, 2, 4 or 8
	 */
	public void setLength(int length) {
		this.length = length;
	}

	/**
	 * {@return the byte order of the length field}
	 */
	public FrameByteOrder getByteOrder() {
		return this.byteOrder;
	}

	/**
	 * Sets the byte order of the length field.
	 * @param byteOrder big-endian or little-endian
	 */
	public void setByteOrder(FrameByteOrder byteOrder) {
		this.byteOrder = byteOrder;
	}

	/**
	 * {@return what is added to the length field's value}
	 */
	public int getAdjustment() {
		return this.adjustment;
	}

	/**
	 * Sets what is added to the length field's value.
	 * @param adjustment the number of bytes, negative when the field counts the header
	 */
	public void setAdjustment(int adjustment) {
		this.adjustment = adjustment;
	}

	/**
	 * {@return whether the handler gets the frame without its header}
	 */
	public boolean isStripHeader() {
		return this.stripHeader;
	}

	/**
	 * Sets whether the handler gets the frame without its header.
	 * @param stripHeader whether to strip it
	 */
	public void setStripHeader(boolean stripHeader) {
		this.stripHeader = stripHeader;
	}

}
