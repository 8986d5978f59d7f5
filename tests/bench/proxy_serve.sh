#!/bin/sh
# tests/bench/proxy_serve.sh: sockt listen --serve-proxy socks5 against
# microsocks, side by side, on loopback.
# Throughput: a SIZE_MB MiB file (default 1024: 1 GiB) from nginx through
# each proxy to curl -x socks5h:// (written to /dev/null), and straight
# from nginx ("direct", for scale); ROUNDS rounds (default 5) alternating;
# median GB/s and sockt's ratio.
# Connection rate: CONNS (default 3000) SOCKS5 sessions a round, 8 at a
# time (socksbench.c: greeting, CONNECT, one line from a backend that
# writes it and closes); median sessions/s and sockt's ratio.
# Bounded: every process under timeout; loopback only; skips what is
# absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-5}
SIZE_MB=${SIZE_MB:-1024}
CONNS=${CONNS:-3000}

have() { command -v "$1" >/dev/null 2>&1; }
for t in nginx curl microsocks python3; do
	if ! have "$t"; then
		echo "proxy_serve bench: SKIP ($t not installed)"
		exit 0
	fi
done
base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt \
    $((SIZE_MB * 1024 * 3)) ]; then
	base=/dev/shm
fi
W=$(mktemp -d "$base/sockt-bench.XXXXXX") || exit 1
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$W"' EXIT
trap 'exit 1' INT TERM

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# wait_listen PORT: until something listens on PORT (at most 5 s)
wait_listen() {
	i=0
	while ! python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05
	done
}
# start SECS CMD...: a background process, ended on exit and after SECS
start() {
	_s=$1
	shift
	timeout "$_s" "$@" </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
}
limit=$((ROUNDS * 3 * 60 + 120))

${CC:-cc} -O2 -o "$W/sb" "$(dirname "$0")/socksbench.c" || exit 1
mkdir "$W/www" "$W/logs"
# real pages, not a sparse file, so every round reads the same cache
head -c $((SIZE_MB * 1048576)) /dev/zero >"$W/www/big"
bytes=$((SIZE_MB * 1048576))

NG=$(freeport)
cat >"$W/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $W/nginx.pid;
error_log $W/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	client_body_temp_path $W/logs;
	proxy_temp_path $W/logs;
	fastcgi_temp_path $W/logs;
	uwsgi_temp_path $W/logs;
	scgi_temp_path $W/logs;
	server { listen 127.0.0.1:$NG; root $W/www; }
}
EOC
start "$limit" nginx -c "$W/nginx.conf" -p "$W"
port_sockt=$(freeport)
start "$limit" "$SOCKT" listen -k 127.0.0.1 "$port_sockt" --serve-proxy socks5
port_microsocks=$(freeport)
start "$limit" microsocks -i 127.0.0.1 -p "$port_microsocks"
for p in "$NG" "$port_sockt" "$port_microsocks"; do
	wait_listen "$p" || { echo "a server did not start ($p)" >&2; exit 1; }
done

# one download through $1 ("direct": none); prints GB/s
one() {
	if [ "$1" = direct ]; then
		x=
	else
		eval "x=\"-x socks5h://127.0.0.1:\$port_$1\""
	fi
	s=$(now)
	timeout 120 curl -sf -o /dev/null $x "http://127.0.0.1:$NG/big" ||
	    { echo "nan"; return; }
	e=$(now)
	awk -v b="$bytes" -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", b / (e - s) / 1e9 }'
}

tools="direct sockt microsocks"
echo "proxy_serve: $SIZE_MB MiB per download (curl -x socks5h://, nginx behind), $ROUNDS rounds"
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in $tools; do
		one "$t" >>"$W/res.$t"
	done
	r=$((r + 1))
done
report() {	# report SUFFIX UNIT TOOLS...
	_suf=$1 _unit=$2
	shift 2
	ms=$(median <"$W/$_suf.sockt")
	for t in "$@"; do
		m=$(median <"$W/$_suf.$t")
		line=$(printf '%-10s %s %s' "$t" "$m" "$_unit")
		if [ "$t" != sockt ] && [ "$t" != direct ]; then
			ratio=$(awk -v a="$ms" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
			line="$line (sockt ${ratio}x)"
		fi
		echo "$line   runs: $(tr '\n' ' ' <"$W/$_suf.$t")"
	done
}
report res GB/s $tools

# the connection rate, against a backend that says one line and closes
B=$(freeport)
start "$limit" python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(512)
while True:
    c, _ = s.accept()
    try:
        c.sendall(b"hi\n")
    except OSError:
        pass    # a client that went away must not end the backend
    c.close()
' "$B"
wait_listen "$B" || { echo "line backend did not start" >&2; exit 1; }
echo "connection rate: $CONNS SOCKS5 sessions, 8 at a time, $ROUNDS rounds"
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in sockt microsocks; do
		eval "p=\$port_$t"
		c=$(timeout 300 "$W/sb" "$p" "$B" "$CONNS" 8)
		echo "${c:-0}" >>"$W/cps.$t"
	done
	r=$((r + 1))
done
report cps sessions/s sockt microsocks
