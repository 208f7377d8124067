package io.github.socketserver.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Declares what the socket servers reach by reflection that AOT processing cannot see, so
 * that a native image built from an AOT-processed application has it.
 * <p>
 * Two things: the virtual thread builder, which {@code Threading} looks up by reflection
 * so that the engine still compiles for Java 17; and the property groups of a server
 * ({@code socket}, {@code pool}, ...), which Boot's binding hints miss because they are
 * top-level classes rather than nested classes of {@link SocketServerProperties}. Boot
 * already covers {@link SocketServerProperties} and its nested classes, and the failure
 * analyzers of {@code spring.factories}; junixsocket ships its own native-image metadata
 * (JNI, reflection, and its native library as a resource). None of those is repeated.
 */
final class SocketServerRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * The type of each property group of {@link SocketServerProperties.Server}.
	 */
	static final List<Class<?>> SERVER_PROPERTY_GROUPS = List.of(ServerSocketProperties.class,
			ServerPoolProperties.class, ServerShutdownProperties.class, ServerStreamProperties.class,
			ServerDatagramProperties.class, ServerLimitsProperties.class, ServerAccessProperties.class,
			ServerSocketFileProperties.class, ServerForkProperties.class);

	private static final TypeReference THREAD_BUILDER = TypeReference.of("java.lang.Thread$Builder");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		registerVirtualThreadBuilder(hints.reflection());
		BindableRuntimeHintsRegistrar.forTypes(SERVER_PROPERTY_GROUPS).registerHints(hints);
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
