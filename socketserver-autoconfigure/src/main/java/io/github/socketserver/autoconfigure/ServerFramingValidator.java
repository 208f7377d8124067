package io.github.socketserver.autoconfigure;

import java.util.Objects;
import java.util.function.Function;

import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Refuses framing settings that make no sense, naming the full key under
 * {@code socketserver.servers.<name>.framing} and what to do. As in
 * {@link ServerPropertiesValidator}, a key that does not apply is refused only when it
 * differs from its default. Whether a 'codec-bean' names a FrameCodec bean is checked
 * where the beans are, by {@link FrameCodecs}.
 */
final class ServerFramingValidator {

	/**
	 * A frame is kept in memory whole: at most 1 GiB, as a line.
	 */
	static final long MAX_FRAME_LENGTH = 1L << 30;

	private final String prefix;

	private final ServerFramingProperties framing;

	private final ServerFramingProperties defaults = new ServerFramingProperties();

	private ServerFramingValidator(String prefix, ServerFramingProperties framing) {
		this.prefix = prefix + "framing.";
		this.framing = framing;
	}

	/**
	 * Validates the framing group of one server.
	 * @param prefix the server's keys, {@code socketserver.servers.<name>.}
	 * @param framing its framing settings
	 * @param threading its threading mode
	 */
	static void validate(String prefix, ServerFramingProperties framing, Threading.Mode threading) {
		ServerFramingValidator validator = new ServerFramingValidator(prefix, framing);
		if (threading == Threading.Mode.FORK) {
			validator.refuseAll("is not used by a fork server, whose command reads and writes the connection "
					+ "itself: remove it, or give the server another threading mode");
			return;
		}
		validator.validateMaxFrameLength();
		validator.validateCodec();
		if (framing.getLoops() < 0) {
			validator.fail("loops", framing.getLoops(),
					"It counts the loops of a message server: use 0 for one per processor, or more");
		}
	}

	private void refuseAll(String reason) {
		refuse("codec", ServerFramingProperties::getCodec, reason);
		refuse("max-frame-length", ServerFramingProperties::getMaxFrameLength, reason);
		refuse("charset", ServerFramingProperties::getCharset, reason);
		refuse("codec-bean", ServerFramingProperties::getCodecBean, reason);
		refuse("loops", ServerFramingProperties::getLoops, reason);
		refuseLine(reason);
		refuseLengthField(reason);
		refuseDelimiter(reason);
		refuseFixed(reason);
	}

	private void validateMaxFrameLength() {
		DataSize max = this.framing.getMaxFrameLength();
		if (max.toBytes() < 1 || max.toBytes() > MAX_FRAME_LENGTH) {
			fail("max-frame-length", max, "A frame is kept in memory whole: the length must be between 1B and 1GB; "
					+ "use, for example, 64KB");
		}
	}

	private void validateCodec() {
		FramingCodec codec = this.framing.getCodec();
		if (codec != FramingCodec.LINE) {
			refuseLine(appliesTo("line"));
		}
		if (codec != FramingCodec.LENGTH_FIELD) {
			refuseLengthField(appliesTo("length-field"));
		}
		if (codec != FramingCodec.DELIMITER) {
			refuseDelimiter(appliesTo("delimiter"));
		}
		if (codec != FramingCodec.FIXED) {
			refuseFixed(appliesTo("fixed"));
		}
		if (codec != FramingCodec.BEAN) {
			refuse("codec-bean", ServerFramingProperties::getCodecBean, appliesTo("bean"));
		}
		switch (codec) {
			// No codec gives a message handler lines.
			case NONE, LINE -> atLeast(2, "a line needs room for its line end");
			case LENGTH_FIELD -> validateLengthField();
			case DELIMITER -> validateDelimiter();
			case FIXED -> validateFixed();
			case BEAN -> validateBean();
			default -> {
			}
		}
	}

	private void validateLengthField() {
		ServerFramingLengthFieldProperties field = this.framing.getLengthField();
		int length = field.getLength();
		if (length != 1 && length != 2 && length != 4 && length != 8) {
			fail("length-field.length", length, "A length field is 1, 2, 4 or 8 bytes long");
		}
		if (field.getOffset() < 0) {
			fail("length-field.offset", field.getOffset(),
					"The offset counts the header's bytes before the length " + "field: 0 or more");
		}
		if ((long) field.getOffset() + length > this.framing.getMaxFrameLength().toBytes()) {
			fail("length-field.offset", field.getOffset(), "The header (offset and length field) is longer than "
					+ "'framing.max-frame-length': raise the maximum, or correct the offset");
		}
	}

