"""Tests of the benchmark's own logic: python3 -m unittest discover -s benchmarks

The Netty server's protocol test runs when Netty's jars were fetched (bench.py fetches them)."""
import os, socket, subprocess, tempfile, time, unittest, unittest.mock, zipfile

import bench
import bench_load
import bench_report
import jfr_top
import syscalls
from bench_servers import (JAVA, NETTY, Server, build_netty, free_port, message_servers, our_server,
                           sample_servers)

SAMPLE_YML = """\
management:
  endpoint:
    health:
      show-details: always
socketserver:
  servers:
    ping:                    # Redis PING
      host: 127.0.0.1
      port: 6380
    unix-ping:
      family: unix
      path: /tmp/x.sock
    udp-echo:
      type: datagram   # a comment
      port: 9001
    message-ping:
      port: 6382
    unix-message-ping:
      family: unix
      path: /tmp/m.sock
    tls-ping:
      port: 6381
      ssl:
        bundle: demo
logging:
  level:
    root: INFO
"""


def sample_jar(directory, yml=SAMPLE_YML):
    jar = os.path.join(directory, "sample.jar")
    with zipfile.ZipFile(jar, "w") as archive:
        archive.writestr("BOOT-INF/classes/application.yml", yml)
    return jar


class SampleConfigurationTests(unittest.TestCase):

    def test_reads_the_servers_of_the_sample_and_only_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            servers = sample_servers(sample_jar(tmp))
        self.assertEqual(["ping", "unix-ping", "udp-echo", "message-ping", "unix-message-ping", "tls-ping"],
                         list(servers))
        self.assertEqual({"family": "unix", "type": "stream"}, servers["unix-ping"])
        self.assertEqual({"family": "inet", "type": "datagram"}, servers["udp-echo"])

    def test_every_server_of_ours_moves_off_its_fixed_port_and_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            jar = sample_jar(tmp)
            server = our_server(tmp, jar, sample_servers(jar), "sync")
        args = [a for a in server.command if a.startswith("--socketserver.servers.")]
        self.assertNotIn("6380", " ".join(args))
        self.assertNotIn("6382", " ".join(args))
        self.assertNotIn("/tmp/x.sock", " ".join(args))
        self.assertIn(f"--socketserver.servers.message-ping.port={server.at['mtcp']}", args)
        self.assertIn(f"--socketserver.servers.unix-message-ping.path={server.at['munix']}", args)
        self.assertIn("--socketserver.servers.message-ping.threading=sync", args)
        self.assertNotIn("--socketserver.servers.echo.threading=sync", args)

    def test_finds_the_message_ping_servers_whatever_their_names(self):
        servers = {"message-ping-unix": {"family": "unix", "type": "stream"},
                   "message-ping-udp": {"family": "inet", "type": "datagram"},
                   "tcp-message-ping": {"family": "inet", "type": "stream"},
                   "message-ping-2": {"family": "inet", "type": "stream"}}
        self.assertEqual({"message-ping-unix": "munix", "tcp-message-ping": "mtcp"}, message_servers(servers))

    def test_a_sample_without_message_servers_has_no_message_endpoint(self):
        with tempfile.TemporaryDirectory() as tmp:
            jar = sample_jar(tmp, SAMPLE_YML.replace("message-ping", "other"))
            server = our_server(tmp, jar, sample_servers(jar), "virtual")
        self.assertNotIn("mtcp", server.at)
        self.assertEqual([server.label], [e.label for e in bench.endpoints_of_ours(server, "virtual", True, True)])


