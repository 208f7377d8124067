package io.github.socketserver.fork;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;

/**
 * What the stream and datagram command handlers share: the command, the set of running
 * children, and the run of a child, from its start to the end of its output.
 *
 * @since 0.1.0
 */
public abstract class ForkingHandler {

	private final ChildCommand command;

	private final SocketServerListener listener;

	private final Set<Long> activeChildren = ConcurrentHashMap.newKeySet();

	ForkingHandler(ChildCommand command, SocketServerListener listener) {
		this.command = command;
		this.listener = listener;
	}

	/**
	 * The process ids of the children running now, Python's
	 * {@code ForkingMixIn.active_children}: a child is in it from its start until it is
	 * reaped. A handler shared by several servers counts the children of all.
	 * @return an unmodifiable snapshot
	 */
	public Set<Long> activeChildren() {
		return Set.copyOf(this.activeChildren);
	}

	/**
	 * Starts the child of a request.
	 */
	final Children start(Request request) throws IOException {
		return Children.start(this.command, request, this.listener, this.activeChildren);
	}

	/**
	 * Waits for a child to end, then for its output to end. Only waits that an interrupt
	 * ends: closing the server can cut the request. If the output does not end in time,
	 * it is closed, and if the time limit passed meanwhile, the request fails with it.
	 * @param child the child
	 * @param output waits for the end of the output
	 * @return why the request failed, or {@code null}
	 */
	static @Nullable Exception awaitChild(Children child, OutputEnd output) throws InterruptedException {
		@Nullable Exception failure = null;
		try {
			child.await();
		}
		catch (ChildExitException | ChildTimeLimitException ex) {
			// What the child wrote before it failed still counts.
			failure = ex;
		}
		boolean ended = output.awaitEnd();
		if (!ended) {
			child.closeOutput();
		}
		// The kill at the time limit also ends an output that a background process held,
		// so an output that ended may have ended only through it.
		if (failure == null && ((!ended && child.pastTimeLimit()) || child.cutAtTimeLimit())) {
			failure = child.timeLimitPassed();
		}
		return failure;
	}

	/**
	 * Waits for the end of a child's output, once the child has exited.
	 */
	@FunctionalInterface
	interface OutputEnd {

		/**
		 * Waits.
		 * @return false if the output had not ended when the wait was over
		 */
		boolean awaitEnd() throws InterruptedException;

	}

}
