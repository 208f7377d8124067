package io.github.socketserver.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a key under {@code socketserver.} that binds to nothing (a typo, or a key of an
 * earlier layout) with the closest known key: a server's settings are limits and
 * timeouts, and one mistyped must not be ignored in silence. Runs before Spring Boot's
 * own report of unbound keys, which names the key only.
 */
class UnknownServerKeyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
		implements Ordered {

	private static final String PREFIX = "socketserver.";

	private static final String SERVERS = PREFIX + "servers.";

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> property.getName().toString().startsWith(PREFIX))
			.sorted(Comparator.comparing((property) -> property.getName().toString()))
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder("Unknown socket server settings:\n");
		StringBuilder action = new StringBuilder();
		for (ConfigurationProperty property : unknown) {
			String key = property.getName().toString();
			description.append("\n    ").append(key);
			if (property.getOrigin() != null) {
				description.append(" (from ").append(property.getOrigin()).append(")");
			}
			String closest = closestKnownKey(key);
			if (closest != null) {
				action.append("Replace '").append(key).append("' with '").append(closest).append("'.\n");
			}
		}
		action.append("Remove or correct the unknown keys: every key of a server is listed in the configuration "
				+ "reference of the README and in your IDE's completion.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	/**
	 * The known key nearest to an unknown one, by edit distance over the canonical forms,
	 * comparing both the whole key and its last part, so that a key put in the wrong
	 * group is found as well as a typo.
	 */
	static @Nullable String closestKnownKey(String key) {
		String prefix;
		String relative;
		List<String> known;
		if (key.startsWith(SERVERS) && key.indexOf('.', SERVERS.length()) > 0) {
			int end = key.indexOf('.', SERVERS.length());
			prefix = key.substring(0, end + 1);
			relative = key.substring(end + 1);
			known = keysOf(SocketServerProperties.Server.class, "");
		}
		else {
			prefix = PREFIX;
			relative = key.substring(PREFIX.length());
			known = keysOf(SocketServerProperties.class, "");
		}
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = Math.min(distance(relative, candidate), distance(last(relative), last(candidate)) + 1);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		int tolerance = Math.max(2, canonical(last(relative)).length() / 3);
		return (best != null && bestDistance <= tolerance) ? prefix + best : null;
	}

	/**
	 * The keys of a properties class in their dashed form, its groups walked into; a map
	 * (of servers, or a fork server's environment) takes any key below it.
	 */
	private static List<String> keysOf(Class<?> type, String prefix) {
		List<String> keys = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String key = prefix + DataObjectPropertyName.toDashedForm(descriptor.getName());
			Class<?> propertyType = descriptor.getPropertyType();
			if (Map.class.isAssignableFrom(propertyType)) {
				continue;
			}
			if (descriptor.getWriteMethod() == null
					&& propertyType.getPackageName().equals(UnknownServerKeyFailureAnalyzer.class.getPackageName())) {
				keys.addAll(keysOf(propertyType, key + "."));
			}
			else {
				keys.add(key);
			}
		}
		return keys;
	}

	private static String last(String key) {
		return key.substring(key.lastIndexOf('.') + 1);
	}

	/**
	 * The form relaxed binding compares: lower case, without dashes and underscores.
	 */
	private static String canonical(String key) {
		return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	/**
	 * Levenshtein distance between the canonical forms.
	 */
	private static int distance(String first, String second) {
		String a = canonical(first);
		String b = canonical(second);
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
