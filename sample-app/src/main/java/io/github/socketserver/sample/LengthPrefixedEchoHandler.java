package io.github.socketserver.sample;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.message.Message;
import io.github.socketserver.message.MessageHandler;

/**
 * Sends every frame back ({@code message-echo}): the server's {@code length-field} codec
 * takes each 4-byte big-endian length and its bytes off the stream, and puts a header
 * before the reply.
 */
@SocketHandler("message-echo")
class LengthPrefixedEchoHandler implements MessageHandler {

	@Override
	public void handleMessage(Message message) {
		message.reply(message.bytes());
	}

}
