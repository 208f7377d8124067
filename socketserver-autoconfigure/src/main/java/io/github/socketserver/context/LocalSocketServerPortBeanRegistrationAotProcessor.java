package io.github.socketserver.context;

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
 * Registers for reflection the {@link LocalSocketServerPort} fields of each bean, which
 * {@link LocalSocketServerPortInjector} finds and sets by reflection at run time: in a
 * native image a field not registered is not even listed, and would stay unset.
 * <p>
 * Fields of test classes are not beans and are not covered.
 */
@SuppressWarnings("deprecation")
class LocalSocketServerPortBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		List<Field> fields = new ArrayList<>();
		ReflectionUtils.doWithFields(registeredBean.getBeanClass(), fields::add,
				(field) -> field.isAnnotationPresent(LocalSocketServerPort.class));
		if (fields.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			fields.forEach(reflection::registerField);
		};
	}

}
