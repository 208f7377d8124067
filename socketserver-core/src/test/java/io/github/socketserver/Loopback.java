package io.github.socketserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * What the machine's loopback offers, for tests that skip a family it lacks.
 */
public final class Loopback {

	private Loopback() {
	}

	/**
	 * Whether a socket can bind to {@code ::1}: containers often run without IPv6.
	 * @return {@code true} if the IPv6 loopback is usable
	 */
	public static boolean ipv6Available() {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
