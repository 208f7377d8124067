package io.github.socketserver.test;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;

/**
 * Fills the fields annotated {@link LocalSocketServerPort} or
 * {@link LocalSocketServerPath}: of beans, and of test instances, which the Spring
 * TestContext framework initializes as beans.
 */
class LocalSocketServerInjector implements BeanPostProcessor, EnvironmentAware {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		ReflectionUtils.doWithFields(bean.getClass(), (field) -> inject(bean, field),
				LocalSocketServerValues::isAnnotated);
		return bean;
	}

	private void inject(Object bean, Field field) {
		if (this.environment == null) {
			throw new IllegalStateException("No environment to read the servers' addresses from");
		}
		Object value = LocalSocketServerValues.resolve(this.environment, field, field.getType());
		ReflectionUtils.makeAccessible(field);
		ReflectionUtils.setField(field, bean, value);
	}

}
