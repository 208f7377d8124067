package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The socket file of a unix server, under
 * {@code socketserver.servers.<name>.socket-file}; both are set before the file appears
 * at its path.
 *
 * @since 0.1.0
 */
public class ServerSocketFileProperties {

	/**
	 * Permissions of the socket file, for unix servers, as 'rw-rw----'; connecting needs
	 * write permission. When unset, the process's umask decides.
	 */
	private @Nullable String permissions;

	/**
	 * Group owning the socket file, for unix servers. When unset, the process's group.
	 */
	private @Nullable String group;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerSocketFileProperties() {
	}

	/**
	 * {@return the permissions of the socket file, as {@code rw-rw----}, {@code null} to
	 * leave the umask's}
	 */
	public @Nullable String getPermissions() {
		return this.permissions;
	}

	/**
	 * Sets the permissions of the socket file, as {@code rw-rw----}, {@code null} to
	 * leave the umask's.
	 * @param permissions the permissions
	 */
	public void setPermissions(@Nullable String permissions) {
		this.permissions = permissions;
	}

	/**
	 * {@return the group owning the socket file, {@code null} for the process's}
	 */
	public @Nullable String getGroup() {
		return this.group;
	}

	/**
	 * Sets the group owning the socket file, {@code null} for the process's.
	 * @param group the group name
	 */
	public void setGroup(@Nullable String group) {
		this.group = group;
	}

}