class MeasurementTests(unittest.TestCase):

    def test_cpu_comes_from_the_threads_unless_a_thread_ended_in_between(self):
        before = (1.00, {"1": 1_000_000_000, "2": 500_000_000})
        self.assertAlmostEqual(0.3, Server.cpu_between(before, (1.30, {"1": 1_200_000_000, "2": 600_000_000})))
        # thread 2 ended after 0.25 s of work: only the ticks hold it
        self.assertAlmostEqual(0.5, Server.cpu_between(before, (1.50, {"1": 1_250_000_000})))

    def test_a_warm_up_too_small_for_a_workload_skips_it_rather_than_dividing_by_zero(self):
        handshakes = next(w for w in bench.WORKLOADS if w.kind == "tls-new")
        plain = bench.WORKLOADS[0]
        self.assertEqual(100_000, bench.warmup_requests(plain, 100_000))
        self.assertEqual(10_000, bench.warmup_requests(handshakes, 100_000))
        self.assertEqual(0, bench.warmup_requests(handshakes, 5))
        self.assertEqual(0, bench.warmup_requests(plain, 0))
        self.assertEqual(0, bench.warmup_requests(bench.WORKLOADS[1], 100_000))  # pipelined

    def test_a_thread_per_connection_server_skips_a_thousand_connections(self):
        endpoint = bench.Endpoint("ours thread", "ours", {"tcp": (None, 1)}, tests=(bench.INLINE,), many_clients=False)
        served = [w.name for w in bench.WORKLOADS if endpoint.serves(w)]
        self.assertEqual(["PING, TCP, 50 connections", "PING, TCP, 50 connections, pipeline 16"], served)

    def test_a_ratio_is_the_median_of_the_ratios_of_each_round(self):
        base = {0: (100.0, 2e-6), 1: (200.0, 2e-6), 2: (100.0, 4e-6)}
        ours = {0: (50.0, 1e-6), 1: (300.0, 4e-6), 2: (110.0, 4e-6)}
        self.assertAlmostEqual(1.1, bench_report.ratio(base, ours, bench_report.RATE))
        self.assertAlmostEqual(1.0, bench_report.ratio(base, ours, bench_report.CPU))
        self.assertIsNone(bench_report.ratio(None, ours, bench_report.RATE))

    def test_every_row_of_ours_shows_the_bare_server_and_netty(self):
        w = bench.WORKLOADS[0]
        results = {("bare", w.name): {0: (100.0, 10e-6)}, ("netty", w.name): {0: (200.0, 5e-6)},
                   ("ours virtual", w.name): {0: (150.0, 7.5e-6)}}
        endpoints = [bench.Endpoint("ours virtual", "ours", {"tcp": (None, 1)})]
        row = bench_report.main_table(endpoints, [w], results).splitlines()[2]
        self.assertEqual("| ours virtual | PING, TCP, 50 connections | 100 | 200 | 150 | 1.50 | 0.75 "
                         "| 10.0 | 5.0 | 7.5 | 0.75 | 1.50 |", row)


class JfrTopTests(unittest.TestCase):
    PRINTED = """\
jdk.ExecutionSample {
  startTime = 19:38:59.887 (2026-11-29)
  sampledThread = "ping-1" (javaThreadId = 22, virtual)
  state = "STATE_RUNNABLE"
  stackTrace = [
    a.B.read(byte[], int) line: 12
    a.B.handle() line: 3
    ...
  ]
}

jdk.ExecutionSample {
  sampledThread = "Attach Listener" (javaThreadId = 26)
  stackTrace = [
    a.C.run() line: 1
  ]
}

jdk.ExecutionSample {
  sampledThread = "ping-2" (javaThreadId = 23, virtual)
  stackTrace = [
    a.B.handle() line: 4
  ]
}
"""

    def test_counts_top_frames_and_frames_on_the_stack_without_the_recorder_threads(self):
        text = jfr_top.tally(jfr_top.parse(self.PRINTED), "x.jfr", top=5)
        self.assertIn("2 samples in x.jfr", text)
        self.assertIn(" 50.0%       1  a.B.read()", text)
        self.assertIn("100.0%       2  a.B.handle()", text)
        self.assertNotIn("a.C.run()", text)


