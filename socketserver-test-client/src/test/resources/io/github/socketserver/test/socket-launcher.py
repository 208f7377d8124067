"""Holds one socket, as systemd does, and hands it to child processes in turn.

usage: socket-launcher.py FAMILY TYPE PATH DESCRIPTOR NAME LISTEN_PID LOG_DIR COMMAND...

FAMILY inet|inet6|unix, TYPE stream|datagram, PATH the socket file or '-', DESCRIPTOR 3
(systemd's LISTEN_FDS) or 0 (standard input), NAME the LISTEN_FDNAMES value, LISTEN_PID
'child' or a fixed process id. Prints "ADDRESS <host> <port>" or "ADDRESS <path>", then
takes commands on standard input: "start" runs COMMAND with the socket (output to
LOG_DIR/child-N.log), "stop" sends it SIGTERM and waits, "wait" waits; both print
"EXIT <code>". End of input kills the child and closes the socket.
"""
import os
import signal
import socket
import subprocess
import sys

family_name, type_name, path, descriptor, name, listen_pid, log_dir = sys.argv[1:8]
command = sys.argv[8:]
family = {"inet": socket.AF_INET, "inet6": socket.AF_INET6, "unix": socket.AF_UNIX}[family_name]
kind = {"stream": socket.SOCK_STREAM, "datagram": socket.SOCK_DGRAM}[type_name]
sock = socket.socket(family, kind)
if family == socket.AF_UNIX:
    sock.bind(path)
    address = path
else:
    sock.bind(("127.0.0.1" if family == socket.AF_INET else "::1", 0))
    address = "%s %d" % sock.getsockname()[:2]
if kind == socket.SOCK_STREAM:
    sock.listen(4096)
descriptor = int(descriptor)
if descriptor == 3 and sock.fileno() != 3:
    os.dup2(sock.fileno(), 3)
print("ADDRESS " + address, flush=True)

child = None
runs = 0
for line in sys.stdin:
    line = line.strip()
    if line == "start":
        runs += 1
        log = open(os.path.join(log_dir, "child-%d.log" % runs), "wb")
        if descriptor == 0:
            child = subprocess.Popen(command, stdin=sock.fileno(), stdout=log, stderr=subprocess.STDOUT)
        else:
            env = dict(os.environ, LISTEN_FDS="1", LISTEN_FDNAMES=name)
            pid = '"$$"' if listen_pid == "child" else listen_pid
            child = subprocess.Popen(["sh", "-c", 'LISTEN_PID=' + pid + ' exec "$@"', "sh"] + command, env=env,
                                     pass_fds=[3], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        print("STARTED %d" % runs, flush=True)
    elif line in ("stop", "wait") and child is not None:
        if line == "stop":
            child.send_signal(signal.SIGTERM)
        print("EXIT %d" % child.wait(), flush=True)
        child = None
if child is not None:
    child.kill()
    child.wait()
sock.close()
