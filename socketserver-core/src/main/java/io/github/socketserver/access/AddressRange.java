package io.github.socketserver.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}),
 * or a single address. Immutable.
 */
public final class AddressRange {

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private AddressRange(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * Parses a range. Only IP literals are accepted, so parsing never looks a name up.
	 * @param text an address, or an address and a prefix length after a slash
	 * @return the range
	 * @throws IllegalArgumentException if the text is not a range
	 */
	public static AddressRange parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.matches("[0-9.]+"))) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range", ex);
		}
		int bits = bytes.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException(
						"'" + text + "' has a prefix length outside 0.." + bits + " for its address family");
			}
		}
		return new AddressRange(bytes, prefix, trimmed);
	}

	/**
	 * Whether the address is in this range. An IPv4 address mapped into IPv6
	 * ({@code ::ffff:10.0.0.1}), as a dual-stack server sees IPv4 clients, matches IPv4
	 * ranges.
	 * @param address the address
	 * @return true if it is in the range
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = unmapped(address.getAddress());
		if (bytes.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xff << (8 - remainingBits)) & 0xff;
		return (bytes[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

	private static byte[] unmapped(byte[] bytes) {
		if (bytes.length != 16) {
			return bytes;
		}
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return bytes;
			}
		}
		if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
			return bytes;
		}
		return new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
	}

	@Override
	public String toString() {
		return this.text;
	}

}
