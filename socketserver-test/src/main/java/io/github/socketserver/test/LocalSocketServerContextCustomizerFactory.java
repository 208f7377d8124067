package io.github.socketserver.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers {@link LocalSocketServerInjector} in the context of every Spring test, so
 * that {@link LocalSocketServerPort} and {@link LocalSocketServerPath} work on fields of
 * test classes and beans without further set-up, and
 * {@link LocalSocketServerAutowireCandidateResolver}, for the parameters of constructors
 * Spring autowires. Only tests load these annotations, so only test contexts need it.
 */
class LocalSocketServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer();
	}

	private static final class Customizer implements ContextCustomizer {

		private static final String BEAN_NAME = LocalSocketServerInjector.class.getName();

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			if (context.getBeanFactory() instanceof DefaultListableBeanFactory beanFactory
					&& beanFactory.getAutowireCandidateResolver() instanceof ContextAnnotationAutowireCandidateResolver
					&& !(beanFactory
						.getAutowireCandidateResolver() instanceof LocalSocketServerAutowireCandidateResolver)) {
				beanFactory.setAutowireCandidateResolver(new LocalSocketServerAutowireCandidateResolver());
			}
			if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry
					&& !registry.containsBeanDefinition(BEAN_NAME)) {
				RootBeanDefinition definition = new RootBeanDefinition(LocalSocketServerInjector.class);
				definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
				registry.registerBeanDefinition(BEAN_NAME, definition);
			}
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
