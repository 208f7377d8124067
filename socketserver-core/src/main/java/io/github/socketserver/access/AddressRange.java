package io.github.socketserver.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}),
 * or a single address. Immutable.
 *
 * @since 0.1.0
 */
public final class AddressRange {

	private static final Pattern IPV4_LITERAL = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private AddressRange(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * Parses a range. Only IP literals are accepted, so parsing never looks a name up:
	 * IPv4 as four decimal numbers without leading zeros (the short and octal forms that
	 * {@code inet_aton} reads, such as {@code 10.1/16}, would silently give another
	 * range), IPv6 in hexadecimal groups without brackets or zone. An IPv4 address mapped
	 * into IPv6 ({@code ::ffff:10.0.0.0/104}) gives the IPv4 range.
	 * @param text an address, or an address and a prefix length after a slash
	 * @return the range
	 * @throws IllegalArgumentException if the text is not a range
	 */
	public static AddressRange parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		boolean ipv6 = address.indexOf(':') >= 0;
		if (!(ipv6 ? IPV6_LITERAL.matcher(address).matches() : IPV4_LITERAL.matcher(address).matches())) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
		}
		byte[] bytes;
		try {
			// A literal of the checked form starts with a digit, a hex digit or a colon,
			// which getByName parses without a lookup.
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range", ex);
		}
		// getByName turns an IPv4-mapped IPv6 address into IPv4: its prefix counts 96
		// bits more.
		int mappedBits = (ipv6 && bytes.length == 4) ? 96 : 0;
		int bits = bytes.length * 8 + mappedBits;
		int prefix = bits;
		if (slash >= 0) {
			String length = trimmed.substring(slash + 1);
			prefix = length.matches("[0-9]{1,3}") ? Integer.parseInt(length) : -1;
			if (prefix < mappedBits || prefix > bits) {
				throw new IllegalArgumentException("'" + text + "' has a prefix length outside " + mappedBits + ".."
						+ bits + " for its address family");
			}
		}
		return new AddressRange(bytes, prefix - mappedBits, trimmed);
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

	/**
	 * Whether the address is in one of the ranges: the one match the access lists and the
	 * trusted balancers share.
	 * @param ranges the ranges
	 * @param address the address
	 * @return true if a range contains it
	 */
	public static boolean anyContains(List<AddressRange> ranges, InetAddress address) {
		for (AddressRange range : ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
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
