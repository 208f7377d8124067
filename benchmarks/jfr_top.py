#!/usr/bin/env python3
"""The top frames of a JFR recording by CPU samples (jdk.ExecutionSample), as two lists: where
the samples were taken (self) and which methods were on the stack (total, each counted once per
sample), the JDK's own recorder threads left out.

    python3 benchmarks/jfr_top.py recording.jfr [--top 25] [--threads REGEX]
"""
import argparse, collections, os, re, subprocess

JAVA_HOME = os.environ.get("JAVA_HOME") or "/usr/lib/jvm/temurin-25-jdk-amd64"
# The recorder and the attach mechanism sample themselves: not the server's work.
IGNORED_THREADS = re.compile(r"^(Attach Listener|JFR .*|Notification Thread|Common-Cleaner)$")


def samples(recording, depth=64):
    """(thread name, [frames, top first]) of each execution sample."""
    out = subprocess.run([os.path.join(JAVA_HOME, "bin", "jfr"), "print", "--events", "jdk.ExecutionSample",
                          "--stack-depth", str(depth), recording], capture_output=True, text=True, check=True).stdout
    return parse(out)


def parse(printed):
    """The samples in the text of `jfr print`."""
    thread, frames, in_stack = None, [], False
    for line in printed.splitlines():
        line = line.strip()
        if line.startswith("sampledThread = "):
            thread = line.split('"')[1] if '"' in line else line
        elif line == "stackTrace = [":
            frames, in_stack = [], True
        elif in_stack and line == "]":
            in_stack = False
            yield thread, frames
        elif in_stack and line != "...":
            frames.append(re.sub(r"\(.*\)( line: \d+)?$", "()", line))


def summary(recording, top=25, threads=None):
    """The two tables of a recording as text."""
    return tally(samples(recording), os.path.basename(recording), top, threads)


def tally(sampled, name, top=25, threads=None):
    """The two tables of (thread, frames) samples as text."""
    wanted = re.compile(threads) if threads else None
    own, total, count = collections.Counter(), collections.Counter(), 0
    for thread, frames in sampled:
        if not frames or IGNORED_THREADS.match(thread or "") or (wanted and not wanted.search(thread or "")):
            continue
        count += 1
        own[frames[0]] += 1
        total.update(set(frames))
    lines = [f"{count} samples in {name}"]
    for title, counter in (("self", own), ("total (on the stack)", total)):
        lines.append(f"  top frames, {title}:")
        for frame, n in counter.most_common(top):
            lines.append(f"    {100 * n / max(count, 1):5.1f}%  {n:6d}  {frame}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("recording")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--threads", help="only the samples of threads whose name matches this regex")
    opts = parser.parse_args()
    print(summary(opts.recording, opts.top, opts.threads))


if __name__ == "__main__":
    main()
