package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The socket file of a unix server, under
 * {@code socketserver.servers.<name>.socket-file}; both are set before the file appears
 * at its path.
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

	public @Nullable String getPermissions() {
		return this.permissions;
	}

	public void setPermissions(@Nullable String permissions) {
		this.permissions = permissions;
	}

	public @Nullable String getGroup() {
		return this.group;
	}

	public void setGroup(@Nullable String group) {
		this.group = group;
	}

}
