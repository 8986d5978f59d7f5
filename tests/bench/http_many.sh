#!/bin/sh
# tests/bench/http_many.sh: many small files in one invocation (issue 22):
# MANY_N (2,000) x 1 KiB from nginx with one worker, over http and https,
# all bodies to stdout (a file, its size checked): sockt http-get -Z
# against curl -Z --parallel-max 50 (target >= 1.5x), sockt --pipeline on
# one connection against curl on one connection (target >= 2x), and
# sockt one at a time beside them.  Side by side in one run, alternating,
# ROUNDS rounds: median requests/s and the ratios.
# Bounded: every process under timeout; loopback only; skips what is absent.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${ROUNDS:-5}
MANY_N=${MANY_N:-2000}

for t in nginx curl openssl python3; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "http_many bench: SKIP ($t not installed)"
		exit 0
	fi
done
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && base=/dev/shm
W=$(mktemp -d "$base/sockt-many.XXXXXX") || exit 1
NGPID=
cleanup() {
	[ -n "$NGPID" ] && kill "$NGPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir "$W/www" "$W/logs" "$W/www/many"
i=1
while [ $i -le "$MANY_N" ]; do
	head -c 1024 /dev/urandom >"$W/www/many/f$i"
	i=$((i + 1))
done
# a self-signed certificate for localhost: its own CA for both clients
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost >/dev/null 2>&1 || {
	echo "http_many bench: SKIP (openssl cannot make a certificate)"
	exit 0
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
started=0
for try in 1 2 3 4 5; do
	PORT=$(free_port)
	SPORT=$(free_port)
	cat >"$W/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $W/nginx.pid;
error_log $W/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_timeout 30;
	keepalive_requests 100000;
	client_body_temp_path $W/logs;
	proxy_temp_path $W/logs;
	fastcgi_temp_path $W/logs;
	uwsgi_temp_path $W/logs;
	scgi_temp_path $W/logs;
	server {
		listen 127.0.0.1:$PORT;
		listen 127.0.0.1:$SPORT ssl;
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
		if curl -sf -o /dev/null "http://127.0.0.1:$PORT/many/f1"; then
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
	echo "http_many bench: SKIP (nginx did not start)"
	exit 0
fi

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# once LIST CMD...: CMD with every URL of LIST, bodies to a file;
# prints requests/s, or "fail" when it failed or the bytes are short
once() {
	_l=$1
	shift
	rm -f "$W/out"
	t0=$(now_ns)
	# shellcheck disable=SC2046
	if ! timeout 120 "$@" $(cat "$_l") >"$W/out" 2>"$W/err"; then
		echo fail
		return
	fi
	t1=$(now_ns)
	if [ "$(wc -c <"$W/out" | tr -d ' ')" -ne $((MANY_N * 1024)) ]; then
		echo fail
		return
	fi
	awk -v n="$MANY_N" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f\n", n * 1e9 / ns }'
}

CA="--cacert $W/cert.pem"
for scheme in http https; do
	if [ $scheme = http ]; then
		U=http://127.0.0.1:$PORT
	else
		U=https://localhost:$SPORT
	fi
	i=1
	while [ $i -le "$MANY_N" ]; do
		echo "$U/many/f$i"
		i=$((i + 1))
	done >"$W/list"
	for k in sZ cZ sP c1 s1; do : >"$W/$k"; done
	echo "http_many bench: $scheme, nginx 1 worker, $MANY_N x 1 KiB, $ROUNDS rounds"
	# one untimed run each first: nothing pays for a cold start
	once "$W/list" "$SOCKT" http-get -Z -s $CA >/dev/null
	once "$W/list" curl -sZ --parallel-max 50 $CA >/dev/null
	r=1
	while [ $r -le "$ROUNDS" ]; do
		a=$(once "$W/list" "$SOCKT" http-get -Z -s $CA)
		b=$(once "$W/list" curl -sZ --parallel-max 50 $CA)
		c=$(once "$W/list" "$SOCKT" http-get --pipeline -s $CA)
		d=$(once "$W/list" curl -s $CA)
		e=$(once "$W/list" "$SOCKT" http-get -s $CA)
		echo "$a" >>"$W/sZ"
		echo "$b" >>"$W/cZ"
		echo "$c" >>"$W/sP"
		echo "$d" >>"$W/c1"
		echo "$e" >>"$W/s1"
		echo "  round $r: sockt -Z $a/s, curl -Z $b/s, sockt --pipeline $c/s, curl one connection $d/s, sockt one at a time $e/s"
		r=$((r + 1))
	done
	if cat "$W/sZ" "$W/cZ" "$W/sP" "$W/c1" "$W/s1" | grep -q fail; then
		echo "http_many bench: $scheme: a run FAILED"
		cat "$W/err"
		exit 1
	fi
	mZ=$(median <"$W/sZ") mcZ=$(median <"$W/cZ") mP=$(median <"$W/sP")
	m1=$(median <"$W/c1") ms=$(median <"$W/s1")
	echo "$scheme -Z: sockt $mZ req/s, curl -Z --parallel-max 50 $mcZ req/s: $(ratio "$mZ" "$mcZ")x (target >= 1.5)"
	echo "$scheme one connection: sockt --pipeline $mP req/s, curl $m1 req/s: $(ratio "$mP" "$m1")x (target >= 2)"
	echo "$scheme one at a time: sockt $ms req/s ($(ratio "$ms" "$m1")x curl on one connection)"
done
