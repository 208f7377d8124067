package io.github.socketserver.fork;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process group of a child, so that what it leaves running in the background ends
 * with the request. A background process outlives the command that started it and is then
 * no longer one of its descendants; only its process group still names it. On Linux, with
 * {@code setsid}, each child starts in a new session whose group id is its process id,
 * and the group is killed at the time limit and when the request ends. Elsewhere only the
 * child and its descendants while it runs are killed. A process that starts its own
 * session leaves the group and is not killed.
 */
final class ProcessGroup {

	private static final Logger logger = LoggerFactory.getLogger(ProcessGroup.class);

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private static final Path KILL = Path.of("/bin/kill");

	private static final boolean SUPPORTED = System.getProperty("os.name", "")
		.toLowerCase(Locale.ROOT)
		.contains("linux") && Files.isExecutable(SETSID) && Files.isExecutable(KILL);

	private ProcessGroup() {
	}

	/**
	 * Whether children get process groups of their own here.
	 */
	static boolean supported() {
		return SUPPORTED;
	}

	/**
	 * The command line that starts {@code command} in a group of its own. The program is
	 * looked up on the JVM's {@code PATH}, as the JDK does, so that a missing program
	 * fails the start rather than the child.
	 * @param command the program and its arguments
	 * @param workingDirectory where the child runs, {@code null} for the JVM's
	 * @return the command line to start
	 * @throws IOException if the program is not found
	 */
	static List<String> commandLine(List<String> command, @Nullable Path workingDirectory) throws IOException {
		if (!SUPPORTED) {
			return command;
		}
		List<String> line = new ArrayList<>(command.size() + 1);
		line.add(SETSID.toString());
		line.add(program(command.get(0), workingDirectory));
		line.addAll(command.subList(1, command.size()));
		return line;
	}

	private static String program(String name, @Nullable Path workingDirectory) throws IOException {
		if (name.contains("/")) {
			Path path = (workingDirectory != null) ? workingDirectory.resolve(name) : Path.of(name);
			if (Files.isExecutable(path) && !Files.isDirectory(path)) {
				return path.toString();
			}
		}
		else {
			String searchPath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
			for (String directory : searchPath.split(File.pathSeparator)) {
				Path path = Path.of(directory.isEmpty() ? "." : directory, name);
				if (Files.isExecutable(path) && !Files.isDirectory(path)) {
					return path.toString();
				}
			}
		}
		throw new IOException("Cannot run program \"" + name + "\": no such executable file");
	}

	/**
	 * Kills every process of the group a child leads. The group outlives the child while
	 * any process of it runs; once all have ended, the kill finds no group.
	 * @param child the child
	 */
	static void kill(Process child) {
		if (!SUPPORTED) {
			if (child.isAlive()) {
				child.descendants().forEach(ProcessHandle::destroyForcibly);
			}
			return;
		}
		try {
			Process kill = new ProcessBuilder(KILL.toString(), "-KILL", "--", "-" + child.pid())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!kill.waitFor(5, TimeUnit.SECONDS)) {
				kill.destroyForcibly();
			}
		}
		catch (IOException ex) {
			logger.warn("Could not kill the process group of child {}: {}", child.pid(), ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
