package io.github.socketserver.inherit;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * What a descriptor is, asked of the socket itself with {@code getsockopt}
 * ({@code SO_DOMAIN}, {@code SO_TYPE}, {@code SO_ACCEPTCONN}), which answers in any
 * network namespace: systemd's socket unit may live in the host's while the service runs
 * with {@code PrivateNetwork=yes}. The JDK's own native call in {@code sun.nio.ch.Net}
 * asks, opened by the same JVM option the channels need; without it the probe falls back
 * to {@link ProcSocketTables}.
 */
final class SocketProbe {

	// Linux's constants: systemd's protocol is Linux's.
	private static final int SOL_SOCKET = 1;

	private static final int SO_TYPE = 3;

	private static final int SO_ACCEPTCONN = 30;

	private static final int SO_DOMAIN = 39;

	private static final int AF_UNIX = 1;

	private static final int AF_INET = 2;

	private static final int AF_INET6 = 10;

	private static final int SOCK_STREAM = 1;

	private static final int SOCK_DGRAM = 2;

	private SocketProbe() {
	}

	/**
	 * Describes a descriptor.
	 * @param descriptor the descriptor number
	 * @return what it is
	 * @throws IOException if it is not open, not a socket, or of a kind no server takes
	 */
	static SocketKind probe(int descriptor) throws IOException {
		Method getsockopt = getsockopt();
		if (getsockopt == null) {
			return ProcSocketTables.probe(descriptor);
		}
		FileDescriptor fd;
		try {
			fd = FileDescriptorCast.unsafeUsing(descriptor).getFileDescriptor();
		}
		catch (IOException ex) {
			throw new IOException("descriptor " + descriptor + " is not open (" + ex.getMessage() + ")", ex);
		}
		int domain;
		int type;
		boolean listening;
		try {
			domain = option(getsockopt, fd, SO_DOMAIN);
			type = option(getsockopt, fd, SO_TYPE);
			listening = option(getsockopt, fd, SO_ACCEPTCONN) != 0;
		}
		catch (IOException ex) {
			throw new IOException("descriptor " + descriptor + " is not a socket (" + ex.getMessage() + ")", ex);
		}
		AddressFamily family = switch (domain) {
			case AF_UNIX -> AddressFamily.UNIX;
			case AF_INET -> AddressFamily.INET;
			case AF_INET6 -> AddressFamily.INET6;
			default -> null;
		};
		SocketType socketType = switch (type) {
			case SOCK_STREAM -> SocketType.STREAM;
			case SOCK_DGRAM -> SocketType.DATAGRAM;
			default -> null;
		};
		if (family == null || socketType == null) {
			throw new IOException("descriptor " + descriptor + " is a socket of a kind no server takes (domain "
					+ domain + ", type " + type + ")");
		}
		return new SocketKind(family, socketType, socketType == SocketType.STREAM && listening);
	}

	private static int option(Method getsockopt, FileDescriptor fd, int option) throws IOException {
		try {
			return (int) getsockopt.invoke(null, fd, false, SOL_SOCKET, option);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException(ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IOException(ex);
		}
	}

	/**
	 * {@code sun.nio.ch.Net.getIntOption0(FileDescriptor, boolean, int, int)}, or
	 * {@code null} where the JVM does not open it.
	 */
	private static @Nullable Method getsockopt() {
		try {
			Method method = Class.forName("sun.nio.ch.Net")
				.getDeclaredMethod("getIntOption0", FileDescriptor.class, boolean.class, int.class, int.class);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The family, type and state of a socket.
	 *
	 * @param family its family
	 * @param type its type
	 * @param listening whether a stream socket listens
	 */
	record SocketKind(AddressFamily family, SocketType type, boolean listening) {

		@Override
		public String toString() {
			return family().name().toLowerCase() + " " + type().name().toLowerCase()
					+ ((type() == SocketType.STREAM) ? (listening() ? ", listening" : ", not listening") : "");
		}

	}

}
