package io.github.socketserver.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application as users write one: handlers, a service one of them needs, and a
 * component no socket server test should see. Its servers are in {@code application.yml}.
 */
@SpringBootApplication
public class TestApplication {

}
