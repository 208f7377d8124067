package io.github.socketserver.test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ReflectionUtils;

/**
 * Registers for reflection the {@link LocalSocketServerPort} and
 * {@link LocalSocketServerPath} fields of each bean, which
 * {@link LocalSocketServerInjector} sets by reflection: in a native image a field not
 * registered is not even listed.
 */
class LocalSocketServerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		List<Field> fields = new ArrayList<>();
		ReflectionUtils.doWithFields(registeredBean.getBeanClass(), fields::add, LocalSocketServerValues::isAnnotated);
		if (fields.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			fields.forEach(reflection::registerField);
		};
	}

}
