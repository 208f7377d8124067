package io.github.socketserver.inherit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.inherit.ListenFds.PassedSocket;
import io.github.socketserver.inherit.SocketProbe.SocketKind;

/**
 * Picks a server's socket among several of the same name: {@code FileDescriptorName=}
 * names every socket of a {@code .socket} unit, so {@code ListenStream=0.0.0.0:9000} and
 * {@code ListenStream=[::]:9000}, or a port and a path, arrive under one name. The one of
 * the server's family and type is taken; none or several is refused, as a guess would
 * serve the wrong socket.
 */
final class SameNamedSockets {

	private SameNamedSockets() {
	}

	static PassedSocket choose(String server, String name, List<PassedSocket> named, AddressFamily family,
			SocketType type, String passed) throws InheritedSocketException {
		return choose(server, name, named, family, type, passed, SocketProbe::probe);
	}

	static PassedSocket choose(String server, String name, List<PassedSocket> named, AddressFamily family,
			SocketType type, String passed, Probe probe) throws InheritedSocketException {
		List<PassedSocket> matching = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		for (PassedSocket socket : named) {
			String kind;
			try {
				SocketKind found = probe.probe(socket.descriptor());
				kind = found.toString();
				if (found.family() == family && found.type() == type) {
					matching.add(socket);
				}
			}
			catch (IOException ex) {
				kind = ex.getMessage();
			}
			seen.add("descriptor " + socket.descriptor() + ": " + kind);
		}
		if (matching.size() == 1) {
			return matching.get(0);
		}
		String declared = family.name().toLowerCase() + " " + type.name().toLowerCase();
		throw new InheritedSocketException("Socket server '" + server + "' is declared " + declared + " and systemd "
				+ "passed " + named.size() + " sockets named '" + name + "' (" + String.join("; ", seen) + "; " + passed
				+ "), " + (matching.isEmpty() ? "none" : matching.size()) + " of them " + declared
				+ ": give the server's socket a FileDescriptorName= of its own in a .socket unit, and set the "
				+ "server's 'inherit-name' to it");
	}

	/**
	 * Describes a descriptor, as {@link SocketProbe#probe(int)}.
	 */
	@FunctionalInterface
	interface Probe {

		SocketKind probe(int descriptor) throws IOException;

	}

}
