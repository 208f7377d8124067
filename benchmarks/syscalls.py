#!/usr/bin/env python3
"""System calls and CPU per request of ours and of Netty, counted by the kernel (`perf stat`)
while the benchmark's load runs: where a CPU ratio in bench.py comes from, for the UDP echo
and the PING workloads. Alternating runs, one server loaded at a time.

    python3 benchmarks/syscalls.py                      # UDP echo, 16 clients, 300,000 datagrams
    python3 benchmarks/syscalls.py --workload tcp       # PING over TCP, 50 connections
    python3 benchmarks/syscalls.py --mode virtual --workload mtcp   # message-ping in virtual mode

Needs perf (Debian: linux-perf) allowed to read syscall tracepoints, and what bench.py needs.
"""
import argparse, os, re, shutil, subprocess, tempfile, time

from bench import stop_on_signals
from bench_load import redis_benchmark, udp_load, wait_for, listening
from bench_servers import (ROOT, build_netty, compile_load_tools, message_servers, netty_server, our_server,
                           sample_servers)

SYSCALLS = ["recvfrom", "sendto", "recvmsg", "sendmsg", "recvmmsg", "sendmmsg", "read", "write", "readv",
            "writev", "epoll_wait", "epoll_pwait", "epoll_ctl", "futex"]


def counted(pid, run):
    """perf's counts per event while run() loads the process."""
    events = ["task-clock", "context-switches", "raw_syscalls:sys_enter"] + [f"syscalls:sys_enter_{s}" for s in SYSCALLS]
    perf = subprocess.Popen(["perf", "stat", "-x", ",", "-e", ",".join(events), "-p", str(pid)],
                            stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    try:
        rate = run()
    finally:
        perf.send_signal(2)
    report = perf.communicate()[1]
    counts = parse_perf(report)
    if "task-clock" not in counts or "raw_syscalls:sys_enter" not in counts:
        # perf may not attach, or may not read the tracepoints: its rows would show zeros.
        raise SystemExit("perf stat counted nothing: " + report.strip())
    return rate, counts


def parse_perf(text):
    """Event name -> count, from `perf stat -x ,` (value,unit,event,...); uncounted events left out."""
    counts = {}
    for line in text.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and re.match(r"^[\d.]+$", fields[0]):
            counts[fields[2]] = float(fields[0])
    return counts


def per_request(label, rate, counts, n):
    calls = {k.split("sys_enter_")[1]: v / n for k, v in counts.items() if "sys_enter_" in k and v}
    shown = ", ".join(f"{name} {value:.2f}" for name, value in sorted(calls.items(), key=lambda kv: -kv[1]))
    return (f"| {label} | {rate:,.0f} | {counts.get('task-clock', 0) * 1000 / n:.1f} | "
            f"{counts.get('raw_syscalls:sys_enter', 0) / n:.2f} | {counts.get('context-switches', 0) / n:.2f} | {shown} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", choices=["udp", "tcp", "unix", "mtcp", "munix"], default="udp")
    parser.add_argument("--mode", default="sync", help="our threading mode (sync: the sample's udp-echo default)")
    parser.add_argument("--requests", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=2)
    opts = parser.parse_args()
    stop_on_signals()  # SIGTERM and SIGINT stop both servers through the clean-up
    if shutil.which("perf") is None:
        raise SystemExit("perf is missing: apt-get install linux-perf")
    tmp = tempfile.mkdtemp(prefix="socketserver-syscalls-")
    classes = compile_load_tools(tmp)
    jar = os.path.join(ROOT, "sample-app", "target", "sample-app-0.1.0-SNAPSHOT.jar")
    servers = sample_servers(jar)
    netty = netty_server(tmp, build_netty(tmp))
    ours = our_server(tmp, jar, servers, opts.mode, True, bool(message_servers(servers)))
    netty_kind = opts.workload.lstrip("m") if opts.workload in ("mtcp", "munix") else opts.workload
    targets = [(netty, netty.at[netty_kind]), (ours, ours.at[opts.workload])]
    n = opts.requests

    def load(address):
        if opts.workload == "udp":
            return lambda: udp_load(classes, address, n, 16)[0]
        return lambda: redis_benchmark(address, "ping_inline", n, 50, 1, False, False)

    rows = []
    try:
        for server, _ in targets:
            server.start()
        for server, address in targets:
            # Every process of both serves PING over TCP once it is up.
            wait_for(lambda: listening(server.at["tcp"]), timeout=300, what=f"{server.label}")
            load(address)()  # warm-up
        for _ in range(opts.rounds):
            for server, address in targets:
                rate, counts = counted(server.process.pid, load(address))
                rows.append(per_request(server.label, rate, counts, n))
    finally:
        for server, _ in targets:
            server.stop()
    print(f"{opts.workload}, {n} requests per run; per request: server CPU (task-clock), system calls, "
          "context switches, and the calls made")
    print("| server | req/s | CPU us | syscalls | switches | calls per request |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
