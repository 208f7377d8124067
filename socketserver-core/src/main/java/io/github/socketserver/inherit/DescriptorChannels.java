package io.github.socketserver.inherit;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

import io.github.socketserver.AddressFamily;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Turns a descriptor number into the channel a server of its kind uses, on a duplicate of
 * the descriptor: closing the channel leaves the original open, for the supervisor and
 * for a restart in the same process.
 * <p>
 * The JDK has no public way to wrap a descriptor other than standard input
 * ({@link System#inheritedChannel()}), so TCP, UDP and Unix stream sockets go through the
 * constructors {@code System.inheritedChannel()} itself uses, in {@code sun.nio.ch}: the
 * JVM must run with {@value #ADD_OPENS}. The channels are the JDK's own, on the JDK's
 * selector, exactly those a server binds itself. Unix datagram sockets, which the JDK
 * lacks, are junixsocket's channel, cast by its {@link FileDescriptorCast}.
 */
final class DescriptorChannels {

	static final String ADD_OPENS = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED";

	private DescriptorChannels() {
	}

	static ServerSocketChannel serverSocket(int descriptor, AddressFamily family) throws IOException {
		Constructor<?> constructor = internal("sun.nio.ch.ServerSocketChannelImpl", SelectorProvider.class,
				ProtocolFamily.class, FileDescriptor.class, boolean.class);
		FileDescriptor duplicate = duplicate(descriptor);
		try {
			return (ServerSocketChannel) create(constructor, SelectorProvider.provider(), protocolFamily(family),
					duplicate, true);
		}
		catch (IOException ex) {
			release(duplicate);
			throw ex;
		}
	}

	static DatagramChannel datagram(int descriptor, AddressFamily family) throws IOException {
		if (family == AddressFamily.UNIX) {
			FileDescriptor unixDuplicate = duplicate(descriptor);
			AFUNIXDatagramChannel channel;
			try {
				channel = FileDescriptorCast.using(unixDuplicate).as(AFUNIXDatagramChannel.class);
			}
			catch (IOException | RuntimeException ex) {
				release(unixDuplicate);
				throw ex;
			}
			// The socket and its file are the supervisor's: junixsocket would otherwise
			// delete the file, and shut the socket down for every holder, at close.
			channel.setDeleteOnClose(false);
			channel.setShutdownOnClose(false);
			return channel;
		}
		Constructor<?> constructor = internal("sun.nio.ch.DatagramChannelImpl", SelectorProvider.class,
				FileDescriptor.class);
		FileDescriptor duplicate = duplicate(descriptor);
		DatagramChannel channel;
		try {
			channel = (DatagramChannel) create(constructor, SelectorProvider.provider(), duplicate);
		}
		catch (IOException ex) {
			release(duplicate);
			throw ex;
		}
		// The constructor assumes IPv6 where the system has it; an IPv4 socket that
		// believes so cannot send to an IPv4 client.
		try {
			Field field = constructor.getDeclaringClass().getDeclaredField("family");
			field.setAccessible(true);
			field.set(channel, protocolFamily(family));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			channel.close();
			throw new IOException("The JDK's datagram channel cannot be told its family: run the JVM with " + ADD_OPENS
					+ " on a JDK 17 to 25", ex);
		}
		return channel;
	}

	private static FileDescriptor duplicate(int descriptor) throws IOException {
		return FileDescriptorCast.duplicating(FileDescriptorCast.unsafeUsing(descriptor).getFileDescriptor())
			.getFileDescriptor();
	}

	/**
	 * Closes a duplicate no channel took; the original stays open.
	 */
	private static void release(FileDescriptor duplicate) {
		try (FileInputStream stream = new FileInputStream(duplicate)) {
			// Closing the stream closes the descriptor.
		}
		catch (IOException ex) {
			// Nothing more to do with a descriptor that will not close.
		}
	}

	private static ProtocolFamily protocolFamily(AddressFamily family) {
		return switch (family) {
			case INET -> StandardProtocolFamily.INET;
			case INET6 -> StandardProtocolFamily.INET6;
			case UNIX -> StandardProtocolFamily.UNIX;
		};
	}

	private static Constructor<?> internal(String className, Class<?>... parameters) throws IOException {
		try {
			Constructor<?> constructor = Class.forName(className).getDeclaredConstructor(parameters);
			constructor.setAccessible(true);
			return constructor;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IOException("Wrapping an inherited descriptor in a JDK channel needs the JVM option " + ADD_OPENS
					+ " (" + ex + ")", ex);
		}
	}

	private static Object create(Constructor<?> constructor, Object... arguments) throws IOException {
		try {
			return constructor.newInstance(arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException("The JDK could not wrap the inherited descriptor", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IOException("The JDK could not wrap the inherited descriptor", ex);
		}
	}

}
