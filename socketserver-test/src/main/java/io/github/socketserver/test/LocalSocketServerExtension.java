package io.github.socketserver.test;

import java.lang.reflect.Parameter;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.support.TestConstructorUtils;

/**
 * Resolves constructor and method parameters annotated {@link LocalSocketServerPort} or
 * {@link LocalSocketServerPath} from the test's application context. A
 * {@link SocketServerTest} brings it; add it to a {@code @SpringBootTest} with
 * {@code @ExtendWith(LocalSocketServerExtension.class)}. Fields need no extension: the
 * context fills them as it does {@code @Autowired} ones.
 * <p>
 * The parameters of a constructor Spring autowires ({@code @Autowired}, or
 * {@code @TestConstructor(autowireMode = ALL)}) are left to Spring, which resolves these
 * annotations there as it does {@code @Value}: JUnit refuses two resolvers for one
 * parameter.
 *
 * @since 0.1.0
 */
public class LocalSocketServerExtension implements ParameterResolver {

	/**
	 * Created by JUnit from {@code @ExtendWith}.
	 */
	public LocalSocketServerExtension() {
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Parameter parameter = parameterContext.getParameter();
		// Spring resolves every parameter of a constructor it autowires, these included.
		return LocalSocketServerValues.isAnnotated(parameter)
				&& !TestConstructorUtils.isAutowirableConstructor(parameter.getDeclaringExecutable(),
						(name) -> extensionContext.getConfigurationParameter(name).orElse(null));
	}

	@Override
	public @Nullable Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Parameter parameter = parameterContext.getParameter();
		try {
			return LocalSocketServerValues.resolve(
					SpringExtension.getApplicationContext(extensionContext).getEnvironment(), parameter,
					parameter.getType());
		}
		catch (IllegalStateException ex) {
			throw new ParameterResolutionException(ex.getMessage(), ex);
		}
	}

}
