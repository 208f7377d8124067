package io.github.socketserver.test;

import java.lang.reflect.AnnotatedElement;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.env.Environment;

/**
 * Gives {@link LocalSocketServerPort} and {@link LocalSocketServerPath} their value where
 * Spring resolves a dependency, as {@code @Value} has its own: on the parameters of a
 * test constructor that Spring autowires ({@code @Autowired}, or
 * {@code @TestConstructor(autowireMode = ALL)}), which the JUnit extension leaves to it.
 */
class LocalSocketServerAutowireCandidateResolver extends ContextAnnotationAutowireCandidateResolver {

	@Override
	public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
		AnnotatedElement element = annotatedElement(descriptor);
		if (element != null && LocalSocketServerValues.isAnnotated(element)) {
			BeanFactory beanFactory = getBeanFactory();
			if (beanFactory == null) {
				throw new IllegalStateException("No bean factory to read the servers' addresses from");
			}
			return LocalSocketServerValues.resolve(beanFactory.getBean(Environment.class), element,
					descriptor.getDependencyType());
		}
		return super.getSuggestedValue(descriptor);
	}

	private static @Nullable AnnotatedElement annotatedElement(DependencyDescriptor descriptor) {
		MethodParameter parameter = descriptor.getMethodParameter();
		return (parameter != null) ? parameter.getParameter() : descriptor.getField();
	}

}
