#!/bin/sh
# tests/bench/http_gzip.sh: sockt http-get --compressed against curl
# --compressed on loopback, same nginx: 256 MiB of text (log lines of
# words and numbers, which gzip -6 takes to about a quarter), served
# gzip-encoded (gzip_static, compressed once before the rounds), fetched
# with -o to a file on tmpfs, alternating, ROUNDS rounds: median MB/s of
# decoded output, the client's CPU time (user+sys) and the ratios.  The
# first download of each is untimed and checked byte for byte.
# Bounded: every process under timeout; loopback only; skips what is
# absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-5}
MIB=${MIB:-256}
SIZE=$((MIB * 1024 * 1024))

for c in nginx python3 gzip; do
	if ! command -v $c >/dev/null 2>&1; then
		echo "http_gzip bench: SKIP ($c not installed)"
		exit 0
	fi
done
if ! "$SOCKT" --version | grep -q '^zlib: [0-9]'; then
	echo "http_gzip bench: SKIP (no zlib for sockt)"
	exit 0
fi
have_curl=1
command -v curl >/dev/null 2>&1 || have_curl=0

base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt \
    $((4 * SIZE / 1024)) ]; then
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
# text that compresses as text does: log lines from a vocabulary, with
# counters, addresses and times, not zeros
timeout 300 python3 - "$W/www/big.txt" "$SIZE" <<'EOP' || exit 1
import random
import sys
random.seed(22)
words = ("GET POST PUT the a of to in and request response server client "
         "connection timeout retry cache miss hit upstream backend index "
         "html json user session token error warning info debug static "
         "image script style module handler worker queue").split()
paths = ["/" + "/".join(random.choice(words) for _ in range(random.randint(1, 4)))
         for _ in range(500)]
size = int(sys.argv[2])
lines = []
for i in range(20000):
    lines.append("%d.%d.%d.%d - - [24/Nov/2026:%02d:%02d:%02d +0000] \"%s %s "
                 "HTTP/1.1\" %d %d \"%s\" %s\n" % (
                     10, random.randrange(256), random.randrange(256),
                     random.randrange(256), random.randrange(24),
                     random.randrange(60), random.randrange(60),
                     random.choice(("GET", "GET", "POST")),
                     random.choice(paths),
                     random.choice((200, 200, 200, 304, 404, 500)),
                     random.randrange(100000),
                     " ".join(random.choice(words) for _ in range(6)),
                     random.randrange(10 ** 9)))
block = "".join(lines).encode()
with open(sys.argv[1], "wb") as f:
    n = 0
    k = 0
    while n < size:
        # a counter per block, so no two blocks are the same text
        b = (b"# block %d\n" % k) + block
        b = b[:size - n]
        f.write(b)
        n += len(b)
        k += 1
EOP
timeout 300 gzip -6 -c "$W/www/big.txt" >"$W/www/big.txt.gz" || exit 1
GZ=$(wc -c <"$W/www/big.txt.gz" | tr -d ' ')
TIMEBIN=
[ -x /usr/bin/time ] && /usr/bin/time -f '%U %S' true 2>/dev/null &&
    TIMEBIN=/usr/bin/time

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
started=0
for try in 1 2 3 4 5; do
	PORT=$(free_port)
	cat >"$W/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $W/nginx.pid;
error_log $W/logs/error.log;
events { worker_connections 64; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	gzip_static on;
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
	timeout 900 nginx -p "$W" -c "$W/nginx.conf" 2>>"$W/logs/start.log" &
	NGPID=$!
	i=0
	while [ $i -lt 50 ]; do
		if "$SOCKT" http-get -s -f -I "http://127.0.0.1:$PORT/big.txt" \
		    >/dev/null 2>&1; then
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
	echo "http_gzip bench: SKIP (nginx did not start)"
	exit 0
fi
U=http://127.0.0.1:$PORT/big.txt

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
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
# once CMD...: one timed download; prints MB/s (decoded) and CPU s, or fail
once() {
	rm -f "$W/out"
	t0=$(now_ns)
	if ! timed timeout 120 "$@" "$W/out" "$U"; then
		echo fail
		return
	fi
	t1=$(now_ns)
	if [ "$(wc -c <"$W/out" | tr -d ' ')" -ne "$SIZE" ]; then
		echo fail
		return
	fi
	awk -v b="$SIZE" -v ns=$((t1 - t0)) -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.1f %s\n", b / ns * 1000, cpu }'
}

echo "http_gzip bench: nginx gzip_static, $MIB MiB of text as $GZ bytes" \
    "of gzip, --compressed -o, $ROUNDS rounds, files in $base"
# the first of each untimed, and checked
for c in sockt curl; do
	[ $c = curl ] && [ $have_curl -eq 0 ] && continue
	rm -f "$W/out"
	if [ $c = sockt ]; then
		timeout 120 "$SOCKT" http-get -s --compressed -o "$W/out" "$U"
	else
		timeout 120 curl -s --compressed -o "$W/out" "$U"
	fi
	if ! cmp -s "$W/out" "$W/www/big.txt"; then
		echo "http_gzip bench: $c's output is not the text: FAILED"
		exit 1
	fi
done
: >"$W/s.r"
: >"$W/c.r"
r=1
while [ $r -le "$ROUNDS" ]; do
	s=$(once "$SOCKT" http-get -s --compressed -o)
	echo "$s" >>"$W/s.r"
	c="- -"
	if [ $have_curl -eq 1 ]; then
		c=$(once curl -s --compressed -o)
		echo "$c" >>"$W/c.r"
	fi
	echo "  round $r: sockt ${s% *} MB/s ${s#* } s CPU, curl ${c% *} MB/s ${c#* } s CPU"
	r=$((r + 1))
done
rm -f "$W/out"
if grep -q fail "$W/s.r"; then
	echo "http_gzip bench: sockt download FAILED"
	exit 1
fi
col() { awk -v c="$1" '{ print $c }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }'; }
sm=$(col 1 <"$W/s.r" | median)
scpu=$(col 2 <"$W/s.r" | median)
if [ $have_curl -eq 1 ] && ! grep -q fail "$W/c.r"; then
	cm=$(col 1 <"$W/c.r" | median)
	ccpu=$(col 2 <"$W/c.r" | median)
	echo "gzip text: sockt $sm MB/s, curl $cm MB/s (decoded, median of $ROUNDS), ratio $(ratio "$sm" "$cm")x (target >= 1.00)"
	echo "gzip text CPU (user+sys): sockt $scpu s, curl $ccpu s, sockt/curl $(ratio "$scpu" "$ccpu")"
else
	echo "gzip text: sockt $sm MB/s, $scpu s CPU (curl absent or failed)"
fi
