package io.github.socketserver.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The child processes of a server in the fork threading mode, under
 * {@code socketserver.servers.<name>.fork}; each runs the server's 'command'.
 *
 * @since 0.1.0
 */
public class ServerForkProperties {

	/**
	 * Working directory of the command. When unset, the application's.
	 */
	private @Nullable Path workingDirectory;

	/**
	 * Environment variables set for the command, over the few it gets from the
	 * application (PATH, HOME, USER, LOGNAME, LANG, LC_ALL, TZ, TMPDIR).
	 * SOCKETSERVER_NAME, and for inet clients REMOTE_ADDR, REMOTE_PORT, TCPREMOTEIP and
	 * TCPREMOTEPORT, are always set by the server.
	 */
	private Map<String, String> environment = new LinkedHashMap<>();

	/**
	 * Whether the command gets the application's whole environment, secrets included,
	 * rather than only PATH, HOME, USER, LOGNAME, LANG, LC_ALL, TZ and TMPDIR.
	 */
	private boolean inheritEnvironment;

	/**
	 * Most child processes running at once.
	 */
	private int maxChildren = 40;

	/**
	 * How long a request waits for a child to end when 'fork.max-children' run; then it
	 * is refused. It waits on a thread of its own, never holding the accept loop; at most
	 * 128 requests wait at once, and more are refused at once.
	 */
	private Duration maxChildrenWait = Duration.ofSeconds(10);

	/**
	 * How long a request may take, the child's run and the delivery of its output; then
	 * the child is killed and the connection closed. When unset, no limit.
	 */
	private @Nullable Duration timeLimit;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerForkProperties() {
	}

	/**
	 * {@return the working directory of the command, {@code null} for the application's}
	 */
	public @Nullable Path getWorkingDirectory() {
		return this.workingDirectory;
	}

	/**
	 * Sets the working directory of the command, {@code null} for the application's.
	 * @param workingDirectory the directory
	 */
	public void setWorkingDirectory(@Nullable Path workingDirectory) {
		this.workingDirectory = workingDirectory;
	}

	/**
	 * {@return the environment variables added for the command}
	 */
	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	/**
	 * Sets the environment variables added for the command.
	 * @param environment the variables by name
	 */
	public void setEnvironment(Map<String, String> environment) {
		this.environment = environment;
	}

	/**
	 * {@return whether the command gets the application's whole environment}
	 */
	public boolean isInheritEnvironment() {
		return this.inheritEnvironment;
	}

	/**
	 * Sets whether the command gets the application's whole environment.
	 * @param inheritEnvironment true to pass the whole environment on
	 */
	public void setInheritEnvironment(boolean inheritEnvironment) {
		this.inheritEnvironment = inheritEnvironment;
	}

	/**
	 * {@return the most child processes running at once}
	 */
	public int getMaxChildren() {
		return this.maxChildren;
	}

	/**
	 * Sets the most child processes running at once.
	 * @param maxChildren the number of children
	 */
	public void setMaxChildren(int maxChildren) {
		this.maxChildren = maxChildren;
	}

	/**
	 * {@return how long a request waits for a child to end when the most children run}
	 */
	public Duration getMaxChildrenWait() {
		return this.maxChildrenWait;
	}

	/**
	 * Sets how long a request waits for a child to end when the most children run.
	 * @param maxChildrenWait the wait
	 */
	public void setMaxChildrenWait(Duration maxChildrenWait) {
		this.maxChildrenWait = maxChildrenWait;
	}

	/**
	 * {@return how long a child may run before it is killed, {@code null} for no limit}
	 */
	public @Nullable Duration getTimeLimit() {
		return this.timeLimit;
	}

	/**
	 * Sets how long a child may run before it is killed, {@code null} for no limit.
	 * @param timeLimit the limit
	 */
	public void setTimeLimit(@Nullable Duration timeLimit) {
		this.timeLimit = timeLimit;
	}

}
