#!/usr/bin/env python3
"""The benchmark: the sample app's servers against a bare JDK server of the same design and
against Netty with its native epoll transport.

Every figure of ours comes with the bare server's and Netty's, measured in the same run,
interleaved (bare, Netty and each variant of ours taking turns at going first, workload after
workload), as the median of the rounds; throughput and server CPU per request (from /proc of each
server's process). Loopback and temp-dir sockets only; bounded in count and time. Not part of
`mvn verify`.

    python3 benchmarks/bench.py --quick     # virtual mode (metrics on and off), message-ping in sync mode
    python3 benchmarks/bench.py             # every threading mode, 3x the requests
    python3 benchmarks/bench.py --quick --tls-only   # TLS PING only: throughput and handshake rate
    python3 benchmarks/bench.py --quick --profile --idle 0 --only 'TCP, 50 connections$'   # JFR of ours

Every server JVM gets a pre-touched 512 MB heap: the full run needs about 6 GB of free memory.

Needs redis-benchmark (Debian: redis-tools) built with TLS, openssl, Maven (for Netty's jars,
from Maven Central the first time) and a JDK 21+ (JAVA_HOME, or the Temurin 25 here).
"""
import argparse, os, re, shutil, signal, subprocess, tempfile, time
from collections import namedtuple

import bench_report
import jfr_top
from bench_load import answers_ping, idle_memory, listening, redis_benchmark, udp_load, wait_for
from bench_servers import (JAVA, JAVA_HOME, ROOT, bare_servers, build_netty, compile_load_tools,
                           message_servers, netty_server, our_server, raise_fd_limit,
                           sample_servers)

Workload = namedtuple("Workload", "name kind clients pipeline test")
INLINE, MBULK = "ping_inline", "ping_mbulk"
WORKLOADS = [Workload("PING, TCP, 50 connections", "tcp", 50, 1, INLINE),
             Workload("PING, TCP, 50 connections, pipeline 16", "tcp", 50, 16, INLINE),
             Workload("PING, TCP, 1000 connections", "tcp", 1000, 1, INLINE),
             Workload("PING, Unix, 50 connections", "unix", 50, 1, INLINE),
             Workload("PING, Unix, 50 connections, pipeline 16", "unix", 50, 16, INLINE),
             Workload("PING, Unix, 1000 connections", "unix", 1000, 1, INLINE),
             Workload("PING (RESP array), TCP, 50 connections", "tcp", 50, 1, MBULK),
             Workload("PING (RESP array), TCP, 50 connections, pipeline 16", "tcp", 50, 16, MBULK),
             Workload("PING (RESP array), TCP, 1000 connections", "tcp", 1000, 1, MBULK),
             Workload("PING (RESP array), Unix, 50 connections", "unix", 50, 1, MBULK),
             Workload("UDP echo, 1 client", "udp", 1, 1, None),
             Workload("UDP echo, 16 clients", "udp", 16, 1, None),
             Workload("TLS PING, 50 connections", "tls", 50, 1, INLINE),
             Workload("TLS PING, 50 connections, pipeline 16", "tls", 50, 16, INLINE),
             Workload("TLS handshakes/s: a new connection per PING, 50 clients", "tls-new", 50, 1, INLINE)]


class Endpoint:
    """What one label is measured on: per workload kind, the process and its address.
    role: bare, netty, ours, or bare-alt / netty-alt (the other design of each, for UDP)."""

    def __init__(self, label, role, kinds, tests=(INLINE, MBULK), many_clients=True):
        self.label, self.role, self.kinds, self.tests, self.many_clients = label, role, kinds, tests, many_clients

    def serves(self, w):
        return (w.kind in self.kinds and (w.test is None or w.test in self.tests)
                and (self.many_clients or w.clients < 1000))


def requests_for(w, requests, quick):
    if w.kind == "udp":
        return requests
    n = requests * ((2 if quick else 3) if w.clients >= 1000 else 1)
    n *= 8 if w.pipeline > 1 else 1
    return n // 10 if w.kind == "tls-new" else n  # a handshake each: about a tenth of the rate


def measure(endpoint, w, n, classes):
    """Throughput, and the server's CPU seconds per request, of one run."""
    server, address = endpoint.kinds[w.kind]
    cpu = server.cpu_sample()
    if w.kind == "udp":
        rate, _, _, lost = udp_load(classes, address, n, w.clients)
        if lost:
            print(f"# {endpoint.label}, {w.name}: {lost} of {n} datagrams lost (100 ms timeout each)")
    else:
        rate = redis_benchmark(address, w.test, n, w.clients, w.pipeline, w.kind.startswith("tls"), w.kind == "tls-new")
    return rate, server.cpu_between(cpu, server.cpu_sample()) / n


