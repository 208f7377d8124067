package io.github.socketserver.context;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSocketServerPortBeanRegistrationAotProcessor}.
 */
@SuppressWarnings("deprecation")
class LocalSocketServerPortBeanRegistrationAotProcessorTests {

	@Test
	void registersTheAnnotatedFieldsOfABeanForAccessWhenProcessedAheadOfTime() {
		RuntimeHints hints = processAheadOfTime(PortHolder.class);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(PortHolder.class, "port")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(BasePortHolder.class, "inheritedPort"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(PortHolder.class, "other")).rejects(hints);
	}

	@Test
	void contributesNothingForABeanWithoutAnnotatedFields() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Plain.class));
		assertThat(new LocalSocketServerPortBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
	}

	/**
	 * Processes a context holding one bean, as a build's {@code process-aot} does, so
	 * that the processor is found through {@code META-INF/spring/aot.factories}.
	 */
	private static RuntimeHints processAheadOfTime(Class<?> beanClass) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBeanDefinition("holder", new RootBeanDefinition(beanClass));
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(LocalSocketServerPortBeanRegistrationAotProcessorTests.class)),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

	static class BasePortHolder {

		@LocalSocketServerPort("echo")
		int inheritedPort;

	}

	static class PortHolder extends BasePortHolder {

		@LocalSocketServerPort("echo")
		private int port;

		private int other;

	}

	static class Plain {

		int port;

	}

}
