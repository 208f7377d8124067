package io.github.socketserver.test;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;

import io.github.socketserver.context.SocketServerEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Reads the value a {@link LocalSocketServerPort} or {@link LocalSocketServerPath} stands
 * for, from where the servers published their addresses.
 */
final class LocalSocketServerValues {

	private LocalSocketServerValues() {
	}

	/**
	 * Whether an element carries one of the annotations.
	 * @param element a field or a parameter
	 * @return true if it asks for a port or a path
	 */
	static boolean isAnnotated(AnnotatedElement element) {
		return element.isAnnotationPresent(LocalSocketServerPort.class)
				|| element.isAnnotationPresent(LocalSocketServerPath.class);
	}

	/**
	 * The value for an annotated field or parameter.
	 * @param environment where the servers published their addresses
	 * @param element the field or parameter
	 * @param type its type
	 * @return the port or path, in the element's type
	 * @throws IllegalStateException if the server is not running, or the type does not
	 * fit
	 */
	static @Nullable Object resolve(Environment environment, AnnotatedElement element, Class<?> type) {
		LocalSocketServerPort port = element.getAnnotation(LocalSocketServerPort.class);
		if (port != null) {
			String value = published(environment, port.value(), SocketServerEnvironment.portProperty(port.value()),
					element, port);
			if (type == int.class || type == Integer.class) {
				return Integer.valueOf(value);
			}
			return requireString(type, value, element, "int, Integer or String");
		}
		LocalSocketServerPath path = element.getAnnotation(LocalSocketServerPath.class);
		if (path != null) {
			String value = published(environment, path.value(), SocketServerEnvironment.pathProperty(path.value()),
					element, path);
			if (type == Path.class) {
				return Path.of(value);
			}
			return requireString(type, value, element, "Path or String");
		}
		return null;
	}

	private static String published(Environment environment, String server, String key, AnnotatedElement element,
			Object annotation) {
		String value = environment.getProperty(key);
		if (value == null) {
			throw new IllegalStateException(annotation + " on " + element + ": the server is not running (" + key
					+ " is not set). Check its name; that the test starts it: a @SocketServerTest(servers = ...) "
					+ "that leaves it out, or socketserver.servers." + server + ".enabled=false, disables it; "
					+ "that it starts with the context (auto-startup); and that it is of the right family.");
		}
		return value;
	}

	private static String requireString(Class<?> type, String value, AnnotatedElement element, String types) {
		if (type != String.class) {
			throw new IllegalStateException(element + " is of type " + type.getName() + ": it must be " + types);
		}
		return value;
	}

}
