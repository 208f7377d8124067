package io.github.socketserver.autoconfigure;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServerStartedEvent;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Run by {@link InheritedServersTests} in a child JVM that a launcher passes a socket as
 * systemd does: an application with one message handler that echoes lines, which prints
 * whether its server runs the message engine. SIGTERM closes the context.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(SocketServerAutoConfiguration.class)
public class InheritingMessageApplication {

	@Bean
	@SocketHandler("echo")
	MessageHandler echo() {
		return (message) -> message.reply(message.bytes());
	}

	@EventListener
	void started(SocketServerStartedEvent event) {
		System.out.println("MESSAGE ENGINE " + (event.server().handlerFactory() instanceof MessageStreamHandler));
		System.out.flush();
	}

	public static void main(String[] args) {
		SpringApplication.run(InheritingMessageApplication.class, args);
	}

}
