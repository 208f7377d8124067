"""Opens many connections to a line server, sends one line on each, reads its answer, and
holds them all until its standard input closes. Prints READY once every answer came."""
import socket
import sys

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
held = []
waiting = []


def answered(connection):
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = connection.recv(64)
        if not chunk:
            raise SystemExit("connection closed before its answer")
        reply += chunk
    if reply != b"ping\n":
        raise SystemExit("unexpected answer %r" % reply)


for number in range(count):
    connection = socket.create_connection((host, port))
    connection.sendall(b"ping\n")
    waiting.append(connection)
    if len(waiting) == 200:
        for each in waiting:
            answered(each)
        held.extend(waiting)
        waiting = []
for each in waiting:
    answered(each)
held.extend(waiting)
print("READY %d" % len(held), flush=True)
sys.stdin.read()