def warmup_requests(w, warmup):
    """Requests of a workload's warm-up: a tenth in handshakes; none with 1,000 connections or
    pipelined, whose paths the others warm, nor when --warmup leaves less than one."""
    if w.clients >= 1000 or w.pipeline != 1:
        return 0
    return warmup if w.kind != "tls-new" else warmup // 10


def variants(quick):
    """(mode, metrics, stream servers measured, message servers measured) of each process of ours.
    sync serves one stream connection at a time (50 concurrent clients would wait on each other),
    so its stream servers are not measured; its datagram server answers in place, and its message
    servers handle each frame on the reading thread."""
    chosen = [("virtual", True, True, True), ("virtual", False, True, not quick), ("sync", True, False, True)]
    return chosen if quick else chosen + [("pool", True, True, False), ("thread", True, True, False)]


def endpoints_of_ours(server, mode, streams, message):
    at = server.at
    if streams:
        kinds = {kind: (server, at[kind]) for kind in ("tcp", "unix", "udp", "tls", "tls-new")}
    else:
        kinds = {"udp": (server, at["udp"])}
    # The stream ping parses RESP arrays too, but the arrays are measured on message-ping only.
    found = [Endpoint(server.label, "ours", kinds, tests=(INLINE,), many_clients=mode != "thread")]
    if message and "mtcp" in at:
        kinds = {kind: (server, at["m" + kind]) for kind in ("tcp", "unix") if "m" + kind in at}
        found.append(Endpoint(server.label + ", message-ping", "ours", kinds, many_clients=mode != "thread"))
    return found


def all_endpoints(bare, netty, ours):
    """The bare servers, Netty, and ours: the message servers that answer PING."""
    found = [Endpoint("bare", "bare", {kind: (s, s.at[kind]) for s in bare.values() for kind in s.at
                                       if s is not bare["udp_threads"]}, tests=(INLINE,)),
             Endpoint("bare, a virtual thread per datagram", "bare-alt",
                      {"udp": (bare["udp_threads"], bare["udp_threads"].at["udp"])})]
    if netty:
        found += [Endpoint("netty", "netty", {kind: (netty, netty.at[kind]) for kind in ("tcp", "unix", "udp")}),
                  Endpoint("netty, one datagram channel", "netty-alt", {"udp": (netty, netty.at["udp_single"])})]
    for server, mode, streams, message in ours:
        for endpoint in endpoints_of_ours(server, mode, streams, message):
            if endpoint.label.endswith("message-ping") and not answer_within(endpoint, 10):
                print(f"# {endpoint.label} does not answer PING: its rows are left out")
                continue
            found.append(endpoint)
    return found


def answer_within(endpoint, seconds):
    deadline = time.time() + seconds
    while not all(answers_ping(address) for _, address in endpoint.kinds.values()):
        if time.time() > deadline:
            return False
        time.sleep(0.2)
    return True


def stop_on_signals():
    """SIGTERM and SIGINT (ignored in a background job) end the run through its clean-up."""
    def end(number, _):
        raise SystemExit(f"stopped by signal {number}")
    signal.signal(signal.SIGTERM, end)
    signal.signal(signal.SIGINT, end)


