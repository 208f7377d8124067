package io.github.socketserver.test.app;

import org.springframework.stereotype.Component;

/**
 * A component of the application that has nothing to do with its socket servers.
 */
@Component
public class UnrelatedComponent {

}
