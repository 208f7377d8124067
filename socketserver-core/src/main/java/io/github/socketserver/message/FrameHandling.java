package io.github.socketserver.message;

/**
 * One frame given to the handler, as one request for the server's listener: on the loop
 * that read it ({@code sync}), or in the connection's {@link FrameRun}. A failure of the
 * handler ends the connection, whichever thread the frame ran on.
 */
final class FrameHandling {

	private FrameHandling() {
	}

	/**
	 * Hands a frame to the handler on the current thread, as one request for the server's
	 * listener; a failure of the handler ends the connection.
	 * @param connection the frame's connection
	 * @param frame the frame
	 */
	static void handle(EngineConnection connection, byte[] frame) {
		EngineContext context = connection.context();
		Object state = connection.adopted.frameStarted();
		long start = System.nanoTime();
		Throwable failure = null;
		try {
			context.handler.handleMessage(new Message(frame, connection, context.charset));
		}
		catch (Exception ex) {
			failure = ex;
		}
		catch (Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			connection.adopted.frameFinished(state, failure, System.nanoTime() - start);
			if (failure instanceof ConnectionClosedException closed && closed.isOf(connection)) {
				// Closed under the handler, which learnt it by its send: nothing new.
			}
			else if (failure instanceof Exception exception) {
				connection.fail(exception);
			}
			else if (failure != null) {
				connection.closeNow(null);
			}
		}
	}

	/**
	 * Runs a frame on the loop that read it ({@code sync}), unless the connection closed
	 * or is closing; a close that came meanwhile tells the handler once it returned. The
	 * caller then flushes and finishes a close that waits for the output.
	 */
	static void handleInline(EngineConnection connection, byte[] frame) {
		synchronized (connection) {
			if ((connection.state & (ConnectionState.CLOSED | ConnectionState.OUTPUT_CLOSED)) != 0) {
				// Closed by another thread while the codec cut the frame: dropped, as a
				// frame run drops those that wait.
				return;
			}
			connection.state |= ConnectionState.HANDLING;
		}
		try {
			handle(connection, frame);
		}
		finally {
			connection.corkedBy = null;
			boolean tell;
			synchronized (connection) {
				connection.state &= ~ConnectionState.HANDLING;
				tell = CloseNotice.take(connection);
			}
			if (tell) {
				CloseNotice.tell(connection);
			}
		}
	}

}
