package io.github.socketserver.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.socketserver.SocketType;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.message.MessageDatagramHandler;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Finds the {@code @SocketHandler} beans and binds each configured server to exactly one
 * of them, refusing every mismatch with a {@link SocketHandlerBindingException}. A
 * {@link MessageHandler} bean serves a stream server through a
 * {@link MessageStreamHandler} (the server then runs its message engine) and a datagram
 * server through a {@link MessageDatagramHandler}.
 */
final class SocketHandlerBeans {

	/**
	 * The handler of one server: a shared singleton, or a fresh prototype per request.
	 *
	 * @param beanName the handler bean's name
	 * @param handlers gives the handler of each request; for a message handler on a
	 * stream server, the {@link MessageStreamHandler} itself, which the server recognises
	 * @param messageHandler whether the bean is a {@link MessageHandler}, which needs
	 * frames
	 */
	record Binding(String beanName, Supplier<RequestHandler<?>> handlers, boolean messageHandler) {
	}

	private SocketHandlerBeans() {
	}

	/**
	 * Binds handler beans to servers.
	 * @param beanFactory where the handler beans are
	 * @param servers the configured servers and their types
	 * @param forkServers the servers that run a command per request and take no handler
	 * bean
	 * @param disabledServers the servers configured but not created, which handlers may
	 * name
	 * @return the binding of every server that is not a fork server
	 */
	static Map<String, Binding> bind(ConfigurableListableBeanFactory beanFactory, Map<String, SocketType> servers,
			Set<String> forkServers, Set<String> disabledServers) {
		Map<String, Binding> bindings = new LinkedHashMap<>();
		for (String beanName : beanFactory.getBeanNamesForAnnotation(SocketHandler.class)) {
			SocketHandler annotation = beanFactory.findAnnotationOnBean(beanName, SocketHandler.class);
			String[] names = (annotation != null) ? annotation.value() : new String[0];
			if (names.length == 0) {
				throw new SocketHandlerBindingException(
						"Handler bean '" + beanName + "' is annotated @SocketHandler but names no server.",
						"Name the servers it serves, for example @SocketHandler(\"echo\"), as configured under "
								+ "socketserver.servers.<name>.");
			}
			boolean message = isMessageHandler(beanFactory, beanName);
			Class<?> requestType = message ? null : requestType(beanFactory, beanName);
			for (String server : names) {
				if (disabledServers.contains(server)) {
					continue;
				}
				if (forkServers.contains(server)) {
					throw new SocketHandlerBindingException(
							"Socket server '" + server + "' runs its command per request (threading: fork) but bean '"
									+ beanName + "' is annotated @SocketHandler(\"" + server + "\").",
							"Remove \"" + server + "\" from the @SocketHandler of bean '" + beanName
									+ "', or give the server another threading mode.");
				}
				bindOne(beanFactory, bindings, servers, beanName, requestType, server, message);
			}
		}
		List<String> unbound = new ArrayList<>(servers.keySet());
		unbound.removeAll(bindings.keySet());
		unbound.removeAll(forkServers);
		if (!unbound.isEmpty()) {
			String server = unbound.get(0);
			String kind = (servers.get(server) == SocketType.DATAGRAM) ? "DatagramRequestHandler"
					: "StreamRequestHandler";
			kind += " or MessageHandler";
			throw new SocketHandlerBindingException(
					"Socket server '" + server + "' is configured under socketserver.servers." + server
							+ " but no bean handles its requests.",
					"Add a bean implementing " + kind + " annotated @SocketHandler(\"" + server
							+ "\"), or remove the server from the configuration.");
		}
		return bindings;
	}

