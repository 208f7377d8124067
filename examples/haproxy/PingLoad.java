import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load of Redis PINGs, one connection per request, as redis-benchmark -k 0 opens
 * them, but counting every failure: a refused or reset connection, a timeout, a wrong
 * reply. Runs until the stop file appears, the request budget is spent, or the time is up.
 *
 * java PingLoad.java host port clients max-requests max-seconds stop-file
 */
public class PingLoad {

	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int clients = Integer.parseInt(args[2]);
		long budget = Long.parseLong(args[3]);
		long deadline = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
		Path stop = Path.of(args[5]);
		AtomicLong taken = new AtomicLong();
		AtomicLong done = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(() -> {
				while (!Files.exists(stop) && System.nanoTime() < deadline && taken.incrementAndGet() <= budget) {
					String failure = ping(host, port);
					done.incrementAndGet();
					if (failure != null) {
						failed.incrementAndGet();
						System.err.println(java.time.LocalTime.now() + " failed: " + failure);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		System.out.println("requests: " + done.get() + ", failed: " + failed.get());
	}

	private static String ping(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(7);
			String text = new String(reply, StandardCharsets.US_ASCII);
			return text.equals("+PONG\r\n") ? null : "reply '" + text.strip() + "'";
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

}
