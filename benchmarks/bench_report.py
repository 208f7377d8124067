"""The benchmark's tables: ours against the bare JDK server and Netty, ours against ours, memory.

results: (label, workload name) -> {round: (requests per second, server CPU seconds per request)}.
A ratio is the median of the ratios of each round (both measured in that round)."""
import statistics

RATE, CPU = 0, 1


def median(runs, index):
    return statistics.median(run[index] for run in runs.values()) if runs else None


def ratio(base, ours, index):
    rounds = sorted(set(base or {}) & set(ours or {}))
    if not rounds or any(base[r][index] == 0 for r in rounds):
        return None
    return statistics.median(ours[r][index] / base[r][index] for r in rounds)


def number(value, scale=1.0, digits=0):
    return "–" if value is None else f"{value * scale:,.{digits}f}"


def figures(results, base_labels, label, name):
    """Throughput of each and ours' ratios to each base, then the same for CPU per request in us."""
    ours = results.get((label, name))
    bases = [results.get((base, name)) for base in base_labels]
    cells = [number(median(runs, RATE)) for runs in bases + [ours]]
    cells += [number(ratio(runs, ours, RATE), digits=2) for runs in bases]
    cells += [number(median(runs, CPU), 1e6, 1) for runs in bases + [ours]]
    cells += [number(ratio(runs, ours, CPU), digits=2) for runs in bases]
    return cells


def main_table(endpoints, workloads, results):
    lines = ["| server | workload | bare | Netty | ours | ours/bare | ours/Netty "
             "| CPU us/req: bare | Netty | ours | ours/bare | ours/Netty |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ours = [e for e in endpoints if e.role == "ours"]
    for w in workloads:
        for e in ours:
            if (e.label, w.name) not in results:
                continue
            lines.append("| " + " | ".join([e.label, w.name] + figures(results, ("bare", "netty"), e.label, w.name)) + " |")
            if w.kind == "udp":
                alternative = figures(results, ("bare, a virtual thread per datagram", "netty, one datagram channel"),
                                      e.label, w.name)
                lines.append("| " + " | ".join([e.label, w.name + ": against bare on a virtual thread per datagram, "
                                                "Netty on one channel"] + alternative) + " |")
    return "\n".join(lines)


def pairs_of_ours(endpoints):
    """(title, A, B) of the comparisons within ours: metrics on/off, message-ping/stream ping."""
    labels = {e.label for e in endpoints if e.role == "ours"}
    found = []
    for suffix in ("", ", message-ping"):
        on, off = "ours virtual" + suffix, "ours virtual no-metrics" + suffix
        if on in labels and off in labels:
            found.append(("metrics on / off" + suffix, off, on))
    for label in sorted(labels):
        if label + ", message-ping" in labels:
            found.append((label + ": message-ping / ping", label, label + ", message-ping"))
    return found


def comparison_table(endpoints, workloads, results):
    lines = ["| comparison (B / A) | workload | A | B | B/A | CPU us/req: A | B | B/A |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for title, a, b in pairs_of_ours(endpoints):
        for w in workloads:
            first, second = results.get((a, w.name)), results.get((b, w.name))
            if first and second:
                lines.append(f"| {title} | {w.name} | {number(median(first, RATE))} | {number(median(second, RATE))} "
                             f"| {number(ratio(first, second, RATE), digits=2)} | {number(median(first, CPU), 1e6, 1)} "
                             f"| {number(median(second, CPU), 1e6, 1)} | {number(ratio(first, second, CPU), digits=2)} |")
    return "\n".join(lines) if len(lines) > 2 else ""


def memory_table(idle, connections):
    netty = {state: idle.get(("netty", state)) for state in ("cold", "warm")}
    lines = ["| server | state | live heap per idle connection, bytes | / Netty "
             "| RSS outside the heap per idle connection, bytes |", "|---|---|---:|---:|---:|"]
    for (label, state), (rss, heap) in sorted(idle.items(), key=lambda item: item[0][1]):
        base = netty.get(state)
        lines.append(f"| {label} | {state} | {heap:,.0f} | {number(heap / base[1] if base else None, digits=2)} "
                     f"| {rss:,.0f} |")
    return (f"Idle connections ({connections:,}, TCP, each answered once; live heap after a full collection; "
            "cold: the process had served nothing; warm: after the throughput runs)\n\n" + "\n".join(lines))


def report(endpoints, workloads, results, idle, connections):
    parts = ["Ours against the bare JDK server and Netty (throughput in requests or datagrams per second; "
             "ratios: higher is better for throughput, lower for CPU)", "", main_table(endpoints, workloads, results)]
    comparison = comparison_table(endpoints, workloads, results)
    if comparison:
        parts += ["", "Ours against ours, same rounds", "", comparison]
    if idle:
        parts += ["", memory_table(idle, connections)]
    return "\n".join(parts)
