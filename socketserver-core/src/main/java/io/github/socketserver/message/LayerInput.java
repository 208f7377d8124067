package io.github.socketserver.message;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.github.socketserver.connection.DetachedTransport;

/**
 * The bytes of a connection with a layer (TLS), turned before the codec sees them: the
 * start of a record not yet whole waits in the connection, what the layer owes its peer
 * (a TLS key update) is queued as it reads, and the layer's end of stream ends the input.
 * <p>
 * Used by the connection's loop.
 */
final class LayerInput {

	private LayerInput() {
	}

	/**
	 * Turns bytes read from the socket, after the connection's pending raw tail, and
	 * hands what comes out in the clear to the input's codec.
	 */
	static void unwrap(FrameInput input, EngineConnection connection, DetachedTransport layer, ByteBuffer raw) {
		ByteBuffer source = raw;
		if (connection.rawPending != null) {
			source = FrameBuffers.append(connection.rawPending, raw);
		}
		boolean open;
		// Apart from the pending tail: the codec resumes after what it saw of it.
		ByteBuffer[] decrypted = new ByteBuffer[1];
		IOException[] answerFailure = new IOException[1];
		try {
			// Under the monitor that sends take too: an answer (a TLS key update) is
			// queued before any record a sender encrypts with the keys it changes.
			synchronized (connection) {
				open = layer.unwrap(source, (clear) -> decrypted[0] = FrameBuffers.append(decrypted[0], clear),
						(answer) -> {
							IOException failure = LayerOutput.queueRaw(connection, answer);
							if (failure != null && answerFailure[0] == null) {
								answerFailure[0] = failure;
							}
						});
			}
		}
		catch (IOException ex) {
			connection.closeNow(ex);
			return;
		}
		if (answerFailure[0] != null) {
			connection.closeNow(answerFailure[0]);
			return;
		}
		connection.rawPending = FrameBuffers.keep(source, source != raw);
		if (decrypted[0] != null) {
			input.received(connection, decrypted[0], true);
		}
		if (!open) {
			InputEnd.endOfStream(connection);
		}
	}

}
