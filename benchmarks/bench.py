#!/usr/bin/env python3
"""The benchmark: the sample app's servers against a bare JDK server of the same design.

Every figure is a ratio to the bare server measured in the same run, interleaved (bare, ours,
bare, ours...), as the median of the rounds. Loopback and temp-dir sockets only; bounded in
count and time. Not part of `mvn verify`.

    python3 benchmarks/bench.py --quick     # virtual mode, metrics on and off, UDP in sync mode
    python3 benchmarks/bench.py             # every threading mode, 5x the requests (about 15 minutes)
    python3 benchmarks/bench.py --quick --tls-only   # TLS PING only: throughput and handshake rate

Every server JVM gets a pre-touched 512 MB heap: the full run needs about 5 GB of free memory.

Needs redis-benchmark (Debian: redis-tools) built with TLS, openssl, and a JDK 21+ (JAVA_HOME, or
the Temurin 25 here).
"""
import argparse, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA_HOME = os.environ.get("JAVA_HOME") or "/usr/lib/jvm/temurin-25-jdk-amd64"
JAVA = os.path.join(JAVA_HOME, "bin", "java")
JAVAC = os.path.join(JAVA_HOME, "bin", "javac")
JCMD = os.path.join(JAVA_HOME, "bin", "jcmd")
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
# Every server gets the same heap, committed and touched at start, so that its RSS moves
# only with the memory it takes outside the heap.
HEAP = ["-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"]
# The sample's demo certificates: the TLS servers, ours and the bare one, show the same one.
DEMO_TLS = os.path.join(ROOT, "sample-app", "src", "main", "resources", "demo-tls")
TLS = ["--tls", "--cacert", os.path.join(DEMO_TLS, "ca.crt")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout=60, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit("timed out waiting for " + what)


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class Server:
    """A server process: ports and paths of its ping, unix-ping and udp-echo servers."""

    def __init__(self, label, command, tmp):
        self.label, self.command, self.tmp = label, command, tmp

    def start(self):
        self.log = open(os.path.join(self.tmp, self.label.replace(" ", "_") + ".log"), "w")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        preexec_fn=raise_fd_limit)
        return self

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def cpu_seconds(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_bytes(self):
        return int(open(f"/proc/{self.process.pid}/statm").read().split()[1]) * PAGE

    def live_heap_bytes(self):
        """The bytes of all live objects: the class histogram runs a full collection first."""
        out = subprocess.run([JCMD, str(self.process.pid), "GC.class_histogram"], capture_output=True, text=True,
                             timeout=120).stdout
        return int(re.search(r"^Total\s+\d+\s+(\d+)", out, re.M).group(1))


def raise_fd_limit():
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def demo_key_store(tmp):
    """The demo certificate and key as a PKCS#12 store, for the bare TLS server."""
    store = os.path.join(tmp, "demo.p12")
    subprocess.run(["openssl", "pkcs12", "-export", "-in", os.path.join(DEMO_TLS, "server.crt"),
                    "-inkey", os.path.join(DEMO_TLS, "server.key"), "-out", store, "-passout", "pass:bench"],
                   check=True)
    return store


def bare_servers(tmp, classes):
    ping, udp, udp_threads, tls = free_port(), free_port(), free_port(), free_port()
    unix = os.path.join(tmp, "bare-ping.sock")
    procs = [Server("bare ping", [JAVA, *HEAP, "-cp", classes, "BareServer", "ping-tcp", str(ping)], tmp),
             Server("bare unix", [JAVA, *HEAP, "-cp", classes, "BareServer", "ping-unix", unix], tmp),
             Server("bare udp", [JAVA, *HEAP, "-cp", classes, "BareServer", "udp-echo", str(udp)], tmp),
             Server("bare udp threads",
                    [JAVA, *HEAP, "-cp", classes, "BareServer", "udp-echo-threads", str(udp_threads)], tmp),
             Server("bare tls", [JAVA, *HEAP, "-cp", classes, "BareServer", "ping-tls", str(tls), demo_key_store(tmp),
                                 "bench"], tmp)]
    return procs, dict(ping=ping, unix=unix, udp=udp, udp_threads=udp_threads, tls=tls)


def our_server(tmp, jar, mode, metrics=True):
    ping, udp, tls = free_port(), free_port(), free_port()
    label = f"ours {mode}" + ("" if metrics else " no-metrics")
    unix = os.path.join(tmp, label.replace(" ", "-") + "-ping.sock")
    args = [JAVA, *HEAP, "-jar", jar, "--server.port=0", "--logging.level.root=WARN",
            f"--socketserver.servers.ping.port={ping}", f"--socketserver.servers.udp-echo.port={udp}",
            f"--socketserver.servers.unix-ping.path={unix}", "--socketserver.servers.echo.port=0",
            "--socketserver.servers.syslog-udp.port=0", "--socketserver.servers.upper.port=0",
            f"--socketserver.servers.tls-ping.port={tls}", "--socketserver.servers.tls-echo.port=0",
            "--socketserver.servers.message-ping.port=0", "--socketserver.servers.message-echo.port=0"]
    for name in ("unix-echo", "unix-dgram-echo", "syslog", "unix-message-ping"):
        args.append(f"--socketserver.servers.{name}.path={os.path.join(tmp, label.replace(' ', '-') + name + '.sock')}")
    for name in ("ping", "unix-ping", "udp-echo", "tls-ping"):
        args.append(f"--socketserver.servers.{name}.threading={mode}")
        if mode == "pool":
            args.append(f"--socketserver.servers.{name}.pool.max-threads=1100")
            args.append(f"--socketserver.servers.{name}.pool.queue-capacity=0")
    if not metrics:
        args.append("--spring.autoconfigure.exclude="
                    "io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration")
    return Server(label, args, tmp), dict(ping=ping, unix=unix, udp=udp, tls=tls)


def redis_benchmark(target, requests, clients, pipeline, tls=False, reconnect=False):
    """PING_INLINE per second; with reconnect, a new connection (and TLS handshake) per request."""
    where = ["-s", target] if isinstance(target, str) else ["-p", str(target)]
    extra = (TLS if tls else []) + (["-k", "0"] if reconnect else [])
    out = subprocess.run(["redis-benchmark", *where, *extra, "-t", "ping_inline", "-n", str(requests),
                          "-c", str(clients), "-P", str(pipeline), "--csv"],
                         capture_output=True, text=True, timeout=300).stdout
    row = [line for line in out.splitlines() if line.startswith('"PING_INLINE"')]
    if not row:
        raise SystemExit("redis-benchmark failed: " + out)
    return float(row[0].split(",")[1].strip('"'))


def udp_load(classes, port, datagrams, clients):
    out = subprocess.run([JAVA, "-cp", classes, "UdpLoad", str(port), str(datagrams), str(clients)],
                         capture_output=True, text=True, timeout=300).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def idle_memory(server, port, connections):
    """RSS and live heap per idle TCP connection that has been answered once."""
    before_heap = server.live_heap_bytes()
    before_rss = server.rss_bytes()
    sockets = []
    try:
        for _ in range(connections):
            s = socket.create_connection(("127.0.0.1", port))
            sockets.append(s)
        # Every connection reached the handler: one PING each is answered.
        for s in sockets:
            s.sendall(b"PING\r\n")
        for s in sockets:
            assert s.recv(16).startswith(b"+PONG")
        after_heap = server.live_heap_bytes()
        after_rss = server.rss_bytes()  # both after the collection the histogram ran
    finally:
        for s in sockets:
            s.close()
    return (after_rss - before_rss) / connections, (after_heap - before_heap) / connections


def median_ratio(pairs):
    return statistics.median(o / b for b, o in pairs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help="virtual mode with metrics on and off, and UDP in sync mode; fewer requests")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--tls-only", action="store_true", help="the TLS workloads only: no UDP, no idle memory")
    opts = parser.parse_args()
    raise_fd_limit()
    if shutil.which("redis-benchmark") is None:
        raise SystemExit("redis-benchmark is missing: apt-get install redis-tools")
    scale = 1 if opts.quick else 5
    requests = 20_000 * scale
    idle = 2_000 if opts.quick else 10_000
    if not opts.no_build:
        subprocess.run(["mvn", "-q", "-B", "-pl", "sample-app", "-am", "package", "-DskipTests",
                        "-Dspring-javaformat.skip"], cwd=ROOT, check=True, env=dict(os.environ, JAVA_HOME=JAVA_HOME))
    jar = os.path.join(ROOT, "sample-app", "target", "sample-app-0.1.0-SNAPSHOT.jar")
    tmp = tempfile.mkdtemp(prefix="socketserver-bench-")
    classes = os.path.join(tmp, "classes")
    subprocess.run([JAVAC, "-d", classes, os.path.join(ROOT, "benchmarks", "BareServer.java"),
                    os.path.join(ROOT, "benchmarks", "UdpLoad.java")], check=True)
    print(f"# machine: {os.cpu_count()} cores, {os.uname().release}; java: "
          + subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0])
    print(f"# {opts.rounds} rounds, {requests} requests per run, medians of ratios ours/bare\n")

    bare, bare_at = bare_servers(tmp, classes)
    # Every variant of ours runs at once, so that each workload is measured interleaved:
    # bare, then each variant, round after round. sync serves one connection at a time (50
    # concurrent clients would wait on each other), so it runs the datagram workload only:
    # there it answers in place, as the bare server does.
    variants = [("virtual", True, True), ("virtual", False, True), ("sync", True, False)]
    if not opts.quick:
        variants += [("pool", True, True), ("thread", True, True)]
    ours = [(our_server(tmp, jar, mode, metrics), mode, metrics, streams) for mode, metrics, streams in variants]
    workloads = [("TCP, 50 connections", "ping", 50, 1), ("TCP, 50 connections, pipeline 16", "ping", 50, 16),
                 ("TCP, 1000 connections", "ping", 1000, 1), ("Unix, 50 connections", "unix", 50, 1),
                 ("Unix, 50 connections, pipeline 16", "unix", 50, 16), ("Unix, 1000 connections", "unix", 1000, 1),
                 ("TLS, 50 connections", "tls", 50, 1), ("TLS, 50 connections, pipeline 16", "tls", 50, 16),
                 ("TLS handshakes/s: a new connection per PING, 50 clients", "tls-new", 50, 1)]
    if opts.tls_only:
        workloads = [w for w in workloads if w[1].startswith("tls")]
    rows = []
    started = time.time()
    try:
        for p in bare:
            p.start()
        for (server, _), *_ in ours:
            server.start()
        wait_for(lambda: port_open(bare_at["ping"]) and os.path.exists(bare_at["unix"]) and port_open(bare_at["tls"]),
                 what="bare server")
        for (server, at), *_ in ours:
            wait_for(lambda: port_open(at["ping"]) and os.path.exists(at["unix"]) and port_open(at["tls"]),
                     what=server.label, timeout=300)
        streaming = [(server, at, mode) for (server, at), mode, _, streams in ours if streams]
        for target in [bare_at] + [at for _, at, _ in streaming]:  # warm up
            redis_benchmark(target["ping"], requests, 50, 1)
            redis_benchmark(target["unix"], requests, 50, 1)
            redis_benchmark(target["tls"], requests, 50, 1, tls=True)
            redis_benchmark(target["tls"], requests // 10, 50, 1, tls=True, reconnect=True)
        for target in [] if opts.tls_only else [bare_at["udp"], bare_at["udp_threads"]] + [at["udp"] for (_, at), *_ in ours]:
            udp_load(classes, target, requests // 2, 4)

        stream_results = {(server.label, w[0]): [] for server, _, _ in streaming for w in workloads}
        cpu = {server.label + " " + kind: [] for server, _, _ in streaming for kind in ("ping", "tls")}
        for round_ in range(opts.rounds):
            # The variants take turns at going first, so that no one always runs after
            # the same neighbour.
            order = streaming[round_ % len(streaming):] + streaming[:round_ % len(streaming)]
            for name, kind, clients, pipeline in workloads:
                n = requests * ((5 if clients >= 1000 else 1) if not opts.quick else (2 if clients >= 1000 else 1))
                n *= 8 if pipeline > 1 else 1
                n //= 10 if kind == "tls-new" else 1  # a handshake each: about a tenth of the rate
                bare_process = bare[{"ping": 0, "unix": 1}.get(kind, 4)]
                target, tls = kind.replace("-new", ""), kind.startswith("tls")
                b_cpu0 = bare_process.cpu_seconds()
                b = redis_benchmark(bare_at[target], n, clients, pipeline, tls, kind == "tls-new")
                b_cpu = bare_process.cpu_seconds() - b_cpu0
                for server, at, mode in order:
                    if mode == "thread" and clients == 1000:
                        continue  # a platform thread each for 1000 clients: not what this mode is for
                    o_cpu0 = server.cpu_seconds()
                    o = redis_benchmark(at[target], n, clients, pipeline, tls, kind == "tls-new")
                    o_cpu = server.cpu_seconds() - o_cpu0
                    stream_results[(server.label, name)].append((b, o))
                    if name in ("TCP, 50 connections", "TLS, 50 connections"):
                        cpu[server.label + " " + kind].append((b_cpu / n, o_cpu / n))

        udp_results = {server.label: [] for (server, _), *_ in ours}
        for round_ in range(0 if opts.tls_only else opts.rounds):
            b = udp_load(classes, bare_at["udp"], requests, 4)
            t = udp_load(classes, bare_at["udp_threads"], requests, 4)
            for (server, at), *_ in ours[round_ % len(ours):] + ours[:round_ % len(ours)]:
                udp_results[server.label].append((b, t, udp_load(classes, at["udp"], requests, 4)))

        for (server, _), mode, metrics, streams in ours:
            label = server.label
            for name, *_ in workloads:
                pairs = stream_results.get((label, name))
                if pairs:
                    rows.append((label, name, statistics.median(b for b, _ in pairs),
                                 statistics.median(o for _, o in pairs), median_ratio(pairs)))
            for kind, what in (("ping", "TCP 50"), ("tls", "TLS 50")):
                samples = cpu.get(label + " " + kind)
                if samples:
                    rows.append((label, f"server CPU per request, {what}, us (lower is better)",
                                 statistics.median(b for b, _ in samples) * 1e6,
                                 statistics.median(o for _, o in samples) * 1e6, median_ratio(samples)))
            udp = udp_results[label]
            if not udp:
                continue
            rows.append((label, "UDP echo, 4 clients, datagrams/s (bare: answers in place)",
                         statistics.median(b[0] for b, _, _ in udp), statistics.median(o[0] for _, _, o in udp),
                         median_ratio([(b[0], o[0]) for b, _, o in udp])))
            if mode != "sync":
                # A thread per datagram, against the bare server of that design too: the
                # framework's cost apart from the design's.
                rows.append((label, "UDP echo, against the bare server answering on a virtual thread each",
                             statistics.median(t[0] for _, t, _ in udp), statistics.median(o[0] for _, _, o in udp),
                             median_ratio([(t[0], o[0]) for _, t, o in udp])))
            rows.append((label, "UDP echo p50 round trip, us (lower is better)",
                         statistics.median(b[1] for b, _, _ in udp), statistics.median(o[1] for _, _, o in udp),
                         median_ratio([(b[1], o[1]) for b, _, o in udp])))

        # Metrics and observations on against off, both virtual, from the same rounds.
        on, off = ours[0][0][0].label, ours[1][0][0].label
        for name, *_ in workloads:
            pairs = [(o_off, o_on) for (_, o_on), (_, o_off) in
                     zip(stream_results[(on, name)], stream_results[(off, name)])]
            rows.append(("metrics on / off", name, statistics.median(b for b, _ in pairs),
                         statistics.median(o for _, o in pairs), median_ratio(pairs)))
        if not opts.tls_only:  # UDP and idle memory
            pairs = [(o_off[0], o_on[0]) for (_, _, o_on), (_, _, o_off) in zip(udp_results[on], udp_results[off])]
            rows.append(("metrics on / off", "UDP echo, 4 clients, datagrams/s", statistics.median(b for b, _ in pairs),
                         statistics.median(o for _, o in pairs), median_ratio(pairs)))

            virtual = ours[0][0][0]
            b_rss, b_heap = idle_memory(bare[0], bare_at["ping"], idle)
            o_rss, o_heap = idle_memory(virtual, ours[0][0][1]["ping"], idle)
            rows.append((virtual.label, f"RSS outside the heap per idle connection, bytes ({idle})", b_rss, o_rss,
                         o_rss / b_rss if b_rss else float("nan")))
            rows.append((virtual.label, f"live heap per idle connection, bytes ({idle})", b_heap, o_heap, o_heap / b_heap))
    finally:
        for (server, _), *_ in ours:
            server.stop()
        for p in bare:
            p.stop()
    print("| server | workload | bare (or off) | ours (or on) | ratio |")
    print("|---|---|---:|---:|---:|")
    for label, name, b, o, ratio in rows:
        print(f"| {label} | {name} | {b:,.1f} | {o:,.1f} | {ratio:.2f} |")
    print(f"\n# throughput in requests/s unless stated; {time.time() - started:.0f} s; logs in " + tmp)


if __name__ == "__main__":
    main()