	private void validateDelimiter() {
		ServerFramingDelimiterProperties delimiter = this.framing.getDelimiter();
		String end = delimiter.getEnd();
		if (end == null || end.isEmpty()) {
			fail("delimiter.end", end,
					"The delimiter codec needs the bytes that end a frame, for example \"\\x03\" " + "(ETX) in YAML");
		}
		bytes("delimiter.end", end);
		String start = delimiter.getStart();
		if (start != null) {
			bytes("delimiter.start", start);
		}
		atLeast(end.length() + ((start != null) ? start.length() : 0), "a frame holds its delimiters");
	}

	private void atLeast(int bytes, String why) {
		DataSize max = this.framing.getMaxFrameLength();
		if (max.toBytes() < bytes) {
			fail("max-frame-length", max, "The length must be at least " + bytes + "B: " + why);
		}
	}

	/**
	 * Refuses a delimiter with a character that is not one byte.
	 */
	private void bytes(String key, String delimiter) {
		for (int i = 0; i < delimiter.length(); i++) {
			if (delimiter.charAt(i) > 0xFF) {
				fail(key, delimiter,
						"Each character of a delimiter is one byte, 0 to 255, and character " + i + " is U+"
								+ String.format("%04X", (int) delimiter.charAt(i))
								+ ": write the bytes one by one, for example \"\\xE2\\x80\\xA8\" in YAML");
			}
		}
	}

	private void validateFixed() {
		DataSize length = this.framing.getFixed().getLength();
		if (length == null) {
			fail("fixed.length", null, "The fixed codec needs the length of every frame, for example 16B");
		}
		if (length.toBytes() < 1) {
			fail("fixed.length", length, "A frame is at least 1B long");
		}
		if (length.toBytes() > this.framing.getMaxFrameLength().toBytes()) {
			fail("fixed.length", length, "The length is more than 'framing.max-frame-length' ("
					+ this.framing.getMaxFrameLength() + "): raise the maximum, or shorten the frames");
		}
	}

	private void validateBean() {
		String bean = this.framing.getCodecBean();
		if (bean == null || bean.isBlank()) {
			fail("codec-bean", bean, "The bean codec needs the name of a FrameCodec bean: set 'framing.codec-bean'");
		}
		if (!this.framing.getMaxFrameLength().equals(this.defaults.getMaxFrameLength())) {
			fail("max-frame-length", this.framing.getMaxFrameLength(), "A FrameCodec bean bounds its frames itself "
					+ "(its maxFrameLength()): remove 'framing.max-frame-length'");
		}
	}

	private static String appliesTo(String codec) {
		return "applies to the " + codec + " codec only: set 'framing.codec' to " + codec + ", or remove it";
	}

	private void refuseLine(String reason) {
		refuse("line.separator", (framing) -> framing.getLine().getSeparator(), reason);
	}

	private void refuseLengthField(String reason) {
		refuse("length-field.offset", (framing) -> framing.getLengthField().getOffset(), reason);
		refuse("length-field.length", (framing) -> framing.getLengthField().getLength(), reason);
		refuse("length-field.byte-order", (framing) -> framing.getLengthField().getByteOrder(), reason);
		refuse("length-field.adjustment", (framing) -> framing.getLengthField().getAdjustment(), reason);
		refuse("length-field.strip-header", (framing) -> framing.getLengthField().isStripHeader(), reason);
	}

	private void refuseDelimiter(String reason) {
		refuse("delimiter.start", (framing) -> framing.getDelimiter().getStart(), reason);
		refuse("delimiter.end", (framing) -> framing.getDelimiter().getEnd(), reason);
	}

	private void refuseFixed(String reason) {
		refuse("fixed.length", (framing) -> framing.getFixed().getLength(), reason);
	}

	private void refuse(String key, Function<ServerFramingProperties, @Nullable Object> setting, String reason) {
		Object value = setting.apply(this.framing);
		if (!Objects.equals(value, setting.apply(this.defaults))) {
			fail(key, value, "'framing." + key + "' " + reason);
		}
	}

	private void fail(String key, @Nullable Object value, String reason) {
		throw new InvalidConfigurationPropertyValueException(this.prefix + key, value, reason);
	}

}
