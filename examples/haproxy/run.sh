#!/usr/bin/env bash
# Two sample-app instances behind HAProxy (send-proxy-v2, health checks on each instance's
# actuator readiness), a bounded load that opens a connection per request, and a restart of
# one instance in the middle of it. Ends with "requests: N, failed: F".
#
#   examples/haproxy/run.sh               # takes the instance out of HAProxy first, as a preStop does
#   RESTART=signal examples/haproxy/run.sh  # only SIGTERM: readiness, drain, retries and redispatch
#
# Needs HAProxy (apt-get install haproxy), socat, curl and a JDK 17+; builds the sample's jar
# once if it is not there. Binds ports of its own (16380-16382, 18081-18082; override with
# FRONT_PORT, ONE_PING_PORT, ...), never the sample's defaults, and keeps its files in $WORK.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/socketserver-haproxy.XXXXXX")}
export FRONT_PORT=${FRONT_PORT:-16380}
export ONE_PING_PORT=${ONE_PING_PORT:-16381} ONE_HTTP_PORT=${ONE_HTTP_PORT:-18081}
export TWO_PING_PORT=${TWO_PING_PORT:-16382} TWO_HTTP_PORT=${TWO_HTTP_PORT:-18082}
CLIENTS=${CLIENTS:-8}
MAX_REQUESTS=${MAX_REQUESTS:-500000}
MAX_SECONDS=${MAX_SECONDS:-180}
RESTART=${RESTART:-drain}
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

[ -x "$HAPROXY" ] || { echo "HAProxy is needed: apt-get install haproxy" >&2; exit 2; }
for tool in socat curl; do
	command -v $tool >/dev/null || { echo "$tool is needed: apt-get install $tool" >&2; exit 2; }
done

log() { echo "$(date +%T.%3N) $*"; }

jar() { ls "$ROOT"/sample-app/target/sample-app-*.jar 2>/dev/null | grep -v -- '-plain\|original' | head -n 1; }
if [ -z "$(jar)" ]; then
	log "building the sample's jar"
	(cd "$ROOT" && mvn -B -q -pl sample-app -am -Dmaven.test.skip=true package)
fi
JAR=$(jar)

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT
trap "exit 143" INT TERM

# An instance of the sample on ports and socket files of its own; its ping server (Redis
# PING) reads the PROXY header HAProxy sends, and believes it from 127.0.0.1 only.
start_instance() {
	local name=$1 ping_port=$2 http_port=$3
	mkdir -p "$WORK/$name"
	"$JAVA" -jar "$JAR" \
		--server.port="$http_port" \
		--management.endpoint.health.probes.enabled=true \
		--socketserver.servers.ping.port="$ping_port" \
		--socketserver.servers.ping.proxy-protocol.mode=required \
		--socketserver.servers.ping.proxy-protocol.trusted=127.0.0.1 \
		--socketserver.servers.echo.port=0 \
		--socketserver.servers.udp-echo.port=0 \
		--socketserver.servers.syslog-udp.port=0 \
		--socketserver.servers.upper.port=0 \
		--socketserver.servers.tls-ping.port=0 \
		--socketserver.servers.tls-echo.port=0 \
		--socketserver.servers.message-ping.port=0 \
		--socketserver.servers.message-echo.port=0 \
		--socketserver.servers.unix-message-ping.path="$WORK/$name/message-ping.sock" \
		--socketserver.servers.unix-echo.path="$WORK/$name/echo.sock" \
		--socketserver.servers.unix-ping.path="$WORK/$name/ping.sock" \
		--socketserver.servers.unix-dgram-echo.path="$WORK/$name/dgram-echo.sock" \
		--socketserver.servers.syslog.path="$WORK/$name/syslog.sock" \
		>>"$WORK/$name.log" 2>&1 &
	echo $! >"$WORK/$name.pid"
	pids+=($!)
}

wait_ready() { # name http-port
	until curl -fsS "http://127.0.0.1:$2/actuator/health/readiness" >/dev/null 2>&1; do
		if ! kill -0 "$(cat "$WORK/$1.pid")" 2>/dev/null; then
			echo "instance $1 did not start:" >&2
			tail -n 20 "$WORK/$1.log" >&2
			exit 1
		fi
		sleep 0.2
	done
}

haproxy_api() { echo "$1" | socat stdio "unix-connect:$WORK/haproxy.sock"; }

# The state HAProxy gives an instance (UP, DOWN, DRAIN, MAINT), from its statistics.
haproxy_status() { haproxy_api "show stat" | awk -F, -v server="$1" '$1 == "instances" && $2 == server { print $18 }'; }

haproxy_sessions() { haproxy_api "show stat" | awk -F, -v server="$1" '$1 == "instances" && $2 == server { print $5 }'; }

wait_status() { # server status
	until [ "$(haproxy_status "$1")" = "$2" ]; do sleep 0.1; done
}

for port in "$FRONT_PORT" "$ONE_PING_PORT" "$ONE_HTTP_PORT" "$TWO_PING_PORT" "$TWO_HTTP_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "port $port is in use: stop what listens there, or choose other ports" >&2
		exit 2
	fi
done

log "work directory $WORK, jar $(basename "$JAR")"
start_instance one "$ONE_PING_PORT" "$ONE_HTTP_PORT"
start_instance two "$TWO_PING_PORT" "$TWO_HTTP_PORT"
wait_ready one "$ONE_HTTP_PORT"
wait_ready two "$TWO_HTTP_PORT"
log "both instances ready"

"$HAPROXY" -db -f "$HERE/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
pids+=($!)
until [ -S "$WORK/haproxy.sock" ]; do sleep 0.1; done
wait_status one UP
wait_status two UP
log "HAProxy on 127.0.0.1:$FRONT_PORT, both instances UP"

log "load: $CLIENTS clients, one connection per request"
"$JAVA" "$HERE/PingLoad.java" 127.0.0.1 "$FRONT_PORT" "$CLIENTS" "$MAX_REQUESTS" "$MAX_SECONDS" "$WORK/stop" \
	>"$WORK/load.out" 2>"$WORK/load.err" &
load=$!
sleep 3

if [ "$RESTART" = drain ]; then
	# What a preStop hook and the removal from a Service's endpoints do in Kubernetes: the
	# balancer stops sending new connections before the instance stops listening.
	haproxy_api "set server instances/one state drain" >/dev/null
	log "one: set to DRAIN in HAProxy, no new connections"
	until [ "$(haproxy_sessions one)" = 0 ]; do sleep 0.1; done
	log "one: no connection left through HAProxy"
fi
kill -TERM "$(cat "$WORK/one.pid")"
log "one: SIGTERM (readiness turns to REFUSING_TRAFFIC, the servers drain)"
while kill -0 "$(cat "$WORK/one.pid")" 2>/dev/null; do sleep 0.1; done
log "one: stopped; HAProxy sees it $(haproxy_status one)"
start_instance one "$ONE_PING_PORT" "$ONE_HTTP_PORT"
wait_ready one "$ONE_HTTP_PORT"
log "one: started again, readiness UP"
haproxy_api "set server instances/one state ready" >/dev/null
wait_status one UP
log "one: UP in HAProxy again"
sleep 3
touch "$WORK/stop"
wait "$load" || true
haproxy_api "show stat" | awk -F, '$1 == "instances" && $2 == "BACKEND" {
	print "HAProxy: " $8 " connections, " $14 " connection errors, " $16 " retries, " $17 " redispatches" }' |
	while read -r line; do log "$line"; done
log "load done; failures, if any, in $WORK/load.err"
head -n 5 "$WORK/load.err" >&2 || true
cat "$WORK/load.out"
