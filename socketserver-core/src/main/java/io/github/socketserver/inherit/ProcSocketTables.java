package io.github.socketserver.inherit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.inherit.SocketProbe.SocketKind;
import org.jspecify.annotations.Nullable;

/**
 * What a descriptor is, read from Linux's {@code /proc} without native code: the link
 * {@code /proc/self/fd/N} names the socket's inode, and the tables of
 * {@code /proc/self/net} give that inode's family, type and state. Those tables list only
 * the sockets of this process's network namespace, so this is the fallback of
 * {@link SocketProbe} for a JVM that cannot ask the socket itself.
 */
final class ProcSocketTables {

	private static final Path PROC = Path.of("/proc/self");

	/** {@code TCP_LISTEN} in the {@code st} column of {@code /proc/net/tcp}. */
	private static final String TCP_LISTEN = "0A";

	/** {@code __SO_ACCEPTCON} in the flags column of {@code /proc/net/unix}. */
	private static final int UNIX_ACCEPTING = 0x10000;

	private ProcSocketTables() {
	}

	/**
	 * Describes a descriptor.
	 * @param descriptor the descriptor number
	 * @return what it is
	 * @throws IOException if it is not open, not a socket, or of a kind no server takes
	 */
	static SocketKind probe(int descriptor) throws IOException {
		String target;
		try {
			target = Files.readSymbolicLink(PROC.resolve("fd").resolve(Integer.toString(descriptor))).toString();
		}
		catch (NoSuchFileException ex) {
			throw new IOException("descriptor " + descriptor + " is not open");
		}
		if (!target.startsWith("socket:[")) {
			throw new IOException("descriptor " + descriptor + " is not a socket but " + target);
		}
		String inode = target.substring("socket:[".length(), target.length() - 1);
		SocketKind kind = inetKind(inode);
		if (kind == null) {
			kind = unixKind(inode);
		}
		if (kind == null) {
			throw new IOException("descriptor " + descriptor + " is a socket of a kind no server takes (" + target
					+ " is in none of /proc/self/net/{tcp,tcp6,udp,udp6,unix}, which list this network namespace's "
					+ "sockets only: run the JVM with " + DescriptorChannels.ADD_OPENS
					+ " to have the socket itself asked)");
		}
		return kind;
	}

	private static @Nullable SocketKind inetKind(String inode) throws IOException {
		for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
			for (String line : lines(table)) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 9 && fields[9].equals(inode)) {
					AddressFamily family = table.endsWith("6") ? AddressFamily.INET6 : AddressFamily.INET;
					boolean tcp = table.startsWith("tcp");
					return new SocketKind(family, tcp ? SocketType.STREAM : SocketType.DATAGRAM,
							tcp && fields[3].equals(TCP_LISTEN));
				}
			}
		}
		return null;
	}

	private static @Nullable SocketKind unixKind(String inode) throws IOException {
		for (String line : lines("unix")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length > 6 && fields[6].equals(inode)) {
				boolean listening = (Integer.parseInt(fields[3], 16) & UNIX_ACCEPTING) != 0;
				return switch (Integer.parseInt(fields[4], 16)) {
					case 1 -> new SocketKind(AddressFamily.UNIX, SocketType.STREAM, listening);
					case 2 -> new SocketKind(AddressFamily.UNIX, SocketType.DATAGRAM, false);
					default -> null;
				};
			}
		}
		return null;
	}

	private static List<String> lines(String table) throws IOException {
		try {
			List<String> lines = Files.readAllLines(PROC.resolve("net").resolve(table));
			return lines.subList(Math.min(1, lines.size()), lines.size());
		}
		catch (NoSuchFileException ex) {
			// No IPv6 in this kernel, for one.
			return List.of();
		}
	}

}
