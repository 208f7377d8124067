package io.github.socketserver.autoconfigure;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequestHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Run by {@link InheritedServersTests} in a child JVM that a launcher passes a socket as
 * systemd does: an application with one line-echo server, configured by the arguments.
 * SIGTERM closes the context.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(SocketServerAutoConfiguration.class)
public class InheritingApplication {

	@Bean
	@SocketHandler("echo")
	StreamRequestHandler echo() {
		return (request) -> {
			for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
				request.wfile().write(line + "\n");
			}
		};
	}

	public static void main(String[] args) {
		SpringApplication.run(InheritingApplication.class, args);
	}

}
