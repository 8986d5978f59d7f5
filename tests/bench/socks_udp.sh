#!/bin/sh
# tests/bench/socks_udp.sh: the SOCKS5 UDP relay of listen --serve-proxy
# socks5 (issue 75) against dante's danted (udpassociate allowed, in a
# work directory of its own, on loopback) and against sockt's own
# forwarder, udp-serve --to, each in front of the same `sockt udp-serve
# --echo`.  socksudp_client.c makes one association (or, for the
# forwarder, none) and sends COUNT datagrams (20,000) of SIZE bytes
# (512) to the echo and back, with 1 in flight (stop and wait: a
# latency) and WINDOW (64: a throughput).  Each round reports the round
# trips a second; the relays alternate round by round; medians of
# ROUNDS (5), and the ratios: sockt/dante (target >= 1.3x) and
# sockt/udp-serve --to (target: no slower than the 10 bytes of header
# more each way make it).  Loopback only, every process under timeout
# and ended by its PID.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
ROUNDS=${BENCH_ROUNDS:-5}
COUNT=${BENCH_SOCKSUDP_COUNT:-20000}
SIZE=${BENCH_SOCKSUDP_SIZE:-512}
WINDOW=${BENCH_SOCKSUDP_WINDOW:-64}
D=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
EPID= RPID=
cleanup() { bench_stop "$RPID"; bench_stop "$EPID"; rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

${CC:-cc} -O2 -o "$D/bc" "$HERE/benchclient.c" || exit 1
${CC:-cc} -O2 -o "$D/sc" "$HERE/socksudp_client.c" || exit 1

# up RELAY: one datagram there and back, within 5 s
up() {
	_i=0
	while [ $_i -lt 50 ]; do
		if [ "$1" = fwd ]; then
			timeout 5 "$D/sc" plain "$RP" 1 8 1
		else
			timeout 5 "$D/sc" socks "$RP" "$EP" 1 8 1
		fi 2>/dev/null | grep -q 'received 1' && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

EP=$("$D/bc" port) || exit 1
timeout 900 "$SOCKT" udp-serve --echo 127.0.0.1 "$EP" </dev/null \
    >/dev/null 2>"$D/eerr" &
EPID=$!

# start RELAY: RP, the relay's port, RPID once it answers
start() {
	RP=$("$D/bc" port) || exit 1
	case $1 in
	sockt) timeout 600 "$SOCKT" listen -k 127.0.0.1 "$RP" \
	    --serve-proxy socks5 ;;
	dante) printf '%s\n' 'logoutput: stderr' \
	    "internal: 127.0.0.1 port = $RP" 'external: 127.0.0.1' \
	    'socksmethod: none' 'clientmethod: none' \
	    'client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }' \
	    'socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 command: udpassociate udpreply }' \
	    >"$D/danted.conf"
	    timeout 600 danted -f "$D/danted.conf" -N 1 -p "$D/danted.pid" ;;
	fwd) timeout 600 "$SOCKT" udp-serve 127.0.0.1 "$RP" \
	    --to "127.0.0.1:$EP" ;;
	esac </dev/null >/dev/null 2>"$D/err" &
	RPID=$!
	up "$1" || { echo "$1 did not answer"; cat "$D/err"; exit 1; }
}

# one RELAY WINDOW: a round; appends the round trips a second
one() {
	start "$1"
	if [ "$1" = fwd ]; then
		timeout 300 "$D/sc" plain "$RP" "$COUNT" "$SIZE" "$2" &
	else
		timeout 300 "$D/sc" socks "$RP" "$EP" "$COUNT" "$SIZE" "$2" &
	fi >"$D/line" 2>>"$D/err"
	_c=$!
	# the association's child exists once the client has its reply
	sleep 0.05
	c0=$(bench_cpu "$RPID")
	wait "$_c"
	c1=$(bench_cpu "$RPID")
	bench_stop "$RPID"
	RPID=
	# "sent N received N lost N secs S": round trips a second, lost,
	# the relay's CPU ns a round trip (all but the association's
	# first 50 ms of set-up, a cost once)
	awk -v c=$((c1 - c0)) '{ if ($8 > 0) printf "%.0f %d %.0f\n",
	    $4 / $8, $6, c / $4 }' "$D/line" >>"$D/$1.$2"
}
col() { awk -v n="$2" '{ print $n }' "$1" | bench_median; }

have_dante=0
command -v danted >/dev/null 2>&1 && have_dante=1
echo "socks_udp.sh: $COUNT datagrams of $SIZE bytes through one association to udp-serve --echo and back; median of $ROUNDS, alternating"
for w in 1 "$WINDOW"; do
	: >"$D/sockt.$w"
	: >"$D/dante.$w"
	: >"$D/fwd.$w"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		one sockt "$w"
		[ $have_dante = 1 ] && one dante "$w"
		one fwd "$w"
		r=$((r + 1))
	done
	case $w in
	1) echo "stop and wait (1 in flight):" ;;
	*) echo "$w in flight:" ;;
	esac
	for t in sockt dante fwd; do
		[ -s "$D/$t.$w" ] || continue
		case $t in
		sockt) name="sockt --serve-proxy" ;;
		dante) name="danted" ;;
		fwd) name="sockt udp-serve --to" ;;
		esac
		printf '  %-22s %7s round trips/s  lost %s  relay CPU %s us a round trip   rounds: %s\n' \
		    "$name" "$(col "$D/$t.$w" 1)" "$(col "$D/$t.$w" 2)" \
		    "$(awk -v n="$(col "$D/$t.$w" 3)" 'BEGIN { printf "%.2f", n / 1000 }')" \
		    "$(awk '{ printf "%s ", $1 }' "$D/$t.$w")"
	done
	if [ $have_dante = 1 ]; then
		echo "  sockt/dante: $(bench_ratio "$(col "$D/sockt.$w" 1)" \
		    "$(col "$D/dante.$w" 1)")x round trips/s (target >= 1.3x)," \
		    "$(bench_ratio "$(col "$D/dante.$w" 3)" "$(col "$D/sockt.$w" 3)")x" \
		    "less relay CPU a round trip"
	else
		echo "  danted: absent, skipped"
	fi
	echo "  sockt/udp-serve --to: $(bench_ratio "$(col "$D/sockt.$w" 1)" \
	    "$(col "$D/fwd.$w" 1)")x round trips/s," \
	    "$(bench_ratio "$(col "$D/fwd.$w" 3)" "$(col "$D/sockt.$w" 3)")x" \
	    "less relay CPU a round trip (the header's 10 bytes each way more)"
done
