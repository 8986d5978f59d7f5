#!/bin/sh
# tests/bench/http_proxy.sh: sockt listen --serve-proxy http against
# tinyproxy, side by side, on loopback: one curl invocation fetches
# URLS (2,000) small files (1 KiB) from one nginx through each proxy
# (curl -x http://, the URLs from a -K config), and straight from nginx
# ("direct", for scale); ROUNDS (5) rounds, the tools alternating in
# each; median requests/s, sockt's ratio to each, and the connections
# curl opened (%{num_connects} summed: a proxy that keeps the client's
# connection needs one).  SOCKT_BASE=path adds another sockt binary (an
# older build) to the same rounds, for a before and after.
# Bounded: every process under timeout; loopback only; skips what is
# absent.  tinyproxy logs to a file of the work directory, not syslog.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
URLS=${URLS:-2000}

for t in nginx curl python3 tinyproxy; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "http_proxy bench: SKIP ($t not installed)"
		exit 0
	fi
done
bench_dir 65536 hproxy
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; bench_cleanup' EXIT
head -c 1024 /dev/urandom >"$W/www/small"
if ! bench_nginx 'keepalive_timeout 60; keepalive_requests 100000;'; then
	echo "http_proxy bench: SKIP (nginx did not start)"
	exit 0
fi
i=0
while [ $i -lt "$URLS" ]; do
	printf 'url = "http://127.0.0.1:%s/small"\noutput = "/dev/null"\n' \
	    "$PORT"
	i=$((i + 1))
done >"$W/urls"
limit=$((ROUNDS * 4 * 120 + 120))

# wait_listen PORT: until something listens on PORT (at most 5 s)
wait_listen() {
	_wi=0
	while ! python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' \
	    "$1" 2>/dev/null; do
		_wi=$((_wi + 1))
		[ $_wi -gt 100 ] && return 1
		sleep 0.05	# no readiness signal: polling, bounded
	done
}
# start NAME CMD...: a proxy in the background on port_NAME (set first)
start() {
	_n=$1
	shift
	timeout "$limit" "$@" </dev/null >"$W/logs/$_n.out" 2>&1 &
	pids="$pids $!"
	eval "wait_listen \$port_$_n" || {
		echo "http_proxy bench: $_n did not start" >&2
		cat "$W/logs/$_n.out" >&2
		exit 1
	}
}

tools="direct sockt"
port_sockt=$(bench_free_port)
start sockt "$SOCKT" listen -k 127.0.0.1 "$port_sockt" --serve-proxy http
if [ -n "${SOCKT_BASE:-}" ]; then
	tools="$tools base"
	port_base=$(bench_free_port)
	start base "$SOCKT_BASE" listen -k 127.0.0.1 "$port_base" \
	    --serve-proxy http
fi
tools="$tools tinyproxy"
port_tinyproxy=$(bench_free_port)
cat >"$W/tinyproxy.conf" <<EOF
Port $port_tinyproxy
Listen 127.0.0.1
Timeout 60
MaxClients 64
LogFile "$W/logs/tinyproxy.log"
LogLevel Critical
PidFile "$W/logs/tinyproxy.pid"
Allow 127.0.0.1
EOF
start tinyproxy tinyproxy -d -c "$W/tinyproxy.conf"

# one TOOL: the URLs through TOOL ("direct": none); "REQ/S CONNECTS"
one() {
	x=
	[ "$1" != direct ] && eval "x=\"-x http://127.0.0.1:\$port_$1\""
	_t0=$(bench_now_ns)
	timeout 300 curl -sf $x -K "$W/urls" -w '%{num_connects}\n' \
	    >"$W/conns" 2>/dev/null || { echo "nan -"; return; }
	_t1=$(bench_now_ns)
	awk -v n="$URLS" -v ns=$((_t1 - _t0)) -v c="$(awk '{ s += $1 } END {
	    print s }' "$W/conns")" 'BEGIN { printf "%.0f %d\n", n * 1e9 / ns, c }'
}

echo "http_proxy: $URLS URLs of 1 KiB in one curl -x http:// (nginx behind), $ROUNDS rounds"
for t in $tools; do
	one "$t" >/dev/null	# warm: no round pays for a cold start
	: >"$W/res.$t"
done
r=1
while [ $r -le "$ROUNDS" ]; do
	line="  round $r:"
	for t in $tools; do
		res=$(one "$t")
		echo "$res" >>"$W/res.$t"
		line="$line $t ${res% *}/s (${res#* } conns)"
	done
	echo "$line"
	r=$((r + 1))
done
ms=$(bench_col 1 <"$W/res.sockt" | bench_median)
for t in $tools; do
	m=$(bench_col 1 <"$W/res.$t" | bench_median)
	c=$(bench_col 2 <"$W/res.$t" | bench_median)
	line=$(printf '%-10s %8s requests/s, %5s connections' "$t" "$m" "$c")
	[ "$t" != sockt ] && [ "$t" != direct ] &&
	    line="$line (sockt $(bench_ratio "$ms" "$m")x)"
	echo "$line"
done
