package io.github.socketserver;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A new directory beside a socket file, on its file system, that only this process's user
 * may enter: a socket bound in it cannot be reached by anyone else, and no one else can
 * put a symbolic link or another file in it. It holds one entry, {@link #entry()}, and
 * closing removes both.
 */
final class PrivateDirectory implements AutoCloseable {

	private static final SecureRandom NAMES = new SecureRandom();

	private static final int ATTEMPTS = 8;

	private final Path directory;

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
	 * {@return the one name in the directory to use}
	 */
	Path entry() {
		return this.directory.resolve("s");
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(entry());
		Files.deleteIfExists(this.directory);
	}

}
