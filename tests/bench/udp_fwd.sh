#!/bin/sh
# tests/bench/udp_fwd.sh: the UDP forwarder, sockt udp-serve --to against
# socat UDP-LISTEN:p,fork,reuseaddr UDP:host:p (issue 33), each in front of
# its own `sockt udp-serve --echo` (the same program behind both).  COUNT
# datagrams (20,000) of 512 bytes from CLIENTS client ports (1) make the
# round trip through the forwarder to the echo and back, sent by
# udpfwd_client.c two ways:
#  - stop and wait: one datagram in flight, so the figure is a latency:
#    four wake-ups a round trip (client, forwarder, echo, forwarder);
#  - WINDOW (64) in flight per port: a throughput.
# Each round reports the datagrams back per second, those lost and those
# that came back to the wrong port, and the CPU time (user + system, from
# /proc/PID/schedstat, in ns) per round trip of the forwarder (socat's
# children with it) and of the echo: the load of a shared machine moves
# the rates a great deal (a wake-up waits for a CPU), the CPU time a
# round trip costs much less.  The tools alternate round by round;
# medians of ROUNDS (5), and the ratios.  Loopback only; everything
# bounded by timeouts; socat's children (one per client port) are ended
# by PID.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
ROUNDS=${BENCH_ROUNDS:-5}
COUNT=${BENCH_UDPFWD_COUNT:-20000}
CLIENTS=${BENCH_UDPFWD_CLIENTS:-1}
SIZE=512
WINDOW=${BENCH_UDPFWD_WINDOW:-64}
D=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
EPID= FPID=
cleanup() { bench_stop "$FPID"; bench_stop "$EPID"; rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

${CC:-cc} -O2 -o "$D/bc" "$HERE/benchclient.c" || exit 1
${CC:-cc} -O2 -o "$D/fc" "$HERE/udpfwd_client.c" || exit 1


# start TOOL: the echo on a free port, EP; the forwarder in front of it
# on another, FP; EPID and FPID once it answers.  A fresh pair a round,
# so that no round inherits another's sessions.
start() {
	EP=$("$D/bc" port) || exit 1
	timeout 600 "$SOCKT" udp-serve --echo 127.0.0.1 "$EP" </dev/null \
	    >/dev/null 2>"$D/eerr" &
	EPID=$!
	FP=$("$D/bc" port) || exit 1
	case $1 in
	sockt) timeout 600 "$SOCKT" udp-serve 127.0.0.1 "$FP" \
	    --to "127.0.0.1:$EP" ;;
	# -T 30: a child ends when its client has been idle that long
	socat) timeout 600 socat -T 30 \
	    "UDP-LISTEN:$FP,bind=127.0.0.1,fork,reuseaddr" \
	    "UDP:127.0.0.1:$EP" ;;
	esac </dev/null >/dev/null 2>"$D/err" &
	FPID=$!
	"$D/fc" probe "$FP" || { echo "$1 did not answer"; cat "$D/err" \
	    "$D/eerr"; exit 1; }
}

# one TOOL WINDOW: a round; appends "rate lost wrong fwd_ns echo_ns" to
# $D/TOOL.WINDOW, the last two per round trip
one() {
	start "$1"
	f0=$(bench_cpu "$FPID")
	e0=$(bench_cpu "$EPID")
	timeout 300 "$D/fc" "$FP" "$COUNT" "$SIZE" "$CLIENTS" "$2" >"$D/line"
	f1=$(bench_cpu "$FPID")
	e1=$(bench_cpu "$EPID")
	bench_stop "$FPID"
	bench_stop "$EPID"
	FPID= EPID=
	# "sent N received N lost N wrong N secs S"
	awk -v f=$((f1 - f0)) -v e=$((e1 - e0)) '{ printf "%.0f %d %d %.0f %.0f\n",
	    $4 / $10, $6, $8, f / $2, e / $2 }' "$D/line" >>"$D/$1.$2"
}

# col FILE N: the median of column N
col() { awk -v n="$2" '{ print $n }' "$1" | bench_median; }
us() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1000 }'; }

have_socat=0
command -v socat >/dev/null 2>&1 && have_socat=1
echo "udp_fwd.sh: $COUNT datagrams of $SIZE bytes from $CLIENTS client port(s), round trip through the forwarder to udp-serve --echo; median of $ROUNDS, alternating"
for w in 1 "$WINDOW"; do
	: >"$D/sockt.$w"
	: >"$D/socat.$w"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		one sockt "$w"
		[ $have_socat = 1 ] && one socat "$w"
		r=$((r + 1))
	done
	case $w in
	1) what="stop and wait (1 in flight)" target=1.1 ;;
	*) what="$w in flight per port" target=2 ;;
	esac
	echo "$what:"
	for t in sockt socat; do
		[ -s "$D/$t.$w" ] || continue
		case $t in
		sockt) name="sockt udp-serve --to" ;;
		socat) name="socat UDP-LISTEN,fork" ;;
		esac
		printf '  %-22s %7s datagrams/s  lost %s  wrong port %s  CPU a round trip: forwarder %s us, echo %s us\n' \
		    "$name" "$(col "$D/$t.$w" 1)" "$(col "$D/$t.$w" 2)" \
		    "$(col "$D/$t.$w" 3)" "$(us "$(col "$D/$t.$w" 4)")" \
		    "$(us "$(col "$D/$t.$w" 5)")"
		echo "    rounds: $(awk '{ printf "%s ", $1 }' "$D/$t.$w")"
	done
	if [ $have_socat = 1 ]; then
		echo "  sockt/socat: $(bench_ratio "$(col "$D/sockt.$w" 1)" \
		    "$(col "$D/socat.$w" 1)")x datagrams/s (target >= ${target}x)," \
		    "$(bench_ratio "$(col "$D/socat.$w" 4)" "$(col "$D/sockt.$w" 4)")x" \
		    "less forwarder CPU a round trip"
	else
		echo "  socat: absent, skipped"
	fi
done
