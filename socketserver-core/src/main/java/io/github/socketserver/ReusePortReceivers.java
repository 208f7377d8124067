package io.github.socketserver;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.socketserver.options.DatagramOptions;

/**
 * The sockets of a UDP server beyond its first, bound to the same port with
 * {@code SO_REUSEPORT}, so that the kernel spreads the clients over them and each is
 * served by a loop of its own.
 * <p>
 * {@code SO_REUSEPORT} would also let the first socket share a port another process holds
 * with it set, where a single socket fails to bind. So, unless the server was asked to
 * share its port ({@code allowReusePort}), a probe socket without any reuse option binds
 * the address first, and fails if anything holds it; the first socket binds once the
 * probe closed. A process of the same user binding the port with {@code SO_REUSEPORT} in
 * between, or later, joins the group: that is {@code SO_REUSEPORT}'s own rule, and why
 * the kernel allows it for one user only.
 * <p>
 * Only Linux spreads datagrams over such sockets, so one per processor is asked for there
 * only; Unix sockets have no {@code SO_REUSEPORT}, and an inherited socket is the
 * supervisor's one.
 */
final class ReusePortReceivers {

	private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

	private ReusePortReceivers() {
	}

	/**
	 * How many sockets a datagram server receives on.
	 * @param options its datagram options
	 * @param family its address family
	 * @param inherited whether its socket was inherited
	 * @param channel its first socket
	 * @return at least 1
	 */
	static int count(DatagramOptions options, AddressFamily family, boolean inherited, DatagramChannel channel) {
		if (family == AddressFamily.UNIX || inherited
				|| !channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
			return 1;
		}
		if (options.receivers() == DatagramOptions.PER_PROCESSOR && !LINUX) {
			return 1;
		}
		return options.receiverCount();
	}

	/**
	 * The address the first socket binds with {@code SO_REUSEPORT}: one no socket holds.
	 * A probe socket without any reuse option binds it first (and fails if anything holds
	 * it), unless the server was asked to share its port; for a free port (0), the probe
	 * picks the port, as a socket with {@code SO_REUSEPORT} binding port 0 may be given
	 * one that another group of the same user holds.
	 * @param address the address to bind
	 * @param opener opens a socket of the server's family
	 * @param check whether to check that no socket holds a given port
	 * @return the address, with the port the probe got for port 0
	 * @throws BindException if a socket holds it, or it cannot be bound
	 */
	static SocketAddress reserve(SocketAddress address, UdpServer.ChannelOpener opener, boolean check)
			throws IOException {
		boolean free = address instanceof InetSocketAddress inet && inet.getPort() == 0;
		if (!free && !check) {
			return address;
		}
		try (DatagramChannel probe = opener.open()) {
			probe.bind(address);
			return free ? probe.getLocalAddress() : address;
		}
		catch (BindException ex) {
			if (!isInUse(ex)) {
				// An address of no interface, a port the user may not bind: told as it
				// is.
				throw ex;
			}
			BindException inUse = new BindException(
					"Address already in use: a socket of another server or process holds " + address + " ("
							+ ex.getMessage() + ")");
			inUse.initCause(ex);
			throw inUse;
		}
	}

	/**
	 * Whether a bind failed as a socket holds the address ({@code EADDRINUSE}), which the
	 * JDK tells by the message alone; not for an address of no interface or a port the
	 * user may not bind, also thrown as {@link BindException}.
	 */
	private static boolean isInUse(BindException ex) {
		String message = ex.getMessage();
		return message != null && message.contains("in use");
	}

	/**
	 * Opens and binds the other sockets, to the address the first one got; if one fails,
	 * those opened are closed.
	 * @param count how many in all, the first included
	 * @param first the first socket, bound with {@code SO_REUSEPORT}
	 * @param opener opens a socket of the server's family
	 * @param configure sets the server's socket options on a socket
	 * @return the other sockets, bound and non-blocking
	 * @throws IOException if one cannot be opened or bound
	 */
	static List<DatagramChannel> bindOthers(int count, DatagramChannel first, UdpServer.ChannelOpener opener,
			SocketConfigurer configure) throws IOException {
		SocketAddress bound = first.getLocalAddress();
		List<DatagramChannel> others = new ArrayList<>(count - 1);
		try {
			for (int i = 1; i < count; i++) {
				DatagramChannel channel = opener.open();
				others.add(channel);
				configure.configure(channel);
				channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				channel.configureBlocking(false);
				channel.bind(bound);
			}
			return others;
		}
		catch (IOException | RuntimeException ex) {
			for (DatagramChannel other : others) {
				try {
					other.close();
				}
				catch (IOException closing) {
					ex.addSuppressed(closing);
				}
			}
			throw ex;
		}
	}

	/**
	 * Sets a server's socket options on one of its sockets.
	 */
	@FunctionalInterface
	interface SocketConfigurer {

		void configure(DatagramChannel channel) throws IOException;

	}

}
