package io.github.socketserver.inherit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * systemd's socket-activation protocol ({@code sd_listen_fds}): {@code LISTEN_PID} names
 * the process the sockets are for, {@code LISTEN_FDS} counts them from descriptor 3, and
 * {@code LISTEN_FDNAMES} names them, colon-separated, as {@code FileDescriptorName=} in a
 * {@code .socket} unit or {@code --fdname} of {@code systemd-socket-activate} set them.
 */
final class ListenFds {

	static final int FIRST_DESCRIPTOR = 3;

	/**
	 * The most sockets taken: {@code sd_listen_fds} refuses only a count whose last
	 * descriptor overflows an int, but no supervisor passes more than a process's usual
	 * open-file limit, and a larger count is a corrupt variable.
	 */
	static final int MAX_SOCKETS = 65536;

	private final List<PassedSocket> sockets;

	private final String passed;

	private ListenFds(List<PassedSocket> sockets, String passed) {
		this.sockets = sockets;
		this.passed = passed;
	}

	/**
	 * Reads the protocol's variables.
	 * @param environment the process's environment
	 * @param pid this process's id
	 * @param server the server that asks, for the messages
	 * @throws InheritedSocketException if no sockets were passed, or passed to another
	 * process
	 */
	static ListenFds read(Map<String, String> environment, long pid, String server) throws InheritedSocketException {
		String listenPid = environment.get("LISTEN_PID");
		String listenFds = environment.get("LISTEN_FDS");
		String names = environment.get("LISTEN_FDNAMES");
		String passed = "LISTEN_PID=" + listenPid + " LISTEN_FDS=" + listenFds + " LISTEN_FDNAMES=" + names;
		if (listenPid == null || listenFds == null) {
			throw new InheritedSocketException("Socket server '" + server
					+ "' is to inherit its socket from systemd, but systemd passed none (" + passed
					+ "): start it from a .socket unit or under systemd-socket-activate, or remove 'inherit'");
		}
		if (!SystemdNotifier.namesProcess(listenPid, pid)) {
			throw new InheritedSocketException(
					"Socket server '" + server + "' cannot inherit its socket: systemd passed "
							+ "the sockets to another process (" + passed + ", this process is " + pid
							+ "); a wrapper script must 'exec' the java command so that it keeps the process id");
		}
		int count = parseCount(listenFds, server, passed);
		if (count > MAX_SOCKETS) {
			throw new InheritedSocketException("Socket server '" + server + "' cannot inherit its socket: LISTEN_FDS="
					+ count + " is more sockets than any supervisor passes (at most " + MAX_SOCKETS + "; " + passed
					+ ")");
		}
		String[] split = (names != null) ? names.split(":", -1) : new String[0];
		if (names != null && split.length != count) {
			// sd_listen_fds_with_names refuses the pair (EINVAL): which name is whose is
			// unknown.
			throw new InheritedSocketException(
					"Socket server '" + server + "' cannot inherit its socket: LISTEN_FDNAMES names " + split.length
							+ " sockets but LISTEN_FDS counts " + count + " (" + passed + ")");
		}
		List<PassedSocket> sockets = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sockets.add(new PassedSocket(FIRST_DESCRIPTOR + i, (names != null) ? split[i] : "unknown"));
		}
		return new ListenFds(List.copyOf(sockets), passed);
	}

	private static int parseCount(String listenFds, String server, String passed) throws InheritedSocketException {
		try {
			int count = Integer.parseInt(listenFds.trim());
			if (count >= 0) {
				return count;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the rest.
		}
		throw new InheritedSocketException(
				"Socket server '" + server + "' cannot inherit its socket: LISTEN_FDS is not a count (" + passed + ")");
	}

	/**
	 * The sockets of a name: {@code name} itself, or {@code name.socket}, the default
	 * name systemd gives the sockets of a unit without {@code FileDescriptorName=}. A
	 * unit names all its sockets alike, so several may answer (IPv4 and IPv6, or TCP and
	 * a path).
	 */
	List<PassedSocket> find(String name) {
		List<PassedSocket> found = new ArrayList<>();
		for (PassedSocket socket : this.sockets) {
			if (socket.name().equals(name) || socket.name().equals(name + ".socket")) {
				found.add(socket);
			}
		}
		return found;
	}

	/**
	 * {@return the variables as systemd set them, for messages}
	 */
	String passed() {
		return this.passed;
	}

	/**
	 * One passed socket.
	 *
	 * @param descriptor its descriptor number
	 * @param name its name
	 */
	record PassedSocket(int descriptor, String name) {

	}

}
