#!/bin/sh
# tests/bench/dtls.sh: DTLS clients side by side against one sockt
# udp-serve --tls --echo on loopback: sockt connect -u --tls beside
# openssl s_client -dtls (the same OpenSSL, both verifying the server's
# certificate against --cacert/-CAfile).
#   handshake: ms from a client's start to the first line echoed: the
#	process, the cookie exchange, the handshake with verification and
#	one round trip (not to its exit: s_client lingers ~0.5 s after
#	the end of its stdin), the median of HS in a row per round;
#   echo: lock-step round trips of a 16-byte line per second, one
#	session, RT of them after a first line that waits out the
#	handshake; a Python driver writes a line to the client's stdin
#	and reads until it comes back on its stdout, the same for both.
# BENCH_ROUNDS rounds (5), medians, ratios sockt/openssl (handshake: time,
# lower is better; echo: rate, higher is better).  Not part of make check.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
. "$(dirname "$0")/lib.sh"
ROUNDS=${BENCH_ROUNDS:-5}
HS=${BENCH_HS:-20}
RT=${BENCH_RT:-5000}

command -v openssl >/dev/null 2>&1 || { echo "dtls.sh: no openssl, skipped"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "dtls.sh: no python3, skipped"; exit 0; }
bench_dir 1024 dtls
bench_cert || { echo "dtls.sh: no certificate: $(cat "$W/logs/req.log")"; exit 1; }

mkfifo "$W/srv.err" || exit 1
timeout 1800 "$SOCKT" udp-serve --tls --echo -v -m 4096 --cert "$W/cert.pem" \
    --key "$W/key.pem" 127.0.0.1 0 </dev/null >/dev/null 2>"$W/srv.err" &
NGPID=$!	# bench_cleanup kills it
PORT=
while IFS= read -r l; do
	case $l in *"listening on "*" port "*) PORT=${l##* port }; break ;; esac
done <"$W/srv.err"
[ -n "$PORT" ] || { echo "dtls.sh: udp-serve --tls did not start"; exit 1; }
# its -v lines go on being read, so it never blocks on stderr
cat "$W/srv.err" >/dev/null &

cat >"$W/drive.py" <<'EOF'
import os, subprocess, sys, time
n = int(sys.argv[1])
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                     bufsize=0)
fi, fo = p.stdin.fileno(), p.stdout.fileno()
def trip(line):
    os.write(fi, line)
    got = b""
    while not got.endswith(b"\n"):
        d = os.read(fo, 65536)
        if not d:
            sys.exit("the client ended")
        got += d
    if got != line:
        sys.exit("echoed %r for %r" % (got, line))
t0 = time.monotonic()
trip(b"the handshake...\n")
if n == 0:
    # the time to the first echo: the process, the cookie exchange,
    # the handshake and verification, one round trip
    print("%.2f" % ((time.monotonic() - t0) * 1000))
    p.kill()
    p.wait()
    sys.exit(0)
t0 = time.monotonic()
for i in range(n):
    trip(b"%015d\n" % i)
el = time.monotonic() - t0
p.kill()
p.wait()
print("%.0f" % (n / el))
EOF
# NAME_sockt N, NAME_openssl N: N round trips after the first, or with N
# 0 the ms to the first echo
cl_sockt() {
	timeout 300 python3 "$W/drive.py" "$1" "$SOCKT" connect -u --tls \
	    --lines -q -1 --cacert "$W/cert.pem" 127.0.0.1 "$PORT"
}
cl_openssl() {
	timeout 300 python3 "$W/drive.py" "$1" openssl s_client -dtls -quiet \
	    -connect "127.0.0.1:$PORT" -CAfile "$W/cert.pem" \
	    -verify_return_error -verify_ip 127.0.0.1
}

: >"$W/hs.s"; : >"$W/hs.o"; : >"$W/rt.s"; : >"$W/rt.o"
# hs NAME: HS sessions in a row, the median ms to the first echo
hs() {
	: >"$W/hs.one"
	_i=0
	while [ $_i -lt "$HS" ]; do
		"cl_$1" 0 >>"$W/hs.one" || exit 1
		_i=$((_i + 1))
	done
	bench_median <"$W/hs.one"
}
r=1
while [ $r -le "$ROUNDS" ]; do
	# alternate who goes first, so neither always meets a warmer server
	if [ $((r % 2)) -eq 1 ]; then
		hs sockt >>"$W/hs.s" && hs openssl >>"$W/hs.o" || exit 1
		cl_sockt "$RT" >>"$W/rt.s" && cl_openssl "$RT" >>"$W/rt.o" ||
		    exit 1
	else
		hs openssl >>"$W/hs.o" && hs sockt >>"$W/hs.s" || exit 1
		cl_openssl "$RT" >>"$W/rt.o" && cl_sockt "$RT" >>"$W/rt.s" ||
		    exit 1
	fi
	r=$((r + 1))
done
hss=$(bench_median <"$W/hs.s") hso=$(bench_median <"$W/hs.o")
rts=$(bench_median <"$W/rt.s") rto=$(bench_median <"$W/rt.o")
echo "dtls.sh: against sockt udp-serve --tls --echo, $ROUNDS rounds, medians"
printf '%-36s %8s ms   (to the first echo, median of %s)\n' "handshake: sockt connect -u --tls" "$hss" "$HS"
printf '%-36s %8s ms   sockt/openssl time: %s\n' "handshake: openssl s_client -dtls" "$hso" "$(bench_ratio "$hss" "$hso")"
printf '%-36s %8s round trips/s   (%s, lock-step)\n' "echo: sockt connect -u --tls" "$rts" "$RT"
printf '%-36s %8s round trips/s   sockt/openssl rate: %s\n' "echo: openssl s_client -dtls" "$rto" "$(bench_ratio "$rts" "$rto")"
# each round's ratio, its two runs side by side: steadier on a busy machine
rr() { paste "$W/$1.s" "$W/$1.o" | awk '{ printf "%.2f\n", $1 / $2 }' |
    bench_median; }
echo "median of the rounds' ratios: handshake time $(rr hs), echo rate $(rr rt)"
echo "rounds: handshake ms sockt [$(tr '\n' ' ' <"$W/hs.s")] openssl [$(tr '\n' ' ' <"$W/hs.o")]"
echo "rounds: echo/s sockt [$(tr '\n' ' ' <"$W/rt.s")] openssl [$(tr '\n' ' ' <"$W/rt.o")]"
