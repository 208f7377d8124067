package io.github.socketserver.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link AddressRange}: parsing of IPv4 and IPv6 ranges and single addresses, refusal of
 * anything else with a message naming the input (and without a name lookup), and
 * membership at the edges of a range.
 */
class AddressRangeTests {

	@Test
	void parsesAnIpv4Range() throws UnknownHostException {
		AddressRange range = AddressRange.parse("192.168.1.0/24");
		assertThat(range).hasToString("192.168.1.0/24");
		assertThat(range.contains(address("192.168.1.0"))).isTrue();
		assertThat(range.contains(address("192.168.1.255"))).isTrue();
		assertThat(range.contains(address("192.168.0.255"))).isFalse();
		assertThat(range.contains(address("192.168.2.0"))).isFalse();
	}

	@Test
	void parsesAnIpv6Range() throws UnknownHostException {
		AddressRange range = AddressRange.parse("fd00:1::/64");
		assertThat(range.contains(address("fd00:1::1"))).isTrue();
		assertThat(range.contains(address("fd00:1:0:0:ffff:ffff:ffff:ffff"))).isTrue();
		assertThat(range.contains(address("fd00:1:0:1::"))).isFalse();
		assertThat(range.contains(address("10.0.0.1"))).isFalse();
	}

	@Test
	void anyContainsMatchesAnyRangeOfTheList() throws UnknownHostException {
		List<AddressRange> ranges = List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("fd00::/8"));
		assertThat(AddressRange.anyContains(ranges, address("10.1.2.3"))).isTrue();
		assertThat(AddressRange.anyContains(ranges, address("fd12::1"))).isTrue();
		assertThat(AddressRange.anyContains(ranges, address("::ffff:10.0.0.1"))).as("IPv4 mapped into IPv6").isTrue();
		assertThat(AddressRange.anyContains(ranges, address("192.0.2.1"))).isFalse();
		assertThat(AddressRange.anyContains(List.of(), address("10.1.2.3"))).as("no range holds it").isFalse();
		List<AddressRange> everyone = List.of(AddressRange.parse("0.0.0.0/0"), AddressRange.parse("::/0"));
		assertThat(AddressRange.anyContains(everyone, address("192.0.2.1"))).isTrue();
		assertThat(AddressRange.anyContains(everyone, address("2001:db8::1"))).isTrue();
	}

	@Test
	void aSingleAddressIsARangeOfOne() throws UnknownHostException {
		assertThat(AddressRange.parse("127.0.0.1").contains(address("127.0.0.1"))).isTrue();
		assertThat(AddressRange.parse("127.0.0.1").contains(address("127.0.0.2"))).isFalse();
		assertThat(AddressRange.parse(" ::1 ").contains(address("::1"))).isTrue();
		assertThat(AddressRange.parse("::1").contains(address("::2"))).isFalse();
		assertThat(AddressRange.parse("10.0.0.1/32").contains(address("10.0.0.1"))).isTrue();
		assertThat(AddressRange.parse("10.0.0.1/32").contains(address("10.0.0.0"))).isFalse();
		assertThat(AddressRange.parse("::1/128").contains(address("::1"))).isTrue();
		assertThat(AddressRange.parse("::1/128").contains(address("::"))).isFalse();
	}

	@Test
	void prefixZeroContainsEveryAddressOfItsFamilyOnly() throws UnknownHostException {
		assertThat(AddressRange.parse("0.0.0.0/0").contains(address("255.255.255.255"))).isTrue();
		assertThat(AddressRange.parse("0.0.0.0/0").contains(address("0.0.0.0"))).isTrue();
		assertThat(AddressRange.parse("0.0.0.0/0").contains(address("::1"))).isFalse();
		assertThat(AddressRange.parse("::/0").contains(address("ffff::1"))).isTrue();
		assertThat(AddressRange.parse("::/0").contains(address("127.0.0.1"))).isFalse();
	}

	@Test
	void prefixesNotOnAByteBoundaryCompareTheLeadingBitsOnly() throws UnknownHostException {
		AddressRange range = AddressRange.parse("10.0.0.128/25");
		assertThat(range.contains(address("10.0.0.128"))).isTrue();
		assertThat(range.contains(address("10.0.0.255"))).isTrue();
		assertThat(range.contains(address("10.0.0.127"))).isFalse();
		assertThat(AddressRange.parse("10.0.0.2/31").contains(address("10.0.0.3"))).isTrue();
		assertThat(AddressRange.parse("10.0.0.2/31").contains(address("10.0.0.4"))).isFalse();
		assertThat(AddressRange.parse("::2/127").contains(address("::3"))).isTrue();
		assertThat(AddressRange.parse("::2/127").contains(address("::4"))).isFalse();
	}

	@Test
	void hostBitsOfTheNetworkAreIgnored() throws UnknownHostException {
		AddressRange range = AddressRange.parse("10.1.2.3/8");
		assertThat(range.contains(address("10.200.0.1"))).isTrue();
		assertThat(range.contains(address("11.0.0.0"))).isFalse();
	}

	@Test
	void anIpv4MappedIpv6ClientMatchesIpv4Ranges() throws UnknownHostException {
		InetAddress mapped = InetAddress
			.getByAddress(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1 });
		assertThat(AddressRange.parse("10.0.0.0/8").contains(mapped)).isTrue();
		assertThat(AddressRange.parse("11.0.0.0/8").contains(mapped)).isFalse();
		InetAddress compatible = InetAddress.getByName("::a00:1");
		assertThat(AddressRange.parse("10.0.0.0/8").contains(compatible)).isFalse();
	}

	@Test
	void anIpv4MappedRangeIsTheIpv4Range() throws UnknownHostException {
		AddressRange range = AddressRange.parse("::ffff:10.0.0.0/104");
		assertThat(range.contains(address("10.1.2.3"))).isTrue();
		assertThat(range.contains(address("11.0.0.0"))).isFalse();
		assertThat(AddressRange.parse("::ffff:10.0.0.1").contains(address("10.0.0.1"))).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("::ffff:10.0.0.0/95"))
			.withMessageContaining("'::ffff:10.0.0.0/95'")
			.withMessageContaining("96..128");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "localhost", "example.com", "zz::1", "fe80::1%lo", "[::1]", "1.2.3.4.5",
			"999.1.1.1", "256.0.0.0", "1.2.3", "127.1", "10", "010.0.0.1", "1..2.3", "1.2.3.4.", "+1.2.3.4", "::1::2",
			"0x7f.0.0.1" })
	void refusesWhatIsNotAnAddress(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text))
			.withMessage("'" + text + "' is not an IP address or CIDR range");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/+8", "10.0.0.0/8/8",
			"::/129" })
	void refusesAPrefixLengthOutsideTheFamily(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text))
			.withMessageStartingWith("'" + text + "' has a prefix length outside 0..");
	}

	@Test
	void refusingAnUnresolvableNameLooksNothingUp() {
		long start = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			String name = "no-such-host-" + i + ".invalid";
			String outOfRange = "1.2.3." + (300 + i);
			assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(name));
			assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(outOfRange));
		}
		assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds for 100 refusals").isLessThan(2000);
	}

	private static InetAddress address(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

}
