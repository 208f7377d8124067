package io.github.socketserver.test.app;

import org.springframework.stereotype.Service;

/**
 * A service a handler needs: not a socket server component, so a socket server test
 * imports it or leaves its server out.
 */
@Service
public class Greeter {

	String greet(String name) {
		return "hello, " + name;
	}

}
