"""The servers of the benchmark: processes, how each is built and started, and where it listens."""
import os, re, signal, socket, subprocess, zipfile

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
NETTY = os.path.join(ROOT, "benchmarks", "netty")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit():
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Server:
    """A server process; `at` holds where it listens, by workload kind (tcp, unix, udp...)."""

    def __init__(self, label, command, tmp, at):
        self.label, self.command, self.tmp, self.at = label, command, tmp, at

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
        """User and system time of the whole process, threads that ended included; in clock ticks."""
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def cpu_sample(self):
        """The process's CPU time in ticks, and each live thread's in nanoseconds."""
        threads = {}
        for tid in os.listdir(f"/proc/{self.process.pid}/task"):
            try:
                threads[tid] = int(open(f"/proc/{self.process.pid}/task/{tid}/schedstat").read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # the thread ended
        return self.cpu_seconds(), threads

    @staticmethod
    def cpu_between(before, after):
        """CPU seconds between two samples: the threads' nanoseconds, unless threads that ended in
        between (only the ticks count them) make the ticks larger than their rounding explains."""
        ticks = after[0] - before[0]
        precise = sum(ns - before[1].get(tid, 0) for tid, ns in after[1].items()) / 1e9
        return ticks if ticks - precise > 2.5 / TICKS else precise

    def rss_bytes(self):
        return int(open(f"/proc/{self.process.pid}/statm").read().split()[1]) * PAGE

    def jcmd(self, *command):
        return subprocess.run([JCMD, str(self.process.pid), *command], capture_output=True, text=True,
                              timeout=120).stdout

    def live_heap_bytes(self):
        """The bytes of all live objects: the class histogram runs a full collection first."""
        return int(re.search(r"^Total\s+\d+\s+(\d+)", self.jcmd("GC.class_histogram"), re.M).group(1))


def compile_load_tools(tmp):
    classes = os.path.join(tmp, "classes")
    subprocess.run([JAVAC, "-d", classes, os.path.join(ROOT, "benchmarks", "BareServer.java"),
                    os.path.join(ROOT, "benchmarks", "UdpLoad.java")], check=True)
    return classes


def build_netty(tmp, offline_first=True):
    """Netty's jars (from Maven Central, once, into benchmarks/netty/target/lib) and NettyServer."""
    lib = os.path.join(NETTY, "target", "lib")
    if not os.path.isdir(lib) or not any(name.startswith("netty-transport-native-epoll") for name in os.listdir(lib)):
        command = ["mvn", "-q", "-B", "-f", os.path.join(NETTY, "pom.xml"), "dependency:copy-dependencies",
                   "-DoutputDirectory=" + lib]
        env = dict(os.environ, JAVA_HOME=JAVA_HOME)
        if not offline_first or subprocess.run(command + ["-o"], env=env, capture_output=True).returncode != 0:
            subprocess.run(command, env=env, check=True)
    classes = os.path.join(tmp, "netty-classes")
    subprocess.run([JAVAC, "-d", classes, "-cp", os.path.join(lib, "*"), os.path.join(NETTY, "NettyServer.java")],
                   check=True)
    return os.path.join(lib, "*") + os.pathsep + classes


def demo_key_store(tmp):
    """The demo certificate and key as a PKCS#12 store, for the bare TLS server."""
    store = os.path.join(tmp, "demo.p12")
    subprocess.run(["openssl", "pkcs12", "-export", "-in", os.path.join(DEMO_TLS, "server.crt"),
                    "-inkey", os.path.join(DEMO_TLS, "server.key"), "-out", store, "-passout", "pass:bench"],
                   check=True)
    return store


def bare_servers(tmp, classes):
    """The bare JDK servers, one process each: the baseline of the same design as ours."""
    tcp, udp, udp_threads, tls = free_port(), free_port(), free_port(), free_port()
    unix = os.path.join(tmp, "bare-ping.sock")
    java = [JAVA, *HEAP, "-cp", classes, "BareServer"]
    return dict(
        tcp=Server("bare ping", java + ["ping-tcp", str(tcp)], tmp, dict(tcp=tcp)),
        unix=Server("bare unix", java + ["ping-unix", unix], tmp, dict(unix=unix)),
        udp=Server("bare udp", java + ["udp-echo", str(udp)], tmp, dict(udp=udp)),
        udp_threads=Server("bare udp threads", java + ["udp-echo-threads", str(udp_threads)], tmp,
                           dict(udp=udp_threads)),
        tls=Server("bare tls", java + ["ping-tls", str(tls), demo_key_store(tmp), "bench"], tmp,
                   dict(tls=tls, **{"tls-new": tls})))


def netty_server(tmp, classpath):
    """Netty in one process: PING over TCP and Unix, UDP echo per core and on one channel."""
    tcp, udp, udp_single = free_port(), free_port(), free_port()
    unix = os.path.join(tmp, "netty-ping.sock")
    command = [JAVA, *HEAP, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "NettyServer", str(tcp), unix,
               str(udp), str(udp_single)]
    return Server("netty", command, tmp, dict(tcp=tcp, unix=unix, udp=udp, udp_single=udp_single))


def sample_servers(jar):
    """The sample's servers as its application.yml declares them: name -> (family, type)."""
    with zipfile.ZipFile(jar) as archive:
        text = archive.read("BOOT-INF/classes/application.yml").decode()
    servers, current, block = {}, None, None
    for line in text.splitlines():
        words = line.split("#", 1)[0].strip()
        if not words:
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            block = "socketserver" if words == "socketserver:" else None
        elif indent == 2 and block:
            block = "servers" if words == "servers:" else "socketserver"
        elif indent == 4 and block == "servers":
            current = servers.setdefault(words.rstrip(":"), {"family": "inet", "type": "stream"})
        elif indent == 6 and block == "servers":
            setting = re.match(r"(family|type):\s*([\w-]+)", words)
            if setting:
                current[setting.group(1)] = setting.group(2)
    return servers


def message_servers(servers):
    """The sample's message PING servers (a name with message-ping in it), the first over TCP and
    the first over a Unix socket: name -> kind (mtcp or munix)."""
    found = {}
    for name, server in servers.items():
        kind = "munix" if server["family"] == "unix" else "mtcp"
        if "message-ping" in name and server["type"] == "stream" and kind not in found.values():
            found[name] = kind
    return found


def our_server(tmp, jar, servers, mode, metrics=True, message=True):
    """The sample app: every server on a free port or a temp-dir path (several run side by side);
    the measured ones in the given threading mode."""
    label = f"ours {mode}" + ("" if metrics else " no-metrics")
    slug = label.replace(" ", "-")
    at = dict(tcp=free_port(), udp=free_port(), tls=free_port(), unix=os.path.join(tmp, slug + "-ping.sock"))
    at["tls-new"] = at["tls"]
    named = {"ping": "tcp", "udp-echo": "udp", "tls-ping": "tls", "unix-ping": "unix"}
    if message:
        named.update(message_servers(servers))
    args = [JAVA, *HEAP, "-jar", jar, "--server.port=0", "--logging.level.root=WARN"]
    for name, server in servers.items():
        kind = named.get(name)
        if server["family"] == "unix":
            if kind:
                at.setdefault(kind, os.path.join(tmp, f"{slug}-{name}.sock"))
            args.append(f"--socketserver.servers.{name}.path=" + at.get(kind, os.path.join(tmp, f"{slug}-{name}.sock")))
        else:
            if kind:
                at.setdefault(kind, free_port())
            args.append(f"--socketserver.servers.{name}.port={at[kind] if kind else 0}")
        if kind:
            args.append(f"--socketserver.servers.{name}.threading={mode}")
            if kind != "udp":  # room for redis-benchmark's bursts of 1000 connections
                args.append(f"--socketserver.servers.{name}.socket.queue-size=1024")
            if mode == "pool":
                args.append(f"--socketserver.servers.{name}.pool.max-threads=1100")
                args.append(f"--socketserver.servers.{name}.pool.queue-capacity=0")
    if not metrics:
        args.append("--spring.autoconfigure.exclude="
                    "io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration")
    return Server(label, args, tmp, at)
