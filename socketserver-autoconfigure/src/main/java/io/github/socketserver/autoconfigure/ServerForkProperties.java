package io.github.socketserver.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The child processes of a server in the fork threading mode, under
 * {@code socketserver.servers.<name>.fork}; each runs the server's 'command'.
 */
public class ServerForkProperties {

	/**
	 * Working directory of the command. When unset, the application's.
	 */
	private @Nullable Path workingDirectory;

	/**
	 * Environment variables added for the command. REMOTE_ADDR and REMOTE_PORT are always
	 * set to the client's address.
	 */
	private Map<String, String> environment = new LinkedHashMap<>();

	/**
	 * Most child processes running at once.
	 */
	private int maxChildren = 40;

	/**
	 * How long a request waits for a child to end when 'fork.max-children' run; then it
	 * is refused.
	 */
	private Duration maxChildrenWait = Duration.ofSeconds(10);

	/**
	 * How long a child may run before it is killed. When unset, no limit.
	 */
	private @Nullable Duration timeLimit;

	public @Nullable Path getWorkingDirectory() {
		return this.workingDirectory;
	}

	public void setWorkingDirectory(@Nullable Path workingDirectory) {
		this.workingDirectory = workingDirectory;
	}

	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(Map<String, String> environment) {
		this.environment = environment;
	}

	public int getMaxChildren() {
		return this.maxChildren;
	}

	public void setMaxChildren(int maxChildren) {
		this.maxChildren = maxChildren;
	}

	public Duration getMaxChildrenWait() {
		return this.maxChildrenWait;
	}

	public void setMaxChildrenWait(Duration maxChildrenWait) {
		this.maxChildrenWait = maxChildrenWait;
	}

	public @Nullable Duration getTimeLimit() {
		return this.timeLimit;
	}

	public void setTimeLimit(@Nullable Duration timeLimit) {
		this.timeLimit = timeLimit;
	}

}
