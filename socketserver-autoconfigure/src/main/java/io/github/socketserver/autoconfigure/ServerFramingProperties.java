package io.github.socketserver.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * How a server cuts its stream, or each datagram, into frames, under
 * {@code socketserver.servers.<name>.framing}: a message handler gets one frame at a
 * time, a stream handler reads them with {@code rfile().readFrame()}, and what either
 * sends is framed by the same codec.
 *
 * @since 0.2.0
 */
public class ServerFramingProperties {

	/**
	 * Codec that cuts the stream, or each datagram, into frames: none, line,
	 * length-field, delimiter, fixed, or bean (the FrameCodec bean 'codec-bean' names).
	 * With none, a message handler on a stream server reads lines of at most
	 * 'max-frame-length'.
	 */
	private FramingCodec codec = FramingCodec.NONE;

	/**
	 * Longest frame, its delimiter or header included, at most 1GB; a longer one, or
	 * bytes that end no frame within it, close the connection (counted as a refusal of
	 * reason 'frame'). Not for the bean codec, which bounds its frames itself.
	 */
	private DataSize maxFrameLength = DataSize.ofKilobytes(64);

	/**
	 * Charset of text frames: what Message.text() decodes and what sending a CharSequence
	 * encodes.
	 */
	private Charset charset = StandardCharsets.UTF_8;

	/**
	 * Name of the FrameCodec bean that frames the server's messages, for the bean codec;
	 * required there.
	 */
	private @Nullable String codecBean;

	/**
	 * Selector loops that read the connections of a message handler's stream server, 0
	 * for one per available processor. A handler in the sync mode runs on them: give a
	 * sync handler that may block more loops than processors, or another threading mode.
	 */
	private int loops = 0;

	@NestedConfigurationProperty
	private final ServerFramingLineProperties line = new ServerFramingLineProperties();

	@NestedConfigurationProperty
	private final ServerFramingLengthFieldProperties lengthField = new ServerFramingLengthFieldProperties();

	@NestedConfigurationProperty
	private final ServerFramingDelimiterProperties delimiter = new ServerFramingDelimiterProperties();

	@NestedConfigurationProperty
	private final ServerFramingFixedProperties fixed = new ServerFramingFixedProperties();

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerFramingProperties() {
	}

	/**
	 * {@return the codec that cuts the stream into frames}
	 */
	public FramingCodec getCodec() {
		return this.codec;
	}

	/**
	 * Sets the codec that cuts the stream into frames.
	 * @param codec the codec
	 */
	public void setCodec(FramingCodec codec) {
		this.codec = codec;
	}

	/**
	 * {@return the longest frame}
	 */
	public DataSize getMaxFrameLength() {
		return this.maxFrameLength;
	}

	/**
	 * Sets the longest frame.
	 * @param maxFrameLength the size
	 */
	public void setMaxFrameLength(DataSize maxFrameLength) {
		this.maxFrameLength = maxFrameLength;
	}

	/**
	 * {@return the charset of text frames}
	 */
	public Charset getCharset() {
		return this.charset;
	}

	/**
	 * Sets the charset of text frames.
	 * @param charset the charset
	 */
	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	/**
	 * {@return the name of the FrameCodec bean, {@code null} when unset}
	 */
	public @Nullable String getCodecBean() {
		return this.codecBean;
	}

	/**
	 * Sets the name of the FrameCodec bean.
	 * @param codecBean the bean's name
	 */
	public void setCodecBean(@Nullable String codecBean) {
		this.codecBean = codecBean;
	}

	/**
	 * {@return the number of loops of a message handler's stream server, 0 for one per
	 * processor}
	 */
	public int getLoops() {
		return this.loops;
	}

	/**
	 * Sets the number of loops of a message handler's stream server.
	 * @param loops the number, 0 for one per processor
	 */
	public void setLoops(int loops) {
		this.loops = loops;
	}

	/**
	 * {@return the settings of the line codec}
	 */
	public ServerFramingLineProperties getLine() {
		return this.line;
	}

	/**
	 * {@return the settings of the length-field codec}
	 */
	public ServerFramingLengthFieldProperties getLengthField() {
		return this.lengthField;
	}

	/**
	 * {@return the settings of the delimiter codec}
	 */
	public ServerFramingDelimiterProperties getDelimiter() {
		return this.delimiter;
	}

	/**
	 * {@return the settings of the fixed-length codec}
	 */
	public ServerFramingFixedProperties getFixed() {
		return this.fixed;
	}

}
