package io.github.socketserver.test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import io.github.socketserver.autoconfigure.SocketServerCustomizer;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.RequestVerifier;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Keeps, of the components scanning finds, those a {@link SocketServerTest} needs: the
 * {@code @SocketHandler} beans (of the servers named in
 * {@link SocketServerTest#servers()} when some are), and the customizers, verifiers,
 * error handlers and frame codecs of the servers.
 */
final class SocketServerTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<SocketServerTest> {

	private static final Set<Class<?>> KNOWN_INCLUDES = Set.of(SocketHandler.class, SocketServerCustomizer.class,
			RequestVerifier.class, ErrorHandler.class, FrameCodec.class);

	private final Set<String> servers;

	SocketServerTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.servers = getAnnotation().isPresent() ? Set.of(getAnnotation().getStringArray("servers")) : Set.of();
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN_INCLUDES;
	}

	@Override
	protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		return super.defaultInclude(metadataReader, metadataReaderFactory) && servesAServerStarted(metadataReader);
	}

	private boolean servesAServerStarted(MetadataReader metadataReader) {
		if (this.servers.isEmpty()) {
			return true;
		}
		Map<String, @Nullable Object> handler = metadataReader.getAnnotationMetadata()
			.getAnnotationAttributes(SocketHandler.class.getName());
		if (handler == null) {
			// A customizer, verifier, error handler or codec: of every server.
			return true;
		}
		return Arrays.stream((String[]) handler.get("value")).anyMatch(this.servers::contains);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return super.equals(other) && this.servers.equals(((SocketServerTypeExcludeFilter) other).servers);
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + this.servers.hashCode();
	}

}
