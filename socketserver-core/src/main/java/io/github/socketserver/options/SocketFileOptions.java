package io.github.socketserver.options;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The socket file of a Unix server, given its attributes before any client can connect.
 *
 * @param permissions the file's permissions (connecting needs write permission);
 * {@code null} to leave the umask's
 * @param group the group owning the file; {@code null} to leave the process's
 * @since 0.1.0
 */
public record SocketFileOptions(@Nullable Set<PosixFilePermission> permissions, @Nullable String group) {

	/**
	 * The system's permissions and group.
	 */
	public static final SocketFileOptions DEFAULTS = new SocketFileOptions(null, null);

	/**
	 * Copies the permissions, so the options stay as given.
	 * @param permissions the file's permissions; {@code null} to leave the umask's
	 * @param group the group owning the file; {@code null} to leave the process's
	 */
	public SocketFileOptions {
		permissions = (permissions != null) ? Set.copyOf(permissions) : null;
	}

	/**
	 * Whether the file needs attributes set before clients may see it.
	 * @return true if permissions or a group are set
	 */
	public boolean isSet() {
		return this.permissions != null || this.group != null;
	}

}
