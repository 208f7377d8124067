package io.github.socketserver.message;

/**
 * The one notice to a handler that its connection closed
 * ({@link MessageHandler#connectionClosed}): a close that comes while a frame of the
 * connection runs leaves it to the end of that frame, so that the handler is told once,
 * after its last frame, and on a thread that may run it.
 */
final class CloseNotice {

	private CloseNotice() {
	}

	/**
	 * Whether the connection closed while a frame of it ran and its handler was not told
	 * yet: if so, the caller tells it, once. Called with the monitor held.
	 */
	static boolean take(EngineConnection connection) {
		if ((connection.state & (ConnectionState.CLOSED | ConnectionState.CLOSE_TOLD)) != ConnectionState.CLOSED) {
			return false;
		}
		connection.state |= ConnectionState.CLOSE_TOLD;
		return true;
	}

	/**
	 * Tells the handler the connection closed: on a thread of the threading mode when the
	 * close happened on a loop that does not run handlers, else here.
	 */
	static void tell(EngineConnection connection) {
		EngineContext context = connection.context();
		Runnable told = () -> {
			try {
				context.handler.connectionClosed(connection);
			}
			catch (RuntimeException ex) {
				// As a failing handleMessage is: through the server's handleError, not
				// up to a loop or an executor's thread, whose other connections go on.
				connection.adopted.reportError(ex);
			}
		};
		if (!context.inline && Thread.currentThread() instanceof MessageLoop) {
			try {
				context.executor.execute(told);
				return;
			}
			catch (RuntimeException ex) {
				// No room or closed: told here, as it must be told.
			}
			catch (OutOfMemoryError ex) {
				context.noThreadFor(connection, ex);
			}
		}
		told.run();
	}

}
