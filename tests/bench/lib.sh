# tests/bench/lib.sh: what the benchmarks share, sourced after SOCKT is
# set: a work directory on tmpfs when it has room (bench_dir), an nginx
# on loopback over http and, with a certificate, https (bench_nginx),
# timing with the client's CPU (bench_timed), medians and ratios.
# Every process runs under timeout; everything stays on loopback.

# portscan -sV's probe file, the tree's (make install puts it in DATADIR)
: "${SOCKT_DATADIR:=$(cd "$(dirname "$0")/../../src/parse" && pwd)}"
export SOCKT_DATADIR

# bench_dir NEED_KIB NAME: W, a fresh directory (tmpfs when it has
# NEED_KIB free), removed on exit with the nginx started below
bench_dir() {
	_bbase=${TMPDIR:-/tmp}
	if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" \
	    -gt "$1" ]; then
		_bbase=/dev/shm
	fi
	W=$(mktemp -d "$_bbase/sockt-$2.XXXXXX") || exit 1
	NGPID=
	trap 'bench_cleanup' EXIT
	trap 'exit 1' INT TERM
	mkdir "$W/www" "$W/logs"
	TIMEBIN=
	[ -x /usr/bin/time ] && /usr/bin/time -f '%U %S' true 2>/dev/null &&
	    TIMEBIN=/usr/bin/time
}

bench_cleanup() {
	[ -n "$NGPID" ] && kill "$NGPID" 2>/dev/null
	rm -rf "$W"
}

bench_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_cert: a self-signed certificate for localhost in $W/cert.pem
# (both clients trust it with --cacert, so verification is measured)
bench_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
	    -subj /CN=localhost \
	    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
	    >"$W/logs/req.log" 2>&1
}

# bench_nginx LINES: nginx, one worker, serving $W/www on 127.0.0.1 PORT
# (http) and, when $W/cert.pem exists, SPORT (https); LINES go into the
# http block.  Returns 1 when it does not start.
bench_nginx() {
	for _btry in 1 2 3 4 5; do
		PORT=$(bench_free_port) && SPORT=$(bench_free_port) || return 1
		{
			printf '%s\n' 'daemon off;' 'master_process off;' \
			    'worker_processes 1;' "pid $W/nginx.pid;" \
			    "error_log $W/logs/error.log;" \
			    'events { worker_connections 1024; }' 'http {' \
			    'access_log off;' "$1"
			for _bt in client_body proxy fastcgi uwsgi scgi; do
				echo "${_bt}_temp_path $W/logs;"
			done
			printf 'server {\nlisten 127.0.0.1:%s;\n' "$PORT"
			[ -f "$W/cert.pem" ] && printf '%s\n' \
			    "listen 127.0.0.1:$SPORT ssl;" \
			    'ssl_protocols TLSv1.2 TLSv1.3;' \
			    "ssl_certificate $W/cert.pem;" \
			    "ssl_certificate_key $W/key.pem;"
			printf 'root %s;\n}\n}\n' "$W/www"
		} >"$W/nginx.conf"
		timeout 1800 nginx -p "$W" -c "$W/nginx.conf" \
		    2>>"$W/logs/start.log" &
		NGPID=$!
		_bi=0
		while [ $_bi -lt 50 ]; do
			if python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" \
			    2>/dev/null; then
				return 0
			fi
			kill -0 "$NGPID" 2>/dev/null || break
			sleep 0.1	# nginx has no readiness signal
			_bi=$((_bi + 1))
		done
		kill "$NGPID" 2>/dev/null
		wait "$NGPID" 2>/dev/null
		NGPID=
	done
	return 1
}

bench_now_ns() { date +%s%N; }
bench_median() {
	sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# bench_ratio A B [DIGITS]: A/B to DIGITS places (2); "-" when either is
# "-" or B is not above 0
bench_ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.*f", d, a / b; else print "-" }'
}
bench_col() { awk -v c="$1" '{ print $c }'; }

# bench_tree PID: PID and its descendants (timeout, a tool, its children)
bench_tree() {
	echo "$1"
	for _c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		bench_tree "$_c"
	done
}
# bench_stop PID: PID ended with its children (a relay's, socat's)
bench_stop() {
	[ -n "$1" ] || return 0
	kill $(bench_tree "$1") 2>/dev/null
	wait "$1" 2>/dev/null
}
# bench_cpu PID: the CPU time in ns PID and its descendants used so far
# (schedstat; 0 where /proc has none)
bench_cpu() {
	for _q in $(bench_tree "$1"); do
		cut -d' ' -f1 "/proc/$_q/schedstat" 2>/dev/null
	done | awk '{ t += $1 } END { printf "%.0f\n", t }'
}

# bench_timed CMD...: run CMD; its user+sys seconds in $W/cpu ("-" when
# GNU time is absent), its wall time in ns in $W/ns
bench_timed() {
	_bt0=$(bench_now_ns)
	if [ -n "$TIMEBIN" ]; then
		"$TIMEBIN" -f '%U %S' -o "$W/cpu.raw" "$@"
		_bst=$?
		awk '{ printf "%.3f\n", $1 + $2 }' "$W/cpu.raw" >"$W/cpu"
	else
		echo - >"$W/cpu"
		"$@"
		_bst=$?
	fi
	echo $(($(bench_now_ns) - _bt0)) >"$W/ns"
	return $_bst
}
