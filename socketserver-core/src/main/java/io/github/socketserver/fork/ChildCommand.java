package io.github.socketserver.fork;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The command a fork server runs per request.
 *
 * @param command the program and its arguments; no shell is involved unless it is named
 * @param workingDirectory where the child runs, {@code null} for the JVM's
 * @param environment variables added to the JVM's environment
 * @param timeLimit how long a child may run before it is killed, {@code null} for no
 * limit
 * @since 0.1.0
 */
public record ChildCommand(List<String> command, @Nullable Path workingDirectory, Map<String, String> environment,
		@Nullable Duration timeLimit) {

	/**
	 * Checks that a program is named and copies the lists, so the command stays as given.
	 * @param command the program and its arguments
	 * @param workingDirectory where the child runs, {@code null} for the JVM's
	 * @param environment variables added to the JVM's environment
	 * @param timeLimit how long a child may run, {@code null} for no limit
	 * @throws IllegalArgumentException if the command is empty
	 */
	public ChildCommand {
		if (command.isEmpty()) {
			throw new IllegalArgumentException("The command must name a program");
		}
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
	}

	/**
	 * A command with no extra settings.
	 * @param command the program and its arguments
	 * @return the command
	 */
	public static ChildCommand of(String... command) {
		return new ChildCommand(List.of(command), null, Map.of(), null);
	}

}