	private static void bindOne(ConfigurableListableBeanFactory beanFactory, Map<String, Binding> bindings,
			Map<String, SocketType> servers, String beanName, @Nullable Class<?> requestType, String server,
			boolean message) {
		SocketType type = servers.get(server);
		if (type == null) {
			throw new SocketHandlerBindingException(
					"Handler bean '" + beanName + "' is annotated @SocketHandler(\"" + server
							+ "\") but no server of that name is configured. Configured servers: " + servers.keySet()
							+ ".",
					"Configure the server under socketserver.servers." + server
							+ ", or correct the name in @SocketHandler.");
		}
		Binding existing = bindings.get(server);
		if (existing != null) {
			throw new SocketHandlerBindingException(
					"Socket server '" + server + "' has two handler beans: '" + existing.beanName() + "' and '"
							+ beanName + "'.",
					"Keep one @SocketHandler(\"" + server + "\") bean; a server has exactly one handler.");
		}
		Class<?> expected = (type == SocketType.STREAM) ? StreamRequest.class : DatagramRequest.class;
		if (requestType != null && !requestType.isAssignableFrom(expected)) {
			String other = (type == SocketType.STREAM) ? "datagram" : "stream";
			throw new SocketHandlerBindingException(
					"Handler bean '" + beanName + "' handles " + other + " requests (" + requestType.getSimpleName()
							+ ") but socket server '" + server + "' is a " + type.name().toLowerCase() + " server.",
					"Bind a " + ((type == SocketType.STREAM) ? "StreamRequestHandler" : "DatagramRequestHandler")
							+ " or a MessageHandler to '" + server + "', or set socketserver.servers." + server
							+ ".type=" + other + ".");
		}
		Supplier<RequestHandler<?>> handlers = message ? messageHandlers(beanFactory, beanName, type)
				: handlers(beanFactory, beanName);
		bindings.put(server, new Binding(beanName, handlers, message));
	}

	private static boolean isMessageHandler(ConfigurableListableBeanFactory beanFactory, String beanName) {
		Class<?> beanType = beanFactory.getType(beanName);
		if (beanType == null || !MessageHandler.class.isAssignableFrom(beanType)) {
			return false;
		}
		if (RequestHandler.class.isAssignableFrom(beanType)) {
			throw new SocketHandlerBindingException("Bean '" + beanName
					+ "' is annotated @SocketHandler and is both a request handler and a MessageHandler (its type is "
					+ beanType.getName() + ").",
					"Implement one of them: a MessageHandler is given one frame at a time, a request handler the "
							+ "whole connection or datagram.");
		}
		if (beanFactory.isPrototype(beanName)) {
			throw new SocketHandlerBindingException(
					"Message handler bean '" + beanName + "' has prototype scope, but one message handler serves "
							+ "every connection of its server.",
					"Remove @Scope(\"prototype\") from bean '" + beanName + "' and keep per-connection state in "
							+ "MessageConnection.attributes().");
		}
		return true;
	}

	/**
	 * The binding of a message handler: the stream server recognises the
	 * {@link MessageStreamHandler}, which supplies itself; a datagram server shares one
	 * {@link MessageDatagramHandler}.
	 */
	@SuppressWarnings("unchecked")
	private static Supplier<RequestHandler<?>> messageHandlers(ConfigurableListableBeanFactory beanFactory,
			String beanName, SocketType type) {
		MessageHandler handler = beanFactory.getBean(beanName, MessageHandler.class);
		if (type == SocketType.STREAM) {
			Supplier<?> binding = new MessageStreamHandler(handler);
			return (Supplier<RequestHandler<?>>) binding;
		}
		RequestHandler<?> datagrams = new MessageDatagramHandler(handler);
		return () -> datagrams;
	}

	private static @Nullable Class<?> requestType(ConfigurableListableBeanFactory beanFactory, String beanName) {
		Class<?> beanType = beanFactory.getType(beanName);
		if (beanType == null || !RequestHandler.class.isAssignableFrom(beanType)) {
			throw new SocketHandlerBindingException(
					"Bean '" + beanName + "' is annotated @SocketHandler but is neither a request handler nor a "
							+ "message handler (its type is " + ((beanType != null) ? beanType.getName() : "unknown")
							+ ").",
					"Implement StreamRequestHandler for a stream server, DatagramRequestHandler for a datagram "
							+ "server, or MessageHandler for either (one frame at a time, as 'framing' cuts them).");
		}
		return ResolvableType.forClass(beanType).as(RequestHandler.class).getGeneric(0).resolve();
	}

	@SuppressWarnings("unchecked")
	private static Supplier<RequestHandler<?>> handlers(ConfigurableListableBeanFactory beanFactory, String beanName) {
		if (beanFactory.isPrototype(beanName)) {
			return () -> (RequestHandler<?>) beanFactory.getBean(beanName);
		}
		RequestHandler<?> shared = (RequestHandler<?>) beanFactory.getBean(beanName);
		if (shared instanceof MessageStreamHandler binding) {
			// It supplies itself, so that the server runs its message engine.
			Supplier<?> engine = binding;
			return (Supplier<RequestHandler<?>>) engine;
		}
		return () -> shared;
	}

}
