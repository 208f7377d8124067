package io.github.socketserver;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new directory beside a socket file, on its file system, that only this process's user
 * may enter: a socket bound in it cannot be reached by anyone else, and no one else can
 * put a symbolic link or another file in it. It holds one entry, {@link #entry()}, and
 * closing removes both. A file is removed by taking it aside into one, so that the file
 * checked is the file removed ({@link #removeIf}).
 */
final class PrivateDirectory implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PrivateDirectory.class);

	private static final SecureRandom NAMES = new SecureRandom();

	private static final int ATTEMPTS = 8;

	private final Path directory;

	private boolean kept;

	private PrivateDirectory(Path directory) {
		this.directory = directory;
	}

	/**
	 * Creates the directory beside {@code path}, under a short random name, so that a
	 * socket path in it stays within the length Unix allows about as well as {@code path}
	 * does.
	 * @param path the socket file's path
	 * @return the directory
	 * @throws IOException if it cannot be created
	 */
	static PrivateDirectory beside(Path path) throws IOException {
		Path parent = path.toAbsolutePath().getParent();
		for (int attempt = 1;; attempt++) {
			Path directory = parent.resolve("." + Integer.toHexString(NAMES.nextInt()));
			try {
				return new PrivateDirectory(Files.createDirectory(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
			}
			catch (FileAlreadyExistsException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Removes the file at {@code path} if it passes {@code check}: it is moved into a
	 * private directory first, so that the file checked is the file removed, and linked
	 * back if it fails.
	 * @return true if it was removed, false if it failed the check or there was none
	 */
	static boolean removeIf(Path path, AsideCheck check) throws IOException {
		try (PrivateDirectory directory = PrivateDirectory.beside(path)) {
			Path aside = directory.entry();
			try {
				Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (NoSuchFileException ex) {
				return false;
			}
			if (check.test(aside)) {
				return true;
			}
			try {
				Files.createLink(path, aside);
			}
			catch (FileAlreadyExistsException ex) {
				// Both files are another's: neither is deleted.
				directory.keep();
				logger.warn("{} was replaced twice while it was being removed; the second file stays, the first "
						+ "was left at {}", path, aside);
			}
			return false;
		}
	}

	/**
	 * Decides whether a file taken aside is removed.
	 */
	@FunctionalInterface
	interface AsideCheck {

		/**
		 * Checks the file.
		 * @param aside where the file is now
		 * @return true to remove it, false to link it back at its path
		 */
		boolean test(Path aside) throws IOException;

	}

	/**
	 * {@return the one name in the directory to use}
	 */
	Path entry() {
		return this.directory.resolve("s");
	}

	/**
	 * Leaves the directory and its entry in place at close: the entry is a file that is
	 * not this server's to delete.
	 */
	private void keep() {
		this.kept = true;
	}

	@Override
	public void close() throws IOException {
		if (this.kept) {
			return;
		}
		Files.deleteIfExists(entry());
		Files.deleteIfExists(this.directory);
	}

}
