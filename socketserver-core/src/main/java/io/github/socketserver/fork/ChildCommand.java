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
 * @param environment variables set for the child, over the few it gets from the JVM
 * @param timeLimit how long a request may take, the child's run and the delivery of its
 * output; at the limit the child is killed and the request ended; {@code null} for no
 * limit
 * @param inheritEnvironment whether the child gets the JVM's whole environment rather
 * than only {@code PATH}, {@code HOME}, {@code USER}, {@code LOGNAME}, {@code LANG},
 * {@code LC_ALL}, {@code TZ} and {@code TMPDIR}
 * @since 0.1.0
 */
public record ChildCommand(List<String> command, @Nullable Path workingDirectory, Map<String, String> environment,
		@Nullable Duration timeLimit, boolean inheritEnvironment) {

	/**
	 * Checks that a program is named and copies the lists, so the command stays as given.
	 * @param command the program and its arguments
	 * @param workingDirectory where the child runs, {@code null} for the JVM's
	 * @param environment variables set for the child
	 * @param timeLimit how long a request may take, {@code null} for no limit
	 * @param inheritEnvironment whether the child gets the JVM's whole environment
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
	 * A command whose child does not inherit the JVM's environment.
	 * @param command the program and its arguments
	 * @param workingDirectory where the child runs, {@code null} for the JVM's
	 * @param environment variables set for the child
	 * @param timeLimit how long a request may take, {@code null} for no limit
	 */
	public ChildCommand(List<String> command, @Nullable Path workingDirectory, Map<String, String> environment,
			@Nullable Duration timeLimit) {
		this(command, workingDirectory, environment, timeLimit, false);
	}

	/**
	 * A command with no extra settings.
	 * @param command the program and its arguments
	 * @return the command
	 */
	public static ChildCommand of(String... command) {
		return new ChildCommand(List.of(command), null, Map.of(), null, false);
	}

}
