#!/bin/sh
# tests/bench/udp.sh: 64-byte datagrams per second that a receiver writes
# out under a 3 s blast (sockt udp-serve --print, nc -u -l, socat), and
# round trips per second of sockt udp-send against sockt udp-serve --echo.
# Several rounds, medians and ratios.  Loopback only; absent tools skipped.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECS:-3}
D=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

${CC:-cc} -O2 -o "$D/bc" "$(dirname "$0")/benchclient.c" || exit 1
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'; }

# blast NAME 'receiver command with $PORT': datagrams/s written out
blast() {
	_cmd=$2
	: >"$D/r"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		PORT=$("$D/bc" port) || exit 1
		eval "set -- $_cmd"
		timeout 60 "$@" >"$D/out" 2>/dev/null </dev/null &
		SPID=$!
		# the receiver is up once a probe datagram shows in its output
		_i=0
		while [ ! -s "$D/out" ] && [ $_i -lt 100 ]; do
			"$D/bc" blast "$PORT" 0.01 64 >/dev/null
			_i=$((_i + 1))
		done
		: >"$D/out"
		"$D/bc" blast "$PORT" "$SECS" 64 >>"$D/sent"
		sleep 0.3
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
		SPID=
		echo $(( $(wc -c <"$D/out") / 64 / SECS )) >>"$D/r"
		r=$((r + 1))
	done
	echo "$(median <"$D/r") $(( $(median <"$D/sent") / SECS ))"
	: >"$D/sent"
}

echo "udp.sh: 64-byte datagrams written out per second under a ${SECS} s blast, median of $ROUNDS"
echo "(sent/s: what the one sender managed; a receiver near it lost little)"
set -- $(blast sockt '"$SOCKT" udp-serve --print 127.0.0.1 $PORT')
S=$1
printf '%-28s %10s   sent/s %s\n' "sockt udp-serve --print" "$S" "$2"
if command -v nc >/dev/null 2>&1; then
	set -- $(blast nc 'nc -u -l 127.0.0.1 $PORT')
	N=$1
	printf '%-28s %10s   sent/s %s   sockt/nc: %s (target >= 1x)\n' "nc -u -l" "$N" "$2" "$(ratio "$S" "$N")"
else
	echo "nc: absent, skipped"
fi
if command -v socat >/dev/null 2>&1; then
	set -- $(blast socat 'socat -u UDP-RECV:$PORT,bind=127.0.0.1 -')
	C=$1
	printf '%-28s %10s   sent/s %s   sockt/socat: %s\n' "socat -u UDP-RECV" "$C" "$2" "$(ratio "$S" "$C")"
else
	echo "socat: absent, skipped"
fi

# round trips: sockt udp-send (one line per datagram) -> udp-serve --echo
PORT=$("$D/bc" port)
timeout 120 "$SOCKT" udp-serve --echo 127.0.0.1 "$PORT" >/dev/null 2>&1 &
SPID=$!
_i=0
until [ "$("$D/bc" rtt "$PORT" 0.05)" -gt 0 ] 2>/dev/null || [ $_i -gt 50 ]; do _i=$((_i + 1)); done
NRT=${BENCH_RTT:-50000}
: >"$D/r"
r=1
while [ $r -le "$ROUNDS" ]; do
	awk -v n="$NRT" 'BEGIN { for (i = 0; i < n; i++) print "ping" i }' >"$D/lines"
	t0=$(date +%s.%N)
	"$SOCKT" udp-send -w 1 127.0.0.1 "$PORT" <"$D/lines" >"$D/replies"
	t1=$(date +%s.%N)
	got=$(wc -l <"$D/replies")
	awk -v n="$got" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", n / (b - a) }' >>"$D/r"
	r=$((r + 1))
done
printf '%-28s %10s round trips/s (udp-send -> udp-serve --echo)\n' "sockt udp-send" "$(median <"$D/r")"
printf '%-28s %10s round trips/s (C client -> udp-serve --echo)\n' "benchclient rtt" "$("$D/bc" rtt "$PORT" 2)"
