package io.github.socketserver.message;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ten thousand idle connections of a message server, each answered once, hold no thread:
 * the clients are a child process (this JVM's descriptors would not hold both ends), and
 * the server's threads are counted once they all wait.
 */
class IdleMessageConnectionsTests {

	private static final int CONNECTIONS = 10_000;

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	/**
	 * Threads the JVM or the test may start meanwhile (a JIT compiler thread, a GC
	 * worker): a thread per connection would be thousands.
	 */
	private static final int SLACK = 16;

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void tenThousandIdleConnectionsHoldNoThread(String threading) throws Exception {
		assumeTrue(Files.isExecutable(PYTHON), "the idle clients need /usr/bin/python3");
		if (threading.equals("virtual")) {
			assumeTrue(Threading.isVirtualAvailable(), "virtual threads need Java 21 or newer");
		}
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		MessageHandler echo = (message) -> message.reply(message.bytes());
		try (TcpServer server = MessageEngineTests.tcp(echo,
				MessageEngineTests.options(threading).requestQueueSize(1024));
				Serving serving = Serving.start(server)) {
			int before = threads.getThreadCount();
			int virtualBefore = virtualThreads();
			Process clients = startClients(((InetSocketAddress) server.serverAddress()).getPort());
			try {
				assertThat(awaitReady(clients)).isEqualTo("READY " + CONNECTIONS);
				assertThat(server.activeRequests()).isEqualTo(CONNECTIONS);
				int loops = Runtime.getRuntime().availableProcessors();
				assertThat(threads.getThreadCount()).isLessThan(before + loops + SLACK);
				if (virtualBefore >= 0) {
					assertThat(virtualThreads()).isLessThan(virtualBefore + SLACK);
				}
			}
			finally {
				clients.getOutputStream().close();
				clients.waitFor(30, TimeUnit.SECONDS);
				clients.destroyForcibly();
			}
		}
	}

	private Process startClients(int port) throws IOException {
		Path script = this.directory.resolve("idle-clients.py");
		try (InputStream in = getClass().getResourceAsStream("idle-clients.py")) {
			assertThat(in).isNotNull();
			Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
		}
		return new ProcessBuilder(PYTHON.toString(), script.toString(), "127.0.0.1", Integer.toString(port),
				Integer.toString(CONNECTIONS))
			.redirectError(this.directory.resolve("clients.err").toFile())
			.start();
	}

	private String awaitReady(Process clients) throws Exception {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
		String[] line = new String[1];
		CountDownLatch read = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			try {
				line[0] = output.readLine();
			}
			catch (IOException ex) {
				line[0] = ex.toString();
			}
			read.countDown();
		});
		reader.setDaemon(true);
		reader.start();
		if (!read.await(120, TimeUnit.SECONDS) || line[0] == null) {
			return "no answer: " + Files.readString(this.directory.resolve("clients.err"));
		}
		return line[0];
	}

	/**
	 * Counts the virtual threads through a thread dump (Java 21 or newer), checked first
	 * on a virtual thread of its own that waits meanwhile.
	 * @return how many there are besides that one, or -1 where no dump tells
	 */
	private int virtualThreads() throws Exception {
		Class<?> format;
		try {
			format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
		}
		catch (ClassNotFoundException ex) {
			return -1;
		}
		CountDownLatch done = new CountDownLatch(1);
		Thread control = Thread.class.getMethod("startVirtualThread", Runnable.class)
			.invoke(null, (Runnable) () -> awaitQuietly(done)) instanceof Thread thread ? thread : null;
		try {
			Path dump = Files.createTempFile(this.directory, "threads", ".json");
			Files.delete(dump);
			Method dumpThreads = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
			@SuppressWarnings({ "unchecked", "rawtypes" })
			Object json = Enum.valueOf((Class) format, "JSON");
			dumpThreads.invoke(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class), dump.toString(),
					json);
			Matcher virtual = Pattern.compile("\"virtual\"\\s*:\\s*true").matcher(Files.readString(dump));
			int count = 0;
			while (virtual.find()) {
				count++;
			}
			assertThat(count).as("the waiting control thread is seen").isGreaterThanOrEqualTo(1);
			return count - 1;
		}
		finally {
			done.countDown();
			assertThat(control).isNotNull();
		}
	}

	private static void awaitQuietly(CountDownLatch done) {
		try {
			done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