def main():
    stop_on_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help="virtual mode with metrics on and off, message-ping in sync mode; fewer requests")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="use the sample app's jar as it is")
    parser.add_argument("--tls-only", action="store_true", help="the TLS workloads only: no UDP, no idle memory")
    parser.add_argument("--only", metavar="REGEX", help="only the workloads whose name matches")
    parser.add_argument("--warmup", type=int, default=100_000,
                        help="requests per server and workload before the measured rounds (a tenth for handshakes)")
    parser.add_argument("--idle", type=int, default=10_000, help="idle connections of the memory figures (0: none)")
    parser.add_argument("--profile", action="store_true",
                        help="record our servers with JFR during the measured rounds, print their top frames")
    opts = parser.parse_args()
    raise_fd_limit()
    if shutil.which("redis-benchmark") is None:
        raise SystemExit("redis-benchmark is missing: apt-get install redis-tools")
    requests = 20_000 * (1 if opts.quick else 3)
    workloads = [w for w in WORKLOADS if w.kind.startswith("tls") or not opts.tls_only]
    workloads = [w for w in workloads if not opts.only or re.search(opts.only, w.name)]
    memory = not opts.tls_only and opts.idle > 0
    if not opts.no_build:
        subprocess.run(["mvn", "-q", "-B", "-pl", "sample-app", "-am", "package", "-DskipTests",
                        "-Dspring-javaformat.skip"], cwd=ROOT, check=True, env=dict(os.environ, JAVA_HOME=JAVA_HOME))
    jar = os.path.join(ROOT, "sample-app", "target", "sample-app-0.1.0-SNAPSHOT.jar")
    tmp = tempfile.mkdtemp(prefix="socketserver-bench-")
    classes = compile_load_tools(tmp)
    with_netty = any(not w.kind.startswith("tls") for w in workloads)
    netty = netty_server(tmp, build_netty(tmp)) if with_netty else None
    print(f"# machine: {os.cpu_count()} cores, {os.uname().release}; java: "
          + subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0])
    print(f"# {opts.rounds} rounds, {requests} requests per run (more at 1000 connections and pipelined), medians")

    servers = sample_servers(jar)
    if not message_servers(servers):
        print("# the sample app has no message-ping server: its rows are left out")
    bare = bare_servers(tmp, classes)
    ours = [(our_server(tmp, jar, servers, mode, metrics, message), mode, streams, message)
            for mode, metrics, streams, message in variants(opts.quick)]
    processes = list(bare.values()) + ([netty] if netty else []) + [server for server, *_ in ours]
    started = time.time()
    results = {}
    idle = {}
    try:
        for p in processes:
            p.start()
        for p in processes:
            for kind, address in p.at.items():
                if kind in ("tcp", "unix", "tls"):
                    wait_for(lambda: listening(address), timeout=300, what=f"{p.label} on {address}")
        endpoints = all_endpoints(bare, netty, ours)
        workloads = [w for w in workloads if any(e.role == "ours" and e.serves(w) for e in endpoints)]
        if memory:  # cold: nothing served before
            print(f"# {time.time() - started:.0f} s: idle connections, cold", flush=True)
            measure_idle(idle, "cold", endpoints, opts.idle)
        for endpoint in endpoints:  # warm up: enough requests for the JIT's second tier on every path
            for w in workloads:
                if endpoint.serves(w) and warmup_requests(w, opts.warmup) > 0:
                    measure(endpoint, w, warmup_requests(w, opts.warmup), classes)
        if opts.profile:
            for server, *_ in ours:
                server.jcmd("JFR.start", "name=bench", "settings=default", "jdk.ExecutionSample#period=2ms")

        print(f"# {time.time() - started:.0f} s: started, warmed up")
        for round_ in range(opts.rounds):
            print(f"# {time.time() - started:.0f} s: round {round_ + 1}", flush=True)
            for w in workloads:
                # Everyone takes turns at going first, so that no one always runs after the same neighbour.
                serving = [e for e in endpoints if e.serves(w)]
                serving = serving[round_ % len(serving):] + serving[:round_ % len(serving)]
                for endpoint in serving:
                    results.setdefault((endpoint.label, w.name), {})[round_] = measure(
                        endpoint, w, requests_for(w, requests, opts.quick), classes)
        if opts.profile:
            for server, *_ in ours:
                server.jcmd("JFR.stop", "name=bench", "filename=" + os.path.join(tmp, server.label.replace(" ", "-") + ".jfr"))
        if memory:  # warm: after the throughput runs
            print(f"# {time.time() - started:.0f} s: idle connections, warm", flush=True)
            measure_idle(idle, "warm", endpoints, opts.idle)
    finally:
        for p in processes:
            p.stop()
    print()
    print(bench_report.report(endpoints, workloads, results, idle, opts.idle))
    if opts.profile:
        for server, *_ in ours:
            print("\n## " + server.label + "\n" + jfr_top.summary(os.path.join(tmp, server.label.replace(" ", "-") + ".jfr")))
    print(f"\n# {time.time() - started:.0f} s; logs and recordings in " + tmp)


def measure_idle(idle, state, endpoints, connections):
    """Memory per idle connection: bare, Netty, our stream ping (the first variant) and every
    message-ping. Cold, a process is measured once (nothing else served before it)."""
    measured, processes = set(), set()
    for endpoint in endpoints:
        if "tcp" not in endpoint.kinds or endpoint.role.endswith("-alt"):
            continue
        message = endpoint.label.endswith("message-ping")
        key = endpoint.label if message else endpoint.role
        server, port = endpoint.kinds["tcp"]
        if key in measured or (state == "cold" and server in processes):
            continue
        measured.add(key)
        processes.add(server)
        try:
            idle[(endpoint.label, state)] = idle_memory(server, port, connections)
        except (OSError, AssertionError) as failure:
            print(f"# {endpoint.label}: no idle memory figure, {connections} connections failed: {failure!r}")


if __name__ == "__main__":
    main()