class SyscallsTests(unittest.TestCase):
    PERF = """\
9123.45,msec,task-clock,9123450000,100.00,1.1,CPUs utilized
131000,,context-switches,9123450000,100.00,14.4,K/sec
620000,,raw_syscalls:sys_enter,9123450000,100.00,,
309000,,syscalls:sys_enter_recvfrom,9123450000,100.00,,
300000,,syscalls:sys_enter_sendto,9123450000,100.00,,
<not counted>,,syscalls:sys_enter_sendmmsg,0,0.00,,
0,,syscalls:sys_enter_futex,9123450000,100.00,,
"""

    def test_reads_perf_stat_csv_leaving_out_what_was_not_counted(self):
        counts = syscalls.parse_perf(self.PERF)
        self.assertEqual(9123.45, counts["task-clock"])
        self.assertEqual(309000, counts["syscalls:sys_enter_recvfrom"])
        self.assertNotIn("syscalls:sys_enter_sendmmsg", counts)

    def test_a_perf_that_counted_nothing_stops_the_run_rather_than_giving_zeros(self):
        class RefusingPerf:
            def __init__(self, *args, **kwargs):
                pass

            def send_signal(self, number):
                pass

            def communicate(self):
                return None, "Error:\nNo permission to enable syscalls:sys_enter_read event.\n"

        with unittest.mock.patch.object(syscalls.subprocess, "Popen", RefusingPerf), \
                unittest.mock.patch.object(syscalls.time, "sleep"):
            with self.assertRaises(SystemExit) as stopped:
                syscalls.counted(1, lambda: 100000.0)
        self.assertIn("No permission", str(stopped.exception))

    def test_a_row_gives_cpu_and_calls_per_request_largest_first(self):
        row = syscalls.per_request("ours sync", 100000.4, syscalls.parse_perf(self.PERF), 300000)
        self.assertEqual("| ours sync | 100,000 | 30.4 | 2.07 | 0.44 | recvfrom 1.03, sendto 1.00 |", row)


@unittest.skipUnless(os.path.isdir(os.path.join(NETTY, "target", "lib")),
                     "Netty's jars are not fetched: run benchmarks/bench.py once")
class NettyServerTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        classpath = build_netty(cls.tmp.name)
        cls.tcp, cls.udp = free_port(), free_port()
        cls.unix = os.path.join(cls.tmp.name, "ping.sock")
        cls.process = subprocess.Popen([JAVA, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "NettyServer",
                                        str(cls.tcp), cls.unix, str(cls.udp)], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        bench_load.wait_for(lambda: bench_load.listening(cls.tcp) and bench_load.listening(cls.unix), what="NettyServer")

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        cls.process.wait(30)
        cls.tmp.cleanup()

    def exchange(self, target, request, expected, split=False):
        with bench_load.connect(target, 10) as s:
            if split:
                for i in range(len(request)):
                    s.sendall(request[i:i + 1])
                    time.sleep(0.001)
            else:
                s.sendall(request)
            received = b""
            while len(received) < len(expected):
                chunk = s.recv(4096)
                self.assertTrue(chunk, "the connection closed after " + repr(received))
                received += chunk
        self.assertEqual(expected, received)

    def test_answers_ping_inline_and_as_an_array_and_other_commands_with_an_error(self):
        request = b"PING\r\nping\n*1\r\n$4\r\nPING\r\n*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nsave\r\nFOO\r\n"
        expected = b"+PONG\r\n" * 3 + b"-ERR unknown command\r\n" * 2
        self.exchange(self.tcp, request, expected)
        self.exchange(self.unix, request, expected)
        self.exchange(self.tcp, request, expected, split=True)  # every byte boundary

    def test_answers_a_pipeline_in_order(self):
        self.exchange(self.tcp, b"*1\r\n$4\r\nPING\r\nFOO\r\n" * 16, b"+PONG\r\n-ERR unknown command\r\n" * 16)

    def test_echoes_datagrams(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(b"hello", ("127.0.0.1", self.udp))
            self.assertEqual(b"hello", s.recv(64))


if __name__ == "__main__":
    unittest.main()
