"""The load of the benchmark: redis-benchmark, the UDP load client, idle connections."""
import os, socket, subprocess, time

from bench_servers import DEMO_TLS, JAVA

TLS = ["--tls", "--cacert", os.path.join(DEMO_TLS, "ca.crt")]


def wait_for(condition, timeout=60, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit("timed out waiting for " + what)


def connect(target, timeout):
    """A stream connection to a TCP port on loopback or to a Unix socket path."""
    if isinstance(target, str):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(timeout)
        s.connect(target)
        return s
    return socket.create_connection(("127.0.0.1", target), timeout=timeout)


def listening(target):
    try:
        with connect(target, 0.2):
            return True
    except OSError:
        return False


def answers_ping(target, timeout=2):
    """Whether the server there answers an inline PING with +PONG."""
    try:
        with connect(target, timeout) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_benchmark(target, test, requests, clients, pipeline, tls=False, reconnect=False):
    """Requests per second of one redis-benchmark test (ping_inline or ping_mbulk); with
    reconnect, a new connection (and TLS handshake) per request."""
    where = ["-s", target] if isinstance(target, str) else ["-p", str(target)]
    extra = (TLS if tls else []) + (["-k", "0"] if reconnect else [])
    out = subprocess.run(["redis-benchmark", *where, *extra, "-t", test, "-n", str(requests),
                          "-c", str(clients), "-P", str(pipeline), "--csv"],
                         capture_output=True, text=True, timeout=300).stdout
    row = [line for line in out.splitlines() if line.startswith('"' + test.upper() + '"')]
    if not row:
        raise SystemExit("redis-benchmark failed: " + out)
    return float(row[0].split(",")[1].strip('"'))


def udp_load(classes, port, datagrams, clients):
    """Datagrams per second, p50 and p99 round trip (us), and datagrams lost."""
    out = subprocess.run([JAVA, "-cp", classes, "UdpLoad", str(port), str(datagrams), str(clients)],
                         capture_output=True, text=True, timeout=300).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def idle_memory(server, port, connections):
    """RSS outside the heap and live heap per idle TCP connection that has been answered once."""
    before_heap = server.live_heap_bytes()
    before_rss = server.rss_bytes()
    sockets = []
    try:
        for _ in range(connections):
            sockets.append(socket.create_connection(("127.0.0.1", port), timeout=30))
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
