package io.github.socketserver.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Declares what the socket servers reach by reflection that AOT processing cannot see, so
 * that a native image built from an AOT-processed application has it.
 * <p>
 * One thing: the virtual thread builder, which {@code Threading} looks up by reflection
 * so that the engine still compiles for Java 17. Boot already covers
 * {@link SocketServerProperties}, its nested classes and the property groups of a server
 * (marked {@code @NestedConfigurationProperty}), and the failure analyzers of
 * {@code spring.factories}; junixsocket ships its own native-image metadata (JNI,
 * reflection, and its native library as a resource). None of those is repeated.
 */
final class SocketServerRuntimeHints implements RuntimeHintsRegistrar {

	private static final TypeReference THREAD_BUILDER = TypeReference.of("java.lang.Thread$Builder");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		registerVirtualThreadBuilder(hints.reflection());
	}

	/**
	 * Names the builder by its type reference: {@code Thread.Builder} is not there when
	 * the engine compiles for Java 17.
	 */
	private static void registerVirtualThreadBuilder(ReflectionHints reflection) {
		reflection.registerType(Thread.class, (type) -> type.withMethod("ofVirtual", List.of(), ExecutableMode.INVOKE));
		reflection.registerType(THREAD_BUILDER,
				(type) -> type
					.withMethod("name", List.of(TypeReference.of(String.class), TypeReference.of(long.class)),
							ExecutableMode.INVOKE)
					.withMethod("factory", List.of(), ExecutableMode.INVOKE));
	}

}
