package io.github.socketserver.access;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Set;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Unix stream connection only if the peer process runs as an allowed user or
 * group, read from the kernel ({@code SO_PEERCRED}), so it cannot be forged. Other
 * requests pass. Empty sets allow everyone. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PeerCredentialsFilter implements RequestVerifier {

	private static final Logger logger = LoggerFactory.getLogger(PeerCredentialsFilter.class);

	private final Set<String> users;

	private final Set<String> groups;

	private final LogThrottle refusals = new LogThrottle();

	/**
	 * Creates the filter.
	 * @param users user names allowed; a peer passes if its user or its group is allowed
	 * @param groups group names allowed
	 */
	public PeerCredentialsFilter(Set<String> users, Set<String> groups) {
		this.users = Set.copyOf(users);
		this.groups = Set.copyOf(groups);
	}

	@Override
	public boolean verifyRequest(Request request) {
		if ((this.users.isEmpty() && this.groups.isEmpty()) || !(request instanceof StreamRequest stream)) {
			return true;
		}
		SocketChannel socket = stream.socket();
		if (!socket.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
			return true;
		}
		try {
			UnixDomainPrincipal peer = socket.getOption(ExtendedSocketOptions.SO_PEERCRED);
			boolean allowed = this.users.contains(peer.user().getName())
					|| this.groups.contains(peer.group().getName());
			long count = allowed ? 0 : this.refusals.tryLog();
			if (count > 0) {
				logger.warn(
						"Server '{}' refused a peer running as user '{}', group '{}' ({} refused since the last "
								+ "report)",
						request.server().name(), LogText.escape(peer.user().getName()),
						LogText.escape(peer.group().getName()), count);
			}
			return allowed;
		}
		catch (IOException ex) {
			long count = this.refusals.tryLog();
			if (count > 0) {
				logger.warn("Server '{}' refused a peer whose credentials could not be read: {} ({} refused since the "
						+ "last report)", request.server().name(), LogText.escape(ex), count);
			}
			return false;
		}
	}

}
