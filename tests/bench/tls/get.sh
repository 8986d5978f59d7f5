#!/bin/sh
# tests/bench/tls/get.sh: sockt http-get against curl over https on
# loopback, the same nginx (ssl) and the same OpenSSL on every side: a
# 256 MiB file downloaded to a file with -o, alternating, ROUNDS rounds
# (default 5): median MB/s of each and the ratio (target: sockt at least
# curl's speed), and the client's CPU seconds (user+sys) per GiB beside
# curl's.  The certificate is a self-signed one both clients trust with
# --cacert, so the verification is in the measure as in real use.
# Bounded: every process under timeout; loopback only; skips what is
# absent.  Not part of make check: make bench runs it.
: "${SOCKT:=$(cd "$(dirname "$0")/../../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-5}
SIZE=$((256 * 1024 * 1024))

for t in nginx openssl curl; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "tls/get.sh: SKIP ($t not installed)"
		exit 0
	fi
done
if ! "$SOCKT" --version | grep -q 'TLS: OpenSSL 3'; then
	echo "tls/get.sh: SKIP (sockt finds no OpenSSL 3)"
	exit 0
fi

# files on tmpfs when it has room, so the disk is not what is measured
base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt \
    $((3 * SIZE / 1024)) ]; then
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
echo small >"$W/www/small"
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>"$W/logs/req.log"
then
	echo "tls/get.sh: SKIP (openssl req failed)"
	cat "$W/logs/req.log"
	exit 0
fi
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
events { worker_connections 64; }
http {
	access_log off;
	keepalive_timeout 5;
	client_body_temp_path $W/logs;
	proxy_temp_path $W/logs;
	fastcgi_temp_path $W/logs;
	uwsgi_temp_path $W/logs;
	scgi_temp_path $W/logs;
	server {
		listen 127.0.0.1:$PORT ssl;
		ssl_protocols TLSv1.2 TLSv1.3;
		ssl_certificate $W/cert.pem;
		ssl_certificate_key $W/key.pem;
		root $W/www;
	}
}
EOC
	timeout 900 nginx -p "$W" -c "$W/nginx.conf" 2>>"$W/logs/start.log" &
	NGPID=$!
	i=0
	while [ $i -lt 50 ]; do
		if "$SOCKT" http-get -s -f --cacert "$W/cert.pem" -o /dev/null \
		    "https://localhost:$PORT/small" 2>/dev/null; then
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
	echo "tls/get.sh: SKIP (nginx with ssl did not start)"
	cat "$W/logs/start.log" "$W/logs/error.log" 2>/dev/null
	exit 0
fi
U=https://localhost:$PORT

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

# one timed download; prints MB/s and CPU seconds per GiB, or "fail"
big_once() {
	rm -f "$W/out"
	t0=$(now_ns)
	if ! timed timeout 120 "$@" --cacert "$W/cert.pem" -o "$W/out" \
	    "$U/big"; then
		echo fail
		return
	fi
	t1=$(now_ns)
	if [ "$(wc -c <"$W/out" | tr -d ' ')" -ne "$SIZE" ]; then
		echo fail
		return
	fi
	awk -v b="$SIZE" -v ns=$((t1 - t0)) -v cpu="$(cat "$W/cpu")" \
	    'BEGIN { printf "%.0f %s\n", b * 1000 / ns,
	    cpu == "-" ? "-" : sprintf("%.3f", cpu * 1073741824 / b) }'
}

cipher=$("$SOCKT" http-get -v -s --cacert "$W/cert.pem" -o /dev/null \
    "$U/small" 2>&1 | sed -n 's/^\* \(TLSv[^,]*, cipher [^,]*\).*/\1/p')
echo "tls/get.sh: nginx $U ($cipher), 256 MiB file, $ROUNDS rounds, files in $base"
# one untimed download each first, so no round pays for a cold start
big_once "$SOCKT" http-get -s >/dev/null
big_once curl -s >/dev/null
: >"$W/s.big"
: >"$W/c.big"
r=1
while [ $r -le "$ROUNDS" ]; do
	s=$(big_once "$SOCKT" http-get -s)
	echo "$s" >>"$W/s.big"
	c=$(big_once curl -s)
	echo "$c" >>"$W/c.big"
	echo "  round $r: sockt ${s% *} MB/s ${s#* } s CPU/GiB, curl ${c% *} MB/s ${c#* } s CPU/GiB"
	r=$((r + 1))
done
rm -f "$W/out"
if grep -q fail "$W/s.big"; then
	echo "tls/get.sh: sockt download FAILED"
	exit 1
fi
col() { awk -v c="$1" '{ print $c }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }'; }
sm=$(col 1 <"$W/s.big" | median)
scpu=-
[ -n "$TIMEBIN" ] && scpu=$(col 2 <"$W/s.big" | median)
if ! grep -q fail "$W/c.big"; then
	cm=$(col 1 <"$W/c.big" | median)
	ccpu=-
	[ -n "$TIMEBIN" ] && ccpu=$(col 2 <"$W/c.big" | median)
	echo "https 256 MiB: sockt $sm MB/s, curl $cm MB/s (median of $ROUNDS), ratio $(ratio "$sm" "$cm")x (target >= 1.00)"
	echo "https client CPU (user+sys per GiB): sockt $scpu s, curl $ccpu s, sockt/curl $(ratio "$scpu" "$ccpu")"
else
	echo "https 256 MiB: sockt $sm MB/s, $scpu s CPU/GiB (curl failed)"
fi
