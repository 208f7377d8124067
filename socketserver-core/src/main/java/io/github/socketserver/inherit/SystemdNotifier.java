package io.github.socketserver.inherit;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.socketserver.logging.LogThrottle;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's {@code sd_notify}: each state is one datagram to the Unix socket that
 * {@code NOTIFY_SOCKET} names, a path or, with a leading {@code @}, an address in the
 * abstract namespace. A failed send is logged at a bounded rate and never fails the
 * application: systemd may be gone, or the unit not of {@code Type=notify}.
 * <p>
 * Thread-safe: one datagram is sent whole or not at all.
 *
 * @since 0.1.0
 */
public final class SystemdNotifier implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SystemdNotifier.class);

	private final String socketName;

	private final SocketAddress address;

	private final AFUNIXDatagramChannel channel;

	private final LogThrottle failures = new LogThrottle();

	/**
	 * Opens a socket to notify through.
	 * @param notifySocket the value of {@code NOTIFY_SOCKET}: a path, or {@code @name}
	 * @throws IOException if the socket cannot be opened
	 */
	public SystemdNotifier(String notifySocket) throws IOException {
		this.socketName = notifySocket;
		this.address = notifySocket.startsWith("@") ? AFUNIXSocketAddress.inAbstractNamespace(notifySocket.substring(1))
				: AFUNIXSocketAddress.of(Path.of(notifySocket));
		this.channel = AFUNIXDatagramChannel.open();
	}

	/**
	 * Sends states, as {@code sd_notify} does: lines of {@code KEY=value}.
	 * @param states the states, such as {@code READY=1}
	 */
	public void send(String... states) {
		byte[] message = String.join("\n", states).getBytes(StandardCharsets.UTF_8);
		try {
			this.channel.send(ByteBuffer.wrap(message), this.address);
		}
		catch (IOException ex) {
			long count = this.failures.tryLog();
			if (count > 0) {
				logger.warn("Could not notify systemd through {}: {} ({} such since the last report)", this.socketName,
						ex.toString(), count);
			}
		}
	}

	/**
	 * Whether a variable of systemd's naming a process ({@code LISTEN_PID},
	 * {@code WATCHDOG_PID}) names this one: the variables may have been inherited by a
	 * child process they are not meant for.
	 * @param pidVariable the variable's value
	 * @return true if it is this process's id
	 */
	public static boolean namesThisProcess(String pidVariable) {
		return namesProcess(pidVariable, ProcessHandle.current().pid());
	}

	static boolean namesProcess(String pidVariable, long pid) {
		return pidVariable.trim().equals(Long.toString(pid));
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
