#!/bin/sh
# tests/bench/http.sh: sockt http-get against curl on loopback, same nginx.
# 1 GiB file downloaded with -o, alternating, several rounds: median GB/s
# and the ratio; then 2,000 sequential 1 KiB requests each: requests/s.
# Bounded: every process under timeout; loopback only; skips what is absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-7}
SMALL_N=${SMALL_N:-2000}
SIZE=$((1024 * 1024 * 1024))

if ! command -v nginx >/dev/null 2>&1; then
	echo "http bench: SKIP (nginx not installed)"
	exit 0
fi
have_curl=1
command -v curl >/dev/null 2>&1 || have_curl=0

# files on tmpfs when it has room, so the disk is not what is measured
base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt \
    $((3 * 1024 * 1024)) ]; then
	base=/dev/shm
fi
W=$(mktemp -d "$base/sockt-bench.XXXXXX") || exit 1
NGPID=
cleanup() {
	[ -n "$NGPID" ] && kill "$NGPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir "$W/www" "$W/logs"
# real pages, not a sparse file, so every round reads the same cache
head -c "$SIZE" /dev/zero >"$W/www/big"
head -c 1024 /dev/urandom >"$W/www/small"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	    echo $((20000 + $$ % 20000))
}

# nginx cannot bind port 0: ask the kernel for a free port, retry on a clash
started=0
for try in 1 2 3 4 5; do
	PORT=$(free_port)
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
	keepalive_timeout 5;
	client_body_temp_path $W/logs;
	proxy_temp_path $W/logs;
	fastcgi_temp_path $W/logs;
	uwsgi_temp_path $W/logs;
	scgi_temp_path $W/logs;
	server {
		listen 127.0.0.1:$PORT;
		root $W/www;
	}
}
EOC
	timeout 600 nginx -p "$W" -c "$W/nginx.conf" 2>>"$W/logs/start.log" &
	NGPID=$!
	i=0
	while [ $i -lt 50 ]; do
		if "$SOCKT" http-get -s -f -o /dev/null \
		    "http://127.0.0.1:$PORT/small" 2>/dev/null; then
			started=1
			break
		fi
		kill -0 "$NGPID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ $started -eq 1 ] && break
	kill "$NGPID" 2>/dev/null
	wait "$NGPID" 2>/dev/null
	NGPID=
done
if [ $started -ne 1 ]; then
	echo "http bench: SKIP (nginx did not start)"
	cat "$W/logs/start.log" "$W/logs/error.log" 2>/dev/null
	exit 0
fi
U=http://127.0.0.1:$PORT

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# one timed download; prints GB/s, or "fail"
big_once() {
	rm -f "$W/out"
	t0=$(now_ns)
	if ! timeout 120 "$@" "$W/out" "$U/big"; then
		echo fail
		return
	fi
	t1=$(now_ns)
	if [ "$(wc -c <"$W/out" | tr -d ' ')" -ne "$SIZE" ]; then
		echo fail
		return
	fi
	awk -v b="$SIZE" -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f\n", b / ns }'
}

echo "http bench: nginx $U, 1 GiB file, $ROUNDS rounds, files in $base"
# one untimed download each first, so no round pays for a cold start
big_once "$SOCKT" http-get -s -o >/dev/null
[ $have_curl -eq 1 ] && big_once curl -s -o >/dev/null
: >"$W/s.big"
: >"$W/c.big"
r=1
while [ $r -le "$ROUNDS" ]; do
	s=$(big_once "$SOCKT" http-get -s -o)
	echo "$s" >>"$W/s.big"
	c=-
	if [ $have_curl -eq 1 ]; then
		c=$(big_once curl -s -o)
		echo "$c" >>"$W/c.big"
	fi
	echo "  round $r: sockt $s GB/s, curl $c GB/s"
	r=$((r + 1))
done
rm -f "$W/out"
if grep -q fail "$W/s.big"; then
	echo "http bench: sockt download FAILED"
	exit 1
fi
sm=$(median <"$W/s.big")
if [ $have_curl -eq 1 ] && ! grep -q fail "$W/c.big"; then
	cm=$(median <"$W/c.big")
	echo "large file: sockt $sm GB/s, curl $cm GB/s (median of $ROUNDS), ratio $(awk -v a="$sm" -v b="$cm" 'BEGIN { printf "%.2f", a / b }')x"
else
	echo "large file: sockt $sm GB/s (curl absent or failed)"
fi

# sequential small requests; prints requests/s
small_run() {
	i=0
	t0=$(now_ns)
	while [ $i -lt "$SMALL_N" ]; do
		timeout 10 "$@" "$U/small" || { echo fail; return; }
		i=$((i + 1))
	done
	t1=$(now_ns)
	awk -v n="$SMALL_N" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f\n", n * 1e9 / ns }'
}
sr=$(small_run "$SOCKT" http-get -s -o /dev/null)
if [ $have_curl -eq 1 ]; then
	cr=$(small_run curl -s -o /dev/null)
	echo "small requests: $SMALL_N x 1 KiB: sockt $sr req/s, curl $cr req/s, ratio $(awk -v a="$sr" -v b="$cr" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')x"
else
	echo "small requests: $SMALL_N x 1 KiB: sockt $sr req/s (curl absent)"
fi
[ "$sr" != fail ]
