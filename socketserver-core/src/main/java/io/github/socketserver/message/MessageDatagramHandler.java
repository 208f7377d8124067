package io.github.socketserver.message;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;

/**
 * PLACEHOLDER in wt-boot until it lands on main; delete at merge.
 */
public final class MessageDatagramHandler implements DatagramRequestHandler {

	private final MessageHandler handler;

	public MessageDatagramHandler(MessageHandler handler) {
		this.handler = handler;
	}

	public MessageHandler handler() {
		return this.handler;
	}

	@Override
	public void handle(DatagramRequest request) {
		throw new UnsupportedOperationException("placeholder");
	}

}
