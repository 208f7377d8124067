package io.github.socketserver.test;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives the context of a {@link SocketServerTest} its servers: those named, on free
 * addresses unless told otherwise.
 */
class SocketServerTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		SocketServerTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, SocketServerTest.class);
		if (test == null) {
			return null;
		}
		return new SocketServerTestContextCustomizer(Set.of(test.servers()), test.freeAddresses());
	}

}
