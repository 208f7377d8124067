package io.github.socketserver.autoconfigure;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.StreamRequestHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Run by {@link Java17CompatibilityTests} in a Java 17 JVM with the arguments it gives:
 * starts an application with one echo server, prints the threading the server got, and
 * closes. A start-up failure prints Spring Boot's failure analysis on the way out.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(SocketServerAutoConfiguration.class)
public class Java17Application {

	@Bean
	@SocketHandler("echo")
	StreamRequestHandler echo() {
		return (request) -> request.rfile().transferTo(request.wfile());
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(Java17Application.class);
		try (ConfigurableApplicationContext context = application.run(args)) {
			System.out.println("threading: " + context.getBean(SocketServers.class).get("echo").server().threading());
		}
	}

}
