package io.github.socketserver.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.socketserver.SocketType;
import io.github.socketserver.codec.DelimiterCodec;
import io.github.socketserver.codec.FixedLengthCodec;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LengthFieldCodec;
import io.github.socketserver.codec.LineCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Makes the codec of a server from its validated framing settings, or finds the
 * {@link FrameCodec} bean they name.
 */
final class FrameCodecs {

	private final @Nullable ListableBeanFactory beans;

	/**
	 * Creates the codec maker.
	 * @param beans where codec beans are looked up, {@code null} for nowhere
	 */
	FrameCodecs(@Nullable ListableBeanFactory beans) {
		this.beans = beans;
	}

	/**
	 * The codec of a server.
	 * @param name the server's name
	 * @param framing its framing settings, validated
	 * @param type its socket type
	 * @param messageHandler whether a message handler serves it
	 * @return the codec, or {@code null} for none: a stream handler reads the connection
	 * itself and a datagram is one frame
	 */
	@Nullable FrameCodec codec(String name, ServerFramingProperties framing, SocketType type, boolean messageHandler) {
		if (framing.getCodec() == FramingCodec.NONE) {
			refuseUnused(name, framing, type, messageHandler);
		}
		int max = bytes(framing.getMaxFrameLength());
		return switch (framing.getCodec()) {
			// A message handler needs frames: lines, as Python's rfile.readline() reads.
			case NONE -> (messageHandler && type == SocketType.STREAM) ? new LineCodec(max) : null;
			case LINE -> new LineCodec(max, framing.getLine().getSeparator());
			case LENGTH_FIELD -> lengthField(max, framing.getLengthField());
			case DELIMITER -> delimiter(max, framing.getDelimiter());
			case FIXED -> new FixedLengthCodec(bytes(framing.getFixed().getLength()));
			case BEAN -> bean(name, framing.getCodecBean());
		};
	}

	/**
	 * Refuses what a server without a codec does not use: the longest frame bounds only
	 * the lines of a message handler on a stream server, and the charset only the text of
	 * a message handler.
	 */
	private static void refuseUnused(String name, ServerFramingProperties framing, SocketType type,
			boolean messageHandler) {
		ServerFramingProperties defaults = new ServerFramingProperties();
		String key = "socketserver.servers." + name + ".framing.";
		if (!(messageHandler && type == SocketType.STREAM)
				&& !framing.getMaxFrameLength().equals(defaults.getMaxFrameLength())) {
			throw new InvalidConfigurationPropertyValueException(key + "max-frame-length", framing.getMaxFrameLength(),
					"It bounds the frames of a codec, and this server has none" + (messageHandler
							? " (each datagram is one frame, bounded by 'datagram.max-packet-size')" : "")
							+ ": set 'framing.codec', or remove it");
		}
		if (!messageHandler && !framing.getCharset().equals(defaults.getCharset())) {
			throw new InvalidConfigurationPropertyValueException(key + "charset", framing.getCharset(),
					"It is the charset of a message handler's text, and this server has a request handler with no "
							+ "codec: set 'framing.codec', or remove it");
		}
	}

	/**
	 * Refuses a longest line on a message handler's stream server: the handler is given
	 * frames, lines too when no codec is set, bounded by 'framing.max-frame-length', and
	 * the line length would be ignored.
	 * @param name the server's name
	 * @param stream its stream settings
	 */
	static void refuseLineLength(String name, ServerStreamProperties stream) {
		DataSize maxLineLength = stream.getMaxLineLength();
		if (!maxLineLength.equals(new ServerStreamProperties().getMaxLineLength())) {
			throw new InvalidConfigurationPropertyValueException(
					"socketserver.servers." + name + ".stream.max-line-length", maxLineLength,
					"A message handler is given frames, lines too without a codec, bounded by "
							+ "'framing.max-frame-length': set 'framing.max-frame-length' instead, or remove it");
		}
	}

	/**
	 * Refuses loops on a server that has none: only a message handler's stream server
	 * reads its connections in loops.
	 * @param name the server's name
	 * @param framing its framing settings
	 */
	static void refuseLoops(String name, ServerFramingProperties framing) {
		if (framing.getLoops() != 0) {
			throw new InvalidConfigurationPropertyValueException("socketserver.servers." + name + ".framing.loops",
					framing.getLoops(), "Only a message handler's stream server reads its connections in loops, "
							+ "and this server is served otherwise: remove it");
		}
	}

	private static FrameCodec lengthField(int max, ServerFramingLengthFieldProperties field) {
		return new LengthFieldCodec(max, field.getOffset(), field.getLength(), field.getByteOrder().order(),
				field.getAdjustment(), field.isStripHeader());
	}

	private static FrameCodec delimiter(int max, ServerFramingDelimiterProperties delimiter) {
		byte[] end = delimiter.getEnd().getBytes(StandardCharsets.ISO_8859_1);
		String start = delimiter.getStart();
		return (start == null || start.isEmpty()) ? new DelimiterCodec(max, end)
				: new DelimiterCodec(max, start.getBytes(StandardCharsets.ISO_8859_1), end);
	}

	private FrameCodec bean(String name, @Nullable String beanName) {
		String key = "socketserver.servers." + name + ".framing.codec-bean";
		if (this.beans == null || beanName == null || !this.beans.containsBean(beanName)) {
			throw new InvalidConfigurationPropertyValueException(key, beanName,
					"No bean of that name: declare a FrameCodec bean named '" + beanName + "', or name one of "
							+ codecBeans());
		}
		if (!this.beans.isTypeMatch(beanName, FrameCodec.class)) {
			throw new InvalidConfigurationPropertyValueException(key, beanName,
					"The bean is not a FrameCodec (its type is " + this.beans.getType(beanName)
							+ "): implement io.github.socketserver.codec.FrameCodec, or name one of " + codecBeans());
		}
		return this.beans.getBean(beanName, FrameCodec.class);
	}

	private String codecBeans() {
		String[] names = (this.beans != null) ? this.beans.getBeanNamesForType(FrameCodec.class) : new String[0];
		return (names.length == 0) ? "the FrameCodec beans (there is none)"
				: "the FrameCodec beans " + Arrays.toString(names);
	}

	/**
	 * A size in bytes; the validator has refused sizes over 1 GiB.
	 */
	private static int bytes(DataSize size) {
		return Math.toIntExact(size.toBytes());
	}

}
