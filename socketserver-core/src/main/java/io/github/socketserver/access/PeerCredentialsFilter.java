package io.github.socketserver.access;

import java.io.IOException;
import java.net.StandardProtocolFamily;
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
 * group, read from the kernel ({@code SO_PEERCRED}), so it cannot be forged. Empty sets
 * allow everyone. Otherwise it fails closed: a request whose peer credentials cannot be
 * read (a datagram, a TCP connection, a connection made in memory, a platform without
 * {@code SO_PEERCRED}) is refused, and a platform that cannot read them is named in a
 * warning when the filter is created. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PeerCredentialsFilter implements RequestVerifier {

	private static final Logger logger = LoggerFactory.getLogger(PeerCredentialsFilter.class);

	private final Set<String> users;

	private final Set<String> groups;

	private final LogThrottle refusals = new LogThrottle();

	private final boolean platformReadsCredentials;

	/**
	 * Creates the filter.
	 * @param users user names allowed; a peer passes if its user or its group is allowed
	 * @param groups group names allowed
	 */
	public PeerCredentialsFilter(Set<String> users, Set<String> groups) {
		this(users, groups, platformReadsCredentials());
	}

	PeerCredentialsFilter(Set<String> users, Set<String> groups, boolean platformReadsCredentials) {
		this.users = Set.copyOf(users);
		this.groups = Set.copyOf(groups);
		this.platformReadsCredentials = platformReadsCredentials;
		if (!platformReadsCredentials && !(this.users.isEmpty() && this.groups.isEmpty())) {
			logger.warn(
					"This platform ({}) cannot read the credentials of Unix peers (SO_PEERCRED): every "
							+ "connection to a server that allows only users {} and groups {} will be refused",
					System.getProperty("os.name"), this.users, this.groups);
		}
	}

	/**
	 * Whether this JVM can read the peer credentials of Unix stream connections.
	 */
	private static boolean platformReadsCredentials() {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			return probe.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	@Override
	public boolean verifyRequest(Request request) {
		if (this.users.isEmpty() && this.groups.isEmpty()) {
			return true;
		}
		if (!(request instanceof StreamRequest stream) || !this.platformReadsCredentials
				|| !stream.connection().hasChannel()
				|| !stream.socket().supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
			long count = this.refusals.tryLog();
			if (count > 0) {
				logger.warn("Server '{}' refused a request whose peer credentials cannot be read: it is no Unix stream "
						+ "connection, or the platform does not support SO_PEERCRED ({} refused since the last report)",
						request.server().name(), count);
			}
			return false;
		}
		SocketChannel socket = stream.socket();
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
