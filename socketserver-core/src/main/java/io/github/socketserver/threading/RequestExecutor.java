package io.github.socketserver.threading;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Runs the requests of one server, as {@code process_request} of a Python mix-in does.
 * <p>
 * Implementations are thread-safe. They do not track requests in flight: the server does,
 * so that draining and closing work the same in every mode.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestExecutor {

	/**
	 * Runs a request now, or hands it to another thread.
	 * @param request the work of one request
	 * @throws RejectedExecutionException when the mode has no room for it
	 */
	void execute(Runnable request);

	/**
	 * Runs a request now or hands it to another thread; a mode that lets a request wait
	 * for room may let it wait off the calling thread, and refuse it later. Calls
	 * {@link #execute(Runnable)} by default.
	 * @param request the work of one request
	 * @param lateRefusal called on another thread if the request waited for room and got
	 * none, or the executor closed meanwhile: the request will never run
	 * @throws RejectedExecutionException when the mode has no room for it now
	 */
	default void execute(Runnable request, Consumer<RejectedExecutionException> lateRefusal) {
		execute(request);
	}

	/**
	 * Called on the thread that runs a request when the request is over, just before the
	 * server closes the connection or sends the reply: the room the request took may
	 * serve the next one at once, although this thread still has some bookkeeping to do.
	 * Does nothing by default.
	 */
	default void requestEnding() {
	}

	/**
	 * Lets the threads go once their requests are done. Requests already running go on.
	 * @return requests that were waiting and will never run
	 */
	default List<Runnable> close() {
		return List.of();
	}

	/**
	 * The pool behind this executor, for metrics.
	 * @return the pool, or {@code null} for modes without one
	 */
	default @Nullable ExecutorService executorService() {
		return null;
	}

}
