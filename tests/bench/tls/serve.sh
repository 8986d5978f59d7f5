#!/bin/sh
# tests/bench/tls/serve.sh: TLS servers side by side, the same OpenSSL
# and the same certificate (EC P-256) for every one, so what differs is
# what each adds to the crypto's cost.
#
# (a) SIZE_MB MiB (default 256) downloaded by curl -k through a
# TLS-terminating forwarder in front of a plain nginx:
#   sockt listen -k --tls --cert C --key K P --to 127.0.0.1:N
#   socat OPENSSL-LISTEN:P,fork,reuseaddr,cert=C,key=K,verify=0 TCP:127.0.0.1:N
#   ncat -lk --ssl --ssl-cert C --ssl-key K P --sh-exec "ncat 127.0.0.1 N"
#   stunnel4 (accept P, connect N)
# and, for reference, nginx serving the file over TLS itself ("nginx").
# (b) TLS handshakes per second against a server that answers one line
# and closes (fork per connection): sockt listen -k --tls -e /bin/echo hi,
# socat OPENSSL-LISTEN,fork EXEC, ncat -lk --ssl -e, stunnel4's exec; the
# client is tlshs.c (full handshakes, no resumption, no verification),
# HS (default 400) connections a round, 1 and then 4 at a time.
#
# ROUNDS rounds (default 5), each visiting every server in turn, so the
# servers are measured side by side in time; medians, and sockt's ratio
# to each.  Absent tools are skipped.  Loopback only; every load bounded.

: "${SOCKT:=$(cd "$(dirname "$0")/../../.." && pwd)/sockt}"
SIZE_MB=${SIZE_MB:-256}
ROUNDS=${ROUNDS:-5}
HS=${HS:-400}
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

