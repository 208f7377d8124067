import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * A UDP echo load client: {@code java UdpLoad.java PORT DATAGRAMS CLIENTS}. Each client thread
 * sends a 64-byte datagram, waits for its echo (100 ms timeout counts a loss), and repeats.
 * Prints: datagrams per second, p50 and p99 round trip in microseconds, lost count.
 */
public class UdpLoad {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int total = Integer.parseInt(args[1]);
		int clients = Integer.parseInt(args[2]);
		int each = total / clients;
		long[][] latencies = new long[clients][each];
		int[] lost = new int[clients];
		Thread[] threads = new Thread[clients];
		long start = System.nanoTime();
		for (int c = 0; c < clients; c++) {
			int client = c;
			threads[c] = new Thread(() -> {
				try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
					channel.connect(new InetSocketAddress("127.0.0.1", port));
					channel.socket().setSoTimeout(100);
					ByteBuffer request = ByteBuffer.allocate(64);
					byte[] reply = new byte[128];
					var socket = channel.socket();
					for (int i = 0; i < each; i++) {
						long sent = System.nanoTime();
						request.clear();
						channel.write(request);
						var packet = new java.net.DatagramPacket(reply, reply.length);
						try {
							socket.receive(packet);
							latencies[client][i] = System.nanoTime() - sent;
						}
						catch (java.net.SocketTimeoutException ex) {
							lost[client]++;
							latencies[client][i] = Long.MAX_VALUE;
						}
					}
				}
				catch (Exception ex) {
					throw new RuntimeException(ex);
				}
			});
			threads[c].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		int lostTotal = Arrays.stream(lost).sum();
		System.out.printf("%.0f %d %d %d%n", (each * clients - lostTotal) / seconds, all[all.length / 2] / 1000,
				all[(int) (all.length * 0.99)] / 1000, lostTotal);
	}

}
