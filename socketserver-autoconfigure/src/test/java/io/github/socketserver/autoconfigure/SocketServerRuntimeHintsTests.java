package io.github.socketserver.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerRuntimeHints}.
 */
class SocketServerRuntimeHintsTests {

	private static final String THREAD_BUILDER = "java.lang.Thread$Builder";

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = registeredHints();

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "Thread.ofVirtual() and Thread.Builder are Java 21")
	void registersTheVirtualThreadBuilderThatThreadingLooksUp() throws Exception {
		assertThat(this.reflection.onMethodInvocation(Thread.class, "ofVirtual")).accepts(this.hints);
		assertThat(this.reflection.onType(TypeReference.of(THREAD_BUILDER))).accepts(this.hints);
		Class<?> builder = Class.forName(THREAD_BUILDER);
		assertThat(this.reflection.onMethodInvocation(builder.getMethod("name", String.class, long.class)))
			.accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation(builder.getMethod("factory"))).accepts(this.hints);
	}

	@Test
	void everyPropertyGroupOfAServerIsBoundInANativeImage() {
		RuntimeHints processed = processAheadOfTime();
		List<Class<?>> groups = propertyGroupsOfAServer();
		assertThat(groups).hasSize(13)
			.contains(ServerSslProperties.class, ServerFramingProperties.class, ServerThreadProperties.class);
		for (Class<?> group : groups) {
			for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(group)) {
				if (property.getWriteMethod() != null) {
					String name = group.getSimpleName() + "." + property.getName();
					assertThat(this.reflection.onMethodInvocation(property.getReadMethod())).as(name)
						.accepts(processed);
					assertThat(this.reflection.onMethodInvocation(property.getWriteMethod())).as(name)
						.accepts(processed);
				}
			}
		}
	}

	@Test
	void reachesTheHintsWhenTheAutoConfigurationIsProcessedAheadOfTime() {
		RuntimeHints processed = processAheadOfTime();
		assertThat(this.reflection.onType(TypeReference.of(THREAD_BUILDER))).accepts(processed);
		assertThat(this.reflection.onMethodInvocation(ServerForkProperties.class, "setMaxChildren")).accepts(processed);
		// A group within a group: the codecs' settings under 'framing'.
		assertThat(this.reflection.onMethodInvocation(ServerFramingLengthFieldProperties.class, "setLength"))
			.accepts(processed);
		// Boot's own binding hints, which this registrar leaves to Boot.
		assertThat(this.reflection.onMethodInvocation(SocketServerProperties.Server.class, "setPort"))
			.accepts(processed);
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		new SocketServerRuntimeHints().registerHints(hints, SocketServerRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

	/**
	 * The types of the read-only properties of a server declared in this package: the
	 * groups bound in place, as Boot's {@code server.tomcat.threads}.
	 */
	private static List<Class<?>> propertyGroupsOfAServer() {
		Package here = SocketServerProperties.class.getPackage();
		return Arrays.stream(BeanUtils.getPropertyDescriptors(SocketServerProperties.Server.class))
			.filter((property) -> property.getWriteMethod() == null)
			.map(PropertyDescriptor::getReadMethod)
			.map(Method::getReturnType)
			.filter((type) -> type.getPackage() == here)
			.<Class<?>>map((type) -> type)
			.toList();
	}

	private static RuntimeHints processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.register(SocketServerAutoConfiguration.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(SocketServerRuntimeHintsTests.class)),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

}