have() { command -v "$1" >/dev/null 2>&1; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# wait_listen PORT: until something listens on PORT (at most 5 s)
wait_listen() {
	i=0
	while ! ss -ltn "sport = :$1" 2>/dev/null | grep -q ":$1"; do
		i=$((i + 1)); [ $i -gt 500 ] && return 1; sleep 0.01
	done
}
# start SECS CMD...: a background process, ended on exit and after SECS
start() {
	_s=$1
	shift
	timeout "$_s" "$@" </dev/null >/dev/null 2>>"$T/servers.err" &
	pids="$pids $!"
}
# report UNIT FILE-PREFIX TOOLS: the medians, sockt's ratio to each
report() {
	ms=$(median <"$2.sockt")
	for t in $3; do
		m=$(median <"$2.$t")
		line=$(printf '%-8s %10s %s' "$t" "$m" "$1")
		if [ "$t" != sockt ]; then
			ratio=$(awk -v a="$ms" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
			line="$line (sockt ${ratio}x)"
		fi
		echo "$line   runs: $(tr '\n' ' ' <"$2.$t")"
	done
}

for t in openssl curl nginx python3 ss; do
	have "$t" || { echo "tls/serve.sh: needs $t" >&2; exit 1; }
done
${CC:-cc} -O2 -o "$T/tlshs" "$(dirname "$0")/tlshs.c" 2>/dev/null ||
    ${CC:-cc} -O2 -o "$T/tlshs" "$(dirname "$0")/tlshs.c" -ldl || exit 1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/key.pem" -out "$T/cert.pem" -subj /CN=localhost -days 2 \
    2>/dev/null || exit 1
C=$T/cert.pem K=$T/key.pem
stunnel=
have stunnel4 && stunnel=stunnel4
[ -z "$stunnel" ] && have stunnel && stunnel=stunnel
limit=$((ROUNDS * 600 + 120))

# stunnel_conf NAME ACCEPT SERVICE-LINES: a foreground configuration
stunnel_conf() {
	printf 'foreground = yes\npid =\noutput = %s/%s.log\n[s]\naccept = 127.0.0.1:%s\ncert = %s\nkey = %s\n%s\n' \
	    "$T" "$1" "$2" "$C" "$K" "$3" >"$T/$1.conf"
}

# --- (a) the forwarder ----------------------------------------------------
mkdir -p "$T/www" "$T/ng"
dd if=/dev/zero of="$T/www/file" bs=1M count="$SIZE_MB" 2>/dev/null || exit 1
bytes=$((SIZE_MB * 1048576))
NG=$(freeport) NGS=$(freeport)
cat >"$T/ng/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $T/ng/nginx.pid;
error_log $T/ng/error.log;
events { worker_connections 64; }
http {
	access_log off;
	sendfile on;
	client_body_temp_path $T/ng;
	proxy_temp_path $T/ng;
	fastcgi_temp_path $T/ng;
	uwsgi_temp_path $T/ng;
	scgi_temp_path $T/ng;
	server { listen 127.0.0.1:$NG; root $T/www; }
	server { listen 127.0.0.1:$NGS ssl; ssl_certificate $C;
	    ssl_certificate_key $K; root $T/www; }
}
EOC
start "$limit" nginx -p "$T/ng" -c "$T/ng/nginx.conf"
wait_listen "$NG" && wait_listen "$NGS" || { echo "nginx did not start" >&2; exit 1; }

tools="sockt"
port_nginx=$NGS
port_sockt=$(freeport)
start "$limit" "$SOCKT" listen -k --tls --cert "$C" --key "$K" 127.0.0.1 \
    "$port_sockt" --to "127.0.0.1:$NG"
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	port_socat=$(freeport)
	start "$limit" socat \
	    "OPENSSL-LISTEN:$port_socat,bind=127.0.0.1,fork,reuseaddr,cert=$C,key=$K,verify=0" \
	    "TCP:127.0.0.1:$NG"
	tools="$tools socat"
fi
if have ncat; then
	port_ncat=$(freeport)
	start "$limit" ncat -lk --ssl --ssl-cert "$C" --ssl-key "$K" 127.0.0.1 \
	    "$port_ncat" --sh-exec "ncat 127.0.0.1 $NG"
	tools="$tools ncat"
fi
if [ -n "$stunnel" ]; then
	port_stunnel=$(freeport)
	stunnel_conf fwd "$port_stunnel" "connect = 127.0.0.1:$NG"
	start "$limit" "$stunnel" "$T/fwd.conf"
	tools="$tools stunnel"
fi
tools="$tools nginx"
for t in $tools; do
	eval "p=\$port_$t"
	wait_listen "$p" || { echo "$t did not start" >&2; exit 1; }
done

# one download through $1; prints MB/s (MiB), nan on failure
one() {
	eval "p=\$port_$1"
	_res=$(timeout 300 curl -k -s -o /dev/null \
	    -w '%{size_download} %{time_total}' "https://127.0.0.1:$p/file") ||
	    { echo nan; return; }
	set -- $_res
	[ "$1" = "$bytes" ] || { echo nan; return; }
	awk -v b="$bytes" -v s="$2" 'BEGIN { printf "%.1f\n", b / s / 1048576 }'
}

echo "(a) $SIZE_MB MiB over https, curl -k, through: $tools"
echo "    (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in $tools; do
		one "$t" >>"$T/fwd.$t"
	done
	r=$((r + 1))
done
report "MiB/s" "$T/fwd" "$tools"

# --- (b) handshakes per second ------------------------------------------------
tools="sockt"
port_sockt=$(freeport)
start "$limit" "$SOCKT" listen -k --tls --cert "$C" --key "$K" 127.0.0.1 \
    "$port_sockt" -e /bin/echo hi
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	port_socat=$(freeport)
	start "$limit" socat \
	    "OPENSSL-LISTEN:$port_socat,bind=127.0.0.1,fork,reuseaddr,cert=$C,key=$K,verify=0" \
	    "EXEC:/bin/echo hi"
	tools="$tools socat"
fi
if have ncat; then
	port_ncat=$(freeport)
	start "$limit" ncat -lk --ssl --ssl-cert "$C" --ssl-key "$K" 127.0.0.1 \
	    "$port_ncat" -e "/bin/echo hi"
	tools="$tools ncat"
fi
if [ -n "$stunnel" ]; then
	port_stunnel=$(freeport)
	stunnel_conf hs "$port_stunnel" "exec = /bin/echo
execArgs = echo hi"
	start "$limit" "$stunnel" "$T/hs.conf"
	tools="$tools stunnel"
fi
for t in $tools; do
	eval "p=\$port_$t"
	wait_listen "$p" || { echo "$t did not start" >&2; exit 1; }
	# the answer comes: the server works before it is timed
	"$T/tlshs" "$p" 1 1 >/dev/null 2>"$T/hs.err" &&
	    ! grep -q failed "$T/hs.err" ||
	    { echo "$t: no answer over TLS" >&2; exit 1; }
done
for par in 1 4; do
	echo "(b) TLS handshakes/s, $HS a round, $par at a time, through: $tools"
	echo "    (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		for t in $tools; do
			eval "p=\$port_$t"
			c=$(timeout 300 "$T/tlshs" "$p" "$HS" "$par")
			echo "${c:-0}" >>"$T/hs$par.$t"
		done
		r=$((r + 1))
	done
	report "hs/s" "$T/hs$par" "$tools"
done
