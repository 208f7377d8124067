package io.github.socketserver.proxy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * PROXY protocol headers made by hand, as a balancer would send them, for tests.
 */
final class ProxyHeaders {

	static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private final int versionCommand;

	private final int familyProtocol;

	private boolean crc;

	private ProxyHeaders(int versionCommand, int familyProtocol) {
		this.versionCommand = versionCommand;
		this.familyProtocol = familyProtocol;
	}

	static byte[] v1(String line) {
		return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A version 2 PROXY command for TCP over IPv4 or IPv6, by the addresses' length.
	 */
	static ProxyHeaders v2(String source, int sourcePort, String destination, int destinationPort) {
		byte[] from = address(source);
		byte[] to = address(destination);
		ProxyHeaders header = new ProxyHeaders(0x21, (from.length == 4) ? 0x11 : 0x21);
		header.body.writeBytes(from);
		header.body.writeBytes(to);
		header.body
			.writeBytes(ByteBuffer.allocate(4).putShort((short) sourcePort).putShort((short) destinationPort).array());
		return header;
	}

	/**
	 * A version 2 PROXY command for a Unix stream socket.
	 */
	static ProxyHeaders v2Unix(String source, String destination) {
		ProxyHeaders header = new ProxyHeaders(0x21, 0x31);
		header.body.writeBytes(ByteBuffer.allocate(108).put(source.getBytes(StandardCharsets.UTF_8)).array());
		header.body.writeBytes(ByteBuffer.allocate(108).put(destination.getBytes(StandardCharsets.UTF_8)).array());
		return header;
	}

	/**
	 * A version 2 LOCAL command, as a health check sends it.
	 */
	static ProxyHeaders v2Local() {
		return new ProxyHeaders(0x20, 0x00);
	}

	/**
	 * Any first two bytes after the signature, for malformed headers.
	 */
	static ProxyHeaders v2Raw(int versionCommand, int familyProtocol) {
		return new ProxyHeaders(versionCommand, familyProtocol);
	}

	ProxyHeaders tlv(int type, byte[] value) {
		this.body.write(type);
		this.body.writeBytes(ByteBuffer.allocate(2).putShort((short) value.length).array());
		this.body.writeBytes(value);
		return this;
	}

	/**
	 * Bytes after those written so far, as they are, for fields that are not well-formed.
	 */
	ProxyHeaders raw(int... bytes) {
		for (int value : bytes) {
			this.body.write(value);
		}
		return this;
	}

	ProxyHeaders tlv(int type, String value) {
		return tlv(type, value.getBytes(StandardCharsets.UTF_8));
	}

	ProxyHeaders withCrc() {
		this.crc = true;
		return this;
	}

	byte[] bytes() {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(this.body.toByteArray());
		int crcAt = -1;
		if (this.crc) {
			crcAt = 16 + body.size() + 3;
			body.write(0x03);
			body.writeBytes(new byte[] { 0, 4, 0, 0, 0, 0 });
		}
		byte[] header = ByteBuffer.allocate(16 + body.size())
			.put(V2_SIGNATURE)
			.put((byte) this.versionCommand)
			.put((byte) this.familyProtocol)
			.putShort((short) body.size())
			.put(body.toByteArray())
			.array();
		if (crcAt >= 0) {
			CRC32C checksum = new CRC32C();
			checksum.update(header);
			ByteBuffer.wrap(header).putInt(crcAt, (int) checksum.getValue());
		}
		return header;
	}

	/**
	 * The header followed by the client's first bytes.
	 */
	byte[] then(String text) {
		return concat(bytes(), text.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] concat(byte[] first, byte[] second) {
		return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
	}

	static byte[] ssl(int client, int verify, String version, String cipher, String commonName) {
		ProxyHeaders sub = new ProxyHeaders(0, 0);
		sub.tlv(0x21, version).tlv(0x23, cipher).tlv(0x22, commonName);
		byte[] subs = sub.body.toByteArray();
		return ByteBuffer.allocate(5 + subs.length).put((byte) client).putInt(verify).put(subs).array();
	}

	private static byte[] address(String literal) {
		try {
			return InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
