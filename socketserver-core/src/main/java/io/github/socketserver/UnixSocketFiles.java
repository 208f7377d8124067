package io.github.socketserver;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Objects;

import io.github.socketserver.options.SocketFileOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a Unix socket file: checked before bind, given its attributes before any
 * client can reach it, and removed after close only if it is still the file the server
 * bound. No symbolic link is followed.
 * <p>
 * A file is known by its identity (device and inode), recorded at bind: an operator may
 * remove the file and start a second server at the path, whose socket a first server
 * closing later must leave alone. The identity is unique while the server's socket holds
 * the file, so the file is removed before the socket closes; a stale file's inode may be
 * reused at once, so a stale file is told by no server listening on it instead. A
 * server's file is removed only if the path holds it: another's file is never moved. It
 * is moved first into a {@link PrivateDirectory}, where its identity is checked again: a
 * file that took its place in the meantime is linked back.
 */
final class UnixSocketFiles {

	private static final Logger logger = LoggerFactory.getLogger(UnixSocketFiles.class);

	private static final int FILE_TYPE_MASK = 0170000;

	private static final int SOCKET_TYPE = 0140000;

	private UnixSocketFiles() {
	}

	/**
	 * Clears the way for a bind: nothing to do if the path is free, a stale socket file
	 * is removed, a live one or any other file is refused. The file is checked again once
	 * taken aside, so that a server starting at the same time, which removed the stale
	 * file and bound its own in the meantime, keeps it.
	 */
	static void prepareForBind(Path path) throws IOException {
		if (socketIdentity(path) == null) {
			return;
		}
		if (isLive(path) || !removeIfStale(path)) {
			throw new BindException("Address already in use: " + path + " is held by a running server");
		}
		logger.info("Removed the stale socket file {} left by a server that is gone", path);
	}

	/**
	 * Removes the file at {@code path} if it is a socket no server listens on.
	 * @return true if it was removed or is gone, false if it is live or no socket
	 */
	static boolean removeIfStale(Path path) throws IOException {
		return PrivateDirectory.removeIf(path, (aside) -> {
			int mode = (Integer) Files.getAttribute(aside, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode & FILE_TYPE_MASK) == SOCKET_TYPE && !isLive(aside);
		}) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Binds a socket file at {@code path}. When the options ask for permissions or a
	 * group, the socket is bound in a {@link PrivateDirectory} beside the path, given its
	 * attributes there, and only then linked at {@code path}: between a bind and a chmod
	 * the file would carry the umask's mode, and a client connecting in that moment would
	 * get past the permissions. The link fails, rather than replaces, if something took
	 * the path meanwhile.
	 * @param path where the socket file must appear
	 * @param options the permissions and group to give it
	 * @param binder binds the socket at the path it is given
	 * @return the identity of the file bound, for {@link #remove}
	 */
	static Object bind(Path path, SocketFileOptions options, Binder binder) throws IOException {
		if (!options.isSet()) {
			binder.bind(null);
			return requireSocket(path);
		}
		try (PrivateDirectory directory = PrivateDirectory.beside(path)) {
			Path staging = directory.entry();
			binder.bind(staging);
			// Only this user can change the private directory's entries: the socket
			// checked here is the one chmod changes.
			Object identity = requireSocket(staging);
			applyAttributes(staging, options);
			Files.createLink(path, staging);
			return identity;
		}
	}

	/**
	 * Binds a server's socket.
	 */
	@FunctionalInterface
	interface Binder {

		/**
		 * Binds the socket.
		 * @param at where to bind it, or {@code null} for the server's own path
		 */
		void bind(@Nullable Path at) throws IOException;

	}

	/**
	 * Removes the socket file a server bound, if the path still holds it; called before
	 * the server's socket closes, while its file's identity cannot pass to another.
	 * @param path the path of the file
	 * @param identity what {@link #bind} returned
	 */
	static void remove(Path path, Object identity) {
		try {
			if (!identity.equals(identityAt(path))) {
				// Another's file is never moved: its clients would find no file
				// meanwhile.
				if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
					logger.info("Left {} in place: it is no longer the socket file this server bound", path);
				}
				return;
			}
			if (!PrivateDirectory.removeIf(path, (aside) -> identity.equals(identity(aside)))
					&& Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
				logger.info("Left {} in place: it is no longer the socket file this server bound", path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not remove the socket file {}: {}", path, ex.toString());
		}
	}

	/**
	 * The identity of the socket file at {@code path}.
	 * @return its identity, or {@code null} if there is no file
	 * @throws SocketFileException if the file is no socket, a symbolic link included
	 */
	private static @Nullable Object socketIdentity(Path path) throws IOException {
		int mode;
		try {
			mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		if ((mode & FILE_TYPE_MASK) != SOCKET_TYPE) {
			throw new SocketFileException(path, "exists and is not a socket; it was left as it is. "
					+ "Remove it, or choose another path for the server");
		}
		return identity(path);
	}

	private static Object requireSocket(Path path) throws IOException {
		Object identity = socketIdentity(path);
		if (identity == null) {
			throw new SocketFileException(path, "was removed as the server bound it");
		}
		return identity;
	}

	/**
	 * The identity of the file at {@code path}, whatever its type.
	 * @return its identity, or {@code null} if there is no file
	 */
	private static @Nullable Object identityAt(Path path) throws IOException {
		try {
			return identity(path);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static Object identity(Path path) throws IOException {
		return Objects.requireNonNull(Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS)) + "@"
				+ Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Gives a freshly bound socket file the permissions and group the options ask for.
	 * The permissions are set through the name, which chmod follows: the caller has
	 * checked that it is a socket, in a directory no one else can change.
	 */
	private static void applyAttributes(Path path, SocketFileOptions options) throws IOException {
		if (options.permissions() != null) {
			Files.setPosixFilePermissions(path, options.permissions());
		}
		if (options.group() != null) {
			GroupPrincipal group = path.getFileSystem()
				.getUserPrincipalLookupService()
				.lookupPrincipalByGroupName(options.group());
			Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
		}
	}

	/**
	 * Whether a server listens on the socket file. A stale file refuses connections; a
	 * live datagram socket answers a stream connect with a protocol error, which also
	 * means in use. The probe does not block: a live server whose backlog is full would
	 * hold a blocking connect forever, and a pending connect means live as well.
	 */
	private static boolean isLive(Path path) {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.configureBlocking(false);
			probe.connect(UnixDomainSocketAddress.of(path));
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return !(ex.getMessage() != null && ex.getMessage().contains("No such file"));
		}
	}

}
