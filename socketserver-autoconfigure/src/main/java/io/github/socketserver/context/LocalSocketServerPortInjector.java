package io.github.socketserver.context;

import java.lang.reflect.Field;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;

/**
 * Fills the fields annotated with {@link LocalSocketServerPort} from the environment.
 *
 * @since 0.1.0
 */
@SuppressWarnings("deprecation")
public class LocalSocketServerPortInjector implements BeanPostProcessor {

	private final Environment environment;

	/**
	 * Creates the injector.
	 * @param environment where the ports were published
	 */
	public LocalSocketServerPortInjector(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		ReflectionUtils.doWithFields(bean.getClass(), (field) -> inject(bean, field),
				(field) -> field.isAnnotationPresent(LocalSocketServerPort.class));
		return bean;
	}

	private void inject(Object bean, Field field) {
		String server = field.getAnnotation(LocalSocketServerPort.class).value();
		String key = SocketServerEnvironment.portProperty(server);
		String port = this.environment.getProperty(key);
		if (port == null) {
			throw new IllegalStateException("@LocalSocketServerPort(\"" + server + "\") on " + field
					+ ": no server named '" + server + "' is running yet (" + key + " is not set)");
		}
		Object value = (field.getType() == String.class) ? port : Integer.valueOf(port);
		ReflectionUtils.makeAccessible(field);
		ReflectionUtils.setField(field, bean, value);
	}

}
