#!/bin/sh
# tests/bench/http.sh: sockt http-get against curl on loopback, same nginx.
# 1 GiB file downloaded with -o, alternating, several rounds: median GB/s,
# the client's CPU time (user+sys) per GiB, and the ratios; then 2,000
# 1 KiB files in one invocation given all 2,000 URLs (both reuse one
# connection): median requests/s and the ratio; then 2,000 sequential
# 1 KiB requests, one invocation each: requests/s.
# Bounded: every process under timeout; loopback only; skips what is absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-7}
SMALL_N=${SMALL_N:-2000}
MANY_N=${MANY_N:-2000}
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
mkdir "$W/www/many"
i=1
while [ $i -le "$MANY_N" ]; do
	cp "$W/www/small" "$W/www/many/f$i"
	i=$((i + 1))
done
# client CPU time: GNU time when installed, else the column stays "-"
TIMEBIN=
[ -x /usr/bin/time ] && /usr/bin/time -f '%U %S' true 2>/dev/null &&
    TIMEBIN=/usr/bin/time

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

# timed CMD...: run CMD; its user+sys seconds in $W/cpu ("-" unknown)
timed() {
	if [ -n "$TIMEBIN" ]; then
		"$TIMEBIN" -f '%U %S' -o "$W/cpu.raw" "$@"
		_st=$?
		awk '{ printf "%.3f\n", $1 + $2 }' "$W/cpu.raw" >"$W/cpu"
		return $_st
	fi
	echo - >"$W/cpu"
	"$@"
}

# one timed download; prints GB/s and CPU seconds per GiB, or "fail"
big_once() {
	rm -f "$W/out"
	t0=$(now_ns)
	if ! timed timeout 120 "$@" "$W/out" "$U/big"; then
		echo fail
		return
	fi
	t1=$(now_ns)
	if [ "$(wc -c <"$W/out" | tr -d ' ')" -ne "$SIZE" ]; then
		echo fail
		return
	fi
	awk -v b="$SIZE" -v ns=$((t1 - t0)) -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.3f %s\n", b / ns,
	    cpu == "-" ? "-" : sprintf("%.3f", cpu * 1073741824 / b) }'
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
	c="- -"
	if [ $have_curl -eq 1 ]; then
		c=$(big_once curl -s -o)
		echo "$c" >>"$W/c.big"
	fi
	echo "  round $r: sockt ${s% *} GB/s ${s#* } s CPU/GiB, curl ${c% *} GB/s ${c#* } s CPU/GiB"
	r=$((r + 1))
done
rm -f "$W/out"
if grep -q fail "$W/s.big"; then
	echo "http bench: sockt download FAILED"
	exit 1
fi
col() { awk -v c="$1" '{ print $c }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }'; }
sm=$(col 1 <"$W/s.big" | median)
scpu=-
[ -n "$TIMEBIN" ] && scpu=$(col 2 <"$W/s.big" | median)
if [ $have_curl -eq 1 ] && ! grep -q fail "$W/c.big"; then
	cm=$(col 1 <"$W/c.big" | median)
	ccpu=-
	[ -n "$TIMEBIN" ] && ccpu=$(col 2 <"$W/c.big" | median)
	echo "large file: sockt $sm GB/s, curl $cm GB/s (median of $ROUNDS), ratio $(ratio "$sm" "$cm")x"
	echo "large file CPU (user+sys per GiB): sockt $scpu s, curl $ccpu s, sockt/curl $(ratio "$scpu" "$ccpu") (target <= 0.70)"
else
	echo "large file: sockt $sm GB/s, $scpu s CPU/GiB (curl absent or failed)"
fi

# MANY_N 1 KiB files, one invocation given every URL; prints requests/s
# and CPU seconds, or "fail"
i=1
: >"$W/many.list"
while [ $i -le "$MANY_N" ]; do
	echo "$U/many/f$i" >>"$W/many.list"
	i=$((i + 1))
done
many_once() {
	rm -f "$W/many.out"
	t0=$(now_ns)
	# shellcheck disable=SC2046
	if ! timed timeout 120 "$@" $(cat "$W/many.list") >"$W/many.out"; then
		echo fail
		return
	fi
	t1=$(now_ns)
	if [ "$(wc -c <"$W/many.out" | tr -d ' ')" -ne $((MANY_N * 1024)) ]
	then
		echo fail
		return
	fi
	awk -v n="$MANY_N" -v ns=$((t1 - t0)) -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.0f %s\n", n * 1e9 / ns, cpu }'
}
echo "many URLs: $MANY_N x 1 KiB in one invocation, $ROUNDS rounds"
many_once "$SOCKT" http-get -s >/dev/null
[ $have_curl -eq 1 ] && many_once curl -s >/dev/null
: >"$W/s.many"
: >"$W/c.many"
r=1
while [ $r -le "$ROUNDS" ]; do
	s=$(many_once "$SOCKT" http-get -s)
	echo "$s" >>"$W/s.many"
	c="- -"
	if [ $have_curl -eq 1 ]; then
		c=$(many_once curl -s)
		echo "$c" >>"$W/c.many"
	fi
	echo "  round $r: sockt ${s% *} req/s ${s#* } s CPU, curl ${c% *} req/s ${c#* } s CPU"
	r=$((r + 1))
done
if grep -q fail "$W/s.many"; then
	echo "http bench: sockt many URLs FAILED"
	exit 1
fi
sm=$(col 1 <"$W/s.many" | median)
scpu=-
[ -n "$TIMEBIN" ] && scpu=$(col 2 <"$W/s.many" | median)
if [ $have_curl -eq 1 ] && ! grep -q fail "$W/c.many"; then
	cm=$(col 1 <"$W/c.many" | median)
	ccpu=-
	[ -n "$TIMEBIN" ] && ccpu=$(col 2 <"$W/c.many" | median)
	echo "many URLs: sockt $sm req/s, curl $cm req/s (median of $ROUNDS), ratio $(ratio "$sm" "$cm")x (target >= 1.50); CPU sockt $scpu s, curl $ccpu s"
else
	echo "many URLs: sockt $sm req/s, $scpu s CPU (curl absent or failed)"
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
