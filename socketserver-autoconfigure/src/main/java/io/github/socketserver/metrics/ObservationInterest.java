package io.github.socketserver.metrics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.AllMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Whether any handler of a registry acts on the observation of a request: none does when
 * the one that takes it is the {@link SocketServerMeterObservationHandler}, which records
 * nothing, as in an application with meters and no tracing. An observation there would
 * cost every connection a context, its maps and a scope, for nothing.
 * <p>
 * The answer is kept while the registry holds the same handlers, so that asking costs a
 * look at a few references. Micrometer does not publish a registry's handlers: where they
 * cannot be read, every observation is made. Thread-safe.
 */
final class ObservationInterest {

	private static final @Nullable MethodHandle HANDLERS = handlersGetter();

	private final ObservationRegistry registry;

	private volatile @Nullable Answer answer;

	ObservationInterest(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The answer given last, if the registry's handlers have not changed since.
	 * @return whether a handler acts, or {@code null} if {@link #acts} must be asked
	 */
	@Nullable Boolean known() {
		Answer answer = this.answer;
		if (answer == null) {
			return null;
		}
		Collection<ObservationHandler<?>> handlers = handlers();
		if (handlers == null) {
			return true;
		}
		return sameHandlers(answer.handlers(), handlers) ? answer.acts() : null;
	}

	/**
	 * Whether a handler of the registry acts on an observation of this context.
	 * @param context the context of a request's observation
	 * @return false if every handler that takes the context records nothing
	 */
	boolean acts(Observation.Context context) {
		Collection<ObservationHandler<?>> all = handlers();
		if (all == null) {
			return true;
		}
		List<ObservationHandler<?>> handlers = List.copyOf(all);
		boolean acts = false;
		for (ObservationHandler<?> handler : handlers) {
			if (handler.supportsContext(context) && acts(handler, context)) {
				acts = true;
				break;
			}
		}
		this.answer = new Answer(handlers, acts);
		return acts;
	}

	/**
	 * The registry's handlers, or {@code null} if they cannot be read: then every
	 * observation is made, as if one acted.
	 */
	@SuppressWarnings("unchecked")
	private @Nullable Collection<ObservationHandler<?>> handlers() {
		MethodHandle getter = HANDLERS;
		if (getter == null) {
			return null;
		}
		try {
			return (Collection<ObservationHandler<?>>) getter.invoke(this.registry.observationConfig());
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Micrometer keeps the getter of a registry's handlers to its own package.
	 */
	private static @Nullable MethodHandle handlersGetter() {
		try {
			Method getter = ObservationRegistry.ObservationConfig.class.getDeclaredMethod("getObservationHandlers");
			getter.setAccessible(true);
			return MethodHandles.lookup().unreflect(getter);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static boolean acts(ObservationHandler<?> handler, Observation.Context context) {
		if (handler instanceof SocketServerMeterObservationHandler) {
			return false;
		}
		if (handler instanceof FirstMatchingCompositeObservationHandler first) {
			// Only the first handler that takes the context sees it.
			for (ObservationHandler<?> member : first.getHandlers()) {
				if (member.supportsContext(context)) {
					return acts(member, context);
				}
			}
			return false;
		}
		if (handler instanceof AllMatchingCompositeObservationHandler all) {
			for (ObservationHandler<?> member : all.getHandlers()) {
				if (member.supportsContext(context) && acts(member, context)) {
					return true;
				}
			}
			return false;
		}
		return true;
	}

	private static boolean sameHandlers(List<ObservationHandler<?>> known, Collection<ObservationHandler<?>> now) {
		if (known.size() != now.size()) {
			return false;
		}
		Iterator<ObservationHandler<?>> current = now.iterator();
		for (ObservationHandler<?> handler : known) {
			if (!current.hasNext() || current.next() != handler) {
				return false;
			}
		}
		return true;
	}

	private record Answer(List<ObservationHandler<?>> handlers, boolean acts) {
	}

}
