#!/bin/sh
# tests/bench/udp_fwd.sh: the UDP forwarder, sockt udp-serve --to against
# socat UDP-LISTEN:p,fork,reuseaddr UDP:host:p, both in front of the same
# echo (udpfwd_client.c's, batched).  COUNT datagrams (200,000) of 512 bytes
# from 10 client ports make the round trip, with two clients:
#  - udp_fwd_sw.py, stop and wait: one datagram in flight, so the figure
#    is a latency, bounded by Python's own turn;
#  - udpfwd_client.c, batched: each port keeps WINDOW datagrams in
#    flight (sendmmsg/recvmmsg), so the figure is a throughput.
# Each client reports the datagrams back per second, those lost and those
# that came back to the wrong port; the script adds the forwarder's CPU
# time per round trip (user + system, socat's children included), which the
# load of a shared machine moves less than the rate: under load the
# scheduler favours socat's ten light children over sockt's one process
# at each wake-up, and a stop-and-wait round trip is four wake-ups, so
# the stop-and-wait client also gives its median round trip.  The tools
# alternate round by round; medians of ROUNDS, and the ratios.  Loopback
# only; everything bounded by timeouts; socat's children (one per client
# port) are ended by PID.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${BENCH_ROUNDS:-3}
COUNT=${BENCH_UDPFWD_COUNT:-200000}
CLIENTS=10
SIZE=512
WINDOW=${BENCH_UDPFWD_WINDOW:-16}
D=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
EPID= FPID=
# stop PID: a forwarder and its children (socat's, one per client)
stop() {
	[ -n "$1" ] || return 0
	kill $(ps -o pid= --ppid "$1" 2>/dev/null) "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
cleanup() { stop "$FPID"; stop "$EPID"; rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

if ! command -v python3 >/dev/null 2>&1; then
	echo "udp_fwd.sh: no python3, skipped"
	exit 0
fi
${CC:-cc} -O2 -o "$D/bc" "$HERE/benchclient.c" || exit 1
${CC:-cc} -O2 -o "$D/fc" "$HERE/udpfwd_client.c" || exit 1
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'; }

# the echo, the same for both: batched both ways, so that it is never
# what limits the figure (udp-serve --echo replies one sendto at a time)
mkfifo "$D/ep"
timeout 1800 "$D/fc" echo </dev/null >"$D/ep" 2>/dev/null &
EPID=$!
read -r EP <"$D/ep"

# start TOOL: the forwarder on a free port, FP; FPID once it answers
start() {
	FP=$("$D/bc" port) || exit 1
	case $1 in
	sockt) "$SOCKT" udp-serve 127.0.0.1 "$FP" --to "127.0.0.1:$EP" ;;
	# -T 30: a child ends when its client has been idle that long
	socat) socat -T 30 "UDP-LISTEN:$FP,bind=127.0.0.1,fork,reuseaddr" \
	    "UDP:127.0.0.1:$EP" ;;
	esac </dev/null >/dev/null 2>"$D/err" &
	FPID=$!
	"$D/fc" probe "$FP" || { echo "$1 did not answer"; cat "$D/err"; exit 1; }
}

# ticks PID...: CPU time (user + system, clock ticks) the processes used
ticks() {
	for _p in "$@"; do cut -d' ' -f14,15 "/proc/$_p/stat" 2>/dev/null; done |
	    awk '{ t += $1 + $2 } END { print t + 0 }'
}
HZ=$(getconf CLK_TCK)

# one TOOL CLIENT: a round; appends "rate lost wrong cpu_us" to
# $D/TOOL.CLIENT, cpu_us the forwarder's CPU time (its children's with
# it: socat's) per round trip, a figure the load of the machine moves
# less than the rate
one() {
	start "$1"
	case $2 in
	sw) timeout 300 python3 "$HERE/udp_fwd_sw.py" "$FP" "$COUNT" "$SIZE" \
	    "$CLIENTS" ;;
	batch) timeout 300 "$D/fc" "$FP" "$COUNT" "$SIZE" "$CLIENTS" \
	    "$WINDOW" ;;
	esac >"$D/line"
	t=$(ticks "$FPID" $(ps -o pid= --ppid "$FPID"))
	stop "$FPID"
	FPID=
	# "sent N received N lost N wrong N secs S"
	awk -v t="$t" -v hz="$HZ" '{ printf "%.0f %d %d %.1f %d\n", $4 / $10,
	    $6, $8, t * 1e6 / hz / $2, $12 }' "$D/line" >>"$D/$1.$2"
}

# col FILE N: the median of column N
col() { awk -v n="$2" '{ print $n }' "$1" | median; }

have_socat=0
command -v socat >/dev/null 2>&1 && have_socat=1
echo "udp_fwd.sh: $COUNT datagrams of $SIZE bytes from $CLIENTS client ports, round trip through the forwarder to an echo; median of $ROUNDS, alternating"
for c in sw batch; do
	: >"$D/sockt.$c"
	: >"$D/socat.$c"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		one sockt "$c"
		[ $have_socat = 1 ] && one socat "$c"
		r=$((r + 1))
	done
	case $c in
	sw) what="stop-and-wait (Python, 1 in flight)" target=" (target >= 1.5x)" ;;
	batch) what="batched (C, $WINDOW in flight per port)" target= ;;
	esac
	echo "$what:"
	S=$(col "$D/sockt.$c" 1)
	SU=$(col "$D/sockt.$c" 4)
	printf '  %-24s %8s datagrams/s  lost %s  wrong port %s  CPU %s us a round trip\n' \
	    "sockt udp-serve --to" "$S" "$(col "$D/sockt.$c" 2)" \
	    "$(col "$D/sockt.$c" 3)" "$SU"
	if [ $have_socat = 1 ]; then
		C=$(col "$D/socat.$c" 1)
		CU=$(col "$D/socat.$c" 4)
		printf '  %-24s %8s datagrams/s  lost %s  wrong port %s  CPU %s us a round trip\n' \
		    "socat UDP-LISTEN,fork" "$C" "$(col "$D/socat.$c" 2)" \
		    "$(col "$D/socat.$c" 3)" "$CU"
		echo "  sockt/socat: $(ratio "$S" "$C") datagrams/s$target," \
		    "$(ratio "$CU" "$SU") less CPU a round trip"
		if [ $c = sw ]; then
			echo "  median round trip: sockt" \
			    "$(col "$D/sockt.$c" 5) us, socat" \
			    "$(col "$D/socat.$c" 5) us: $(ratio \
			    "$(col "$D/socat.$c" 5)" "$(col "$D/sockt.$c" 5)")"
		fi
	else
		echo "  socat: absent, skipped"
	fi
done
