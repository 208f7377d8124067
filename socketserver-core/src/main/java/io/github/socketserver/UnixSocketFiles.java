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
import java.security.SecureRandom;

import io.github.socketserver.options.SocketFileOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a Unix socket file: checked before bind, removed after close.
 */
final class UnixSocketFiles {

	private static final Logger logger = LoggerFactory.getLogger(UnixSocketFiles.class);

	private static final int FILE_TYPE_MASK = 0170000;

	private static final int SOCKET_TYPE = 0140000;

	private static final SecureRandom STAGING_NAMES = new SecureRandom();

	private UnixSocketFiles() {
	}

	/**
	 * Clears the way for a bind: nothing to do if the path is free, a stale socket file
	 * is removed, a live one or any other file is refused.
	 */
	static void prepareForBind(Path path) throws IOException {
		int mode;
		try {
			mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return;
		}
		if ((mode & FILE_TYPE_MASK) != SOCKET_TYPE) {
			throw new SocketFileException(path, "exists and is not a socket; it was left as it is. "
					+ "Remove it, or choose another path for the server");
		}
		if (isLive(path)) {
			throw new BindException("Address already in use: " + path + " is held by a running server");
		}
		Files.deleteIfExists(path);
		logger.info("Removed the stale socket file {} left by a server that is gone", path);
	}

	/**
	 * Binds a socket file at {@code path}. When the options ask for permissions or a
	 * group, the socket is bound under a private name in the same directory, given its
	 * attributes there, and only then linked at {@code path}: between a bind and a chmod
	 * the file would carry the umask's mode, and a client connecting in that moment would
	 * get past the permissions. The link fails, rather than replaces, if something took
	 * the path meanwhile.
	 * @param path where the socket file must appear
	 * @param options the permissions and group to give it
	 * @param binder binds the socket at the path it is given
	 */
	static void bind(Path path, SocketFileOptions options, Binder binder) throws IOException {
		if (!options.isSet()) {
			binder.bind(null);
			return;
		}
		Path staging = path.resolveSibling("." + Long.toHexString(STAGING_NAMES.nextLong()) + ".sock");
		try {
			binder.bind(staging);
			applyAttributes(staging, options);
			Files.createLink(path, staging);
		}
		finally {
			Files.deleteIfExists(staging);
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
	 * Gives a freshly bound socket file the permissions and group the options ask for.
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
	 * Removes a socket file, leaving anything that is not a socket alone.
	 */
	static void remove(Path path) {
		try {
			if (isSocket(path)) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not remove the socket file {}: {}", path, ex.toString());
		}
	}

	private static boolean isSocket(Path path) throws IOException {
		try {
			int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode & FILE_TYPE_MASK) == SOCKET_TYPE;
		}
		catch (NoSuchFileException ex) {
			return false;
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
