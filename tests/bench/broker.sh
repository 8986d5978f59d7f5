#!/bin/sh
# tests/bench/broker.sh: listen --broker against ncat --broker.
# CLIENTS clients (default 20, brokerclient.c in one process) each send
# MB megabytes (default 10) through the broker at once, and each reads
# every byte of all the others: CLIENTS * (CLIENTS - 1) * MB delivered
# (3.8 GB by default).  The client checks every byte it gets: per sender
# nothing lost, doubled or reordered, none of its own (a failure stops
# the bench).  ROUNDS rounds (default 5), sockt and ncat alternating, a
# fresh broker each; prints the median seconds and GB/s delivered of
# each, the broker's own CPU time (user + system, from /proc: on a
# shared machine the steadier figure), sockt's ratios, and each
# broker's peak RSS (VmHWM) in the last round.  Loopback only, every run under a timeout; ncat skipped when
# absent.

: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
CLIENTS=${CLIENTS:-20}
MB=${MB:-10}
ROUNDS=${ROUNDS:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
BPID= TPID=
trap '[ -n "$TPID" ] && kill "$TPID" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

have() { command -v "$1" >/dev/null 2>&1; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan";
    else if (NR % 2) print a[(NR + 1) / 2];
    else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# wait_listen PORT: until something listens on PORT (at most 5 s)
wait_listen() {
	_i=0
	while ! ss -ltn "sport = :$1" 2>/dev/null | grep -q ":$1"; do
		_i=$((_i + 1)); [ $_i -gt 500 ] && return 1; sleep 0.01
	done
}

${CC:-cc} -O2 -o "$T/bc" "$(dirname "$0")/brokerclient.c" || exit 1
tools=sockt
have ncat && tools="$tools ncat"
bytes=$((MB * 1000000))
delivered=$((CLIENTS * (CLIENTS - 1) * bytes))

# one TOOL: a fresh broker, the clients through it; seconds to $T/TOOL.s
one() {
	port=$(freeport) || exit 1
	case $1 in
	sockt) timeout 300 "$SOCKT" listen --broker 127.0.0.1 "$port" \
	    </dev/null >/dev/null 2>"$T/$1.err" & ;;
	ncat) timeout 300 ncat -l --broker 127.0.0.1 "$port" \
	    </dev/null >/dev/null 2>"$T/$1.err" & ;;
	esac
	TPID=$!
	wait_listen "$port" || { echo "$1 did not listen" >&2; exit 1; }
	# the broker itself, timeout's child: its /proc is read below
	BPID=$(ps -o pid= --ppid "$TPID" | tr -d ' ')
	if ! timeout 240 "$T/bc" "$port" "$CLIENTS" "$bytes" \
	    >>"$T/$1.s" 2>"$T/bc.err"; then
		echo "broker.sh: $1: $(cat "$T/bc.err")" >&2
		exit 1
	fi
	sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$BPID/status" \
	    >"$T/$1.rss" 2>/dev/null
	# utime and stime, in clock ticks (the name has no spaces)
	awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' \
	    "/proc/$BPID/stat" >>"$T/$1.cpu" 2>/dev/null
	kill "$BPID" 2>/dev/null
	wait "$TPID" 2>/dev/null
	BPID= TPID=
}

echo "broker: $CLIENTS clients x $MB MB each, every byte to the $((CLIENTS - 1)) others ($(awk -v d="$delivered" 'BEGIN { printf "%.1f", d / 1e9 }') GB delivered), $ROUNDS rounds"
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in $tools; do
		one "$t"
	done
	r=$((r + 1))
done
for t in $tools; do
	m=$(median <"$T/$t.s")
	c=$(median <"$T/$t.cpu")
	eval "med_$t=\$m cpu_$t=\$c"
	printf '  %-6s median %6.3f s  %5.2f GB/s  (rounds: %s)\n' \
	    "$t" "$m" "$(awk -v d="$delivered" -v s="$m" \
	    'BEGIN { print d / s / 1e9 }')" "$(tr '\n' ' ' <"$T/$t.s" |
	    sed 's/ $//')"
	printf '         broker CPU median %.2f s (rounds: %s)  peak RSS %s\n' \
	    "$c" "$(tr '\n' ' ' <"$T/$t.cpu" | sed 's/ $//')" \
	    "$(cat "$T/$t.rss")"
done
echo "  every byte checked: none lost, doubled or reordered per sender"
if have ncat; then
	awk -v s="$med_sockt" -v n="$med_ncat" -v cs="$cpu_sockt" \
	    -v cn="$cpu_ncat" 'BEGIN {
	    printf "  sockt/ncat: %.2fx the throughput; ncat uses %.2fx the " \
	    "broker CPU of sockt\n", n / s, (cs > 0 ? cn / cs : 0) }'
fi
