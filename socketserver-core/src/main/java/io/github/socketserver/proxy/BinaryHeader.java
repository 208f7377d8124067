package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.github.socketserver.connection.HeaderException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a version 2 header: a 16-byte block (signature, version and command, family and
 * protocol, length), the addresses, then type-length-value fields. Anything the
 * specification says to refuse is refused: another version or command, an unknown family
 * or protocol, addresses or fields that overrun the announced length, a wrong checksum. A
 * {@code LOCAL} header (a balancer's health check) is taken whatever its family, protocol
 * and address block, which the specification says to ignore: its whole announced length
 * is skipped.
 */
final class BinaryHeader {

	static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	/**
	 * The longest header taken, fields included; the specification allows 65551 bytes,
	 * balancers send a few hundred.
	 */
	static final int MAX_LENGTH = 4096;

	private static final int FIXED = 16;

	private BinaryHeader() {
	}

	/**
	 * Reads the header, whose signature has been seen.
	 * @return the header, and its length
	 */
	static ParsedHeader read(HeaderBytes bytes) throws IOException {
		bytes.fill(FIXED);
		int versionCommand = bytes.at(12) & 0xff;
		int familyProtocol = bytes.at(13) & 0xff;
		int length = FIXED + bytes.unsignedShort(14);
		if ((versionCommand >> 4) != 2 || (versionCommand & 0x0f) > 1) {
			throw malformed("version and command 0x" + Integer.toHexString(versionCommand));
		}
		if (length > MAX_LENGTH) {
			throw new HeaderException("PROXY protocol version 2 header too long: " + length + " bytes, at most "
					+ MAX_LENGTH + " are taken");
		}
		bytes.fill(length);
		ByteBuffer header = bytes.slice(0, length);
		int family = familyProtocol >> 4;
		int protocol = familyProtocol & 0x0f;
		if ((versionCommand & 0x0f) == 0) {
			return new ParsedHeader(new ProxyHeader(2, true, null, null, localTlvs(header, family)), length);
		}
		if (family > 3 || protocol > 2) {
			throw malformed("family and protocol 0x" + Integer.toHexString(familyProtocol));
		}
		int addressLength = addressLength(family);
		if (FIXED + addressLength > length) {
			throw malformed("the addresses of family " + family + " overrun its length of " + length + " bytes");
		}
		SocketAddress source = null;
		SocketAddress destination = null;
		if (protocol != 0 && family != 0) {
			source = address(header, family, 0);
			destination = address(header, family, 1);
		}
		List<ProxyTlv> tlvs = tlvs(header, FIXED + addressLength);
		return new ParsedHeader(new ProxyHeader(2, false, source, destination, tlvs), length);
	}

	private static int addressLength(int family) {
		return switch (family) {
			case 1 -> 12;
			case 2 -> 36;
			case 3 -> 216;
			default -> 0;
		};
	}

	/**
	 * The fields of a {@code LOCAL} header, whose family, protocol and addresses the
	 * specification says to ignore: taken only when the family is known, its addresses
	 * fit, and the fields after them are well-formed; none otherwise, and the header is
	 * served all the same.
	 */
	private static List<ProxyTlv> localTlvs(ByteBuffer header, int family) {
		int from = FIXED + addressLength(family);
		if (family > 3 || from > header.limit()) {
			return List.of();
		}
		try {
			return tlvs(header, from);
		}
		catch (HeaderException ex) {
			return List.of();
		}
	}

	private static SocketAddress address(ByteBuffer header, int family, int which) throws HeaderException {
		if (family == 3) {
			byte[] path = new byte[108];
			header.get(FIXED + which * 108, path);
			int end = 0;
			while (end < path.length && path[end] != 0) {
				end++;
			}
			return UnixDomainSocketAddress.of(new String(path, 0, end, StandardCharsets.UTF_8));
		}
		int size = (family == 1) ? 4 : 16;
		byte[] address = new byte[size];
		header.get(FIXED + which * size, address);
		int port = header.getShort(FIXED + 2 * size + which * 2) & 0xffff;
		try {
			return new InetSocketAddress(InetAddress.getByAddress(address), port);
		}
		catch (UnknownHostException ex) {
			throw malformed("an address of " + size + " bytes");
		}
	}

	private static List<ProxyTlv> tlvs(ByteBuffer header, int from) throws HeaderException {
		List<ProxyTlv> tlvs = new ArrayList<>();
		int position = from;
		while (position < header.limit()) {
			if (position + 3 > header.limit()) {
				throw malformed("a field overruns the header");
			}
			int type = header.get(position) & 0xff;
			int length = header.getShort(position + 1) & 0xffff;
			if (position + 3 + length > header.limit()) {
				throw malformed("field 0x" + Integer.toHexString(type) + " overruns the header");
			}
			byte[] value = new byte[length];
			header.get(position + 3, value);
			if (type == ProxyTlv.CRC32C) {
				checkCrc(header, position + 3, value);
			}
			if (type != ProxyTlv.NOOP) {
				tlvs.add(new ProxyTlv(type, value));
			}
			position += 3 + length;
		}
		return tlvs;
	}

	private static void checkCrc(ByteBuffer header, int at, byte[] value) throws HeaderException {
		if (value.length != 4) {
			throw malformed("a CRC32C field of " + value.length + " bytes");
		}
		byte[] copy = new byte[header.limit()];
		header.get(0, copy);
		copy[at] = 0;
		copy[at + 1] = 0;
		copy[at + 2] = 0;
		copy[at + 3] = 0;
		CRC32C crc = new CRC32C();
		crc.update(copy);
		if ((int) crc.getValue() != ByteBuffer.wrap(value).getInt()) {
			throw malformed("its CRC32C checksum does not match");
		}
	}

	/**
	 * Reads the value of an SSL field: client bits, verify result, then sub-fields.
	 */
	static @Nullable ProxySsl ssl(byte[] value) {
		if (value.length < 5) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(value);
		int client = buffer.get(0) & 0xff;
		long verify = buffer.getInt(1) & 0xffffffffL;
		String[] texts = new String[5];
		int position = 5;
		while (position + 3 <= value.length) {
			int type = value[position] & 0xff;
			int length = buffer.getShort(position + 1) & 0xffff;
			if (position + 3 + length > value.length) {
				break;
			}
			if (type >= 0x21 && type <= 0x25) {
				texts[type - 0x21] = new String(value, position + 3, length, StandardCharsets.UTF_8);
			}
			position += 3 + length;
		}
		return new ProxySsl(client, verify, texts[0], texts[2], texts[1], texts[3], texts[4]);
	}

	private static HeaderException malformed(String what) {
		return new HeaderException("Malformed PROXY protocol version 2 header: " + what);
	}

}
