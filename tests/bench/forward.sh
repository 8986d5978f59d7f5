#!/bin/sh
# tests/bench/forward.sh: port forwarder throughput over loopback.
# Moves SIZE_MB MiB (default 2048, the 2 GiB of issue 10) from `sockt
# connect` (a regular file on its stdin) into a sink that discards it
# (`sockt listen -k` collecting to /dev/null), through
#   sockt listen -k P --to 127.0.0.1:B
#   socat TCP-LISTEN:P,fork,reuseaddr TCP:127.0.0.1:B
#   ncat -lk P --sh-exec "ncat 127.0.0.1 B"
# and straight into the sink ("direct"), ROUNDS rounds (default 3)
# interleaved; prints the median GB/s of each and sockt's ratios.
# The time is the sender's: it exits once the sink's EOF came back, so
# every byte has arrived.
# Then the connection rate: CONNS (default 5000) short connections, 8 at
# a time (benchclient.c), through each forwarder to a backend that writes
# one line and closes; median conn/s of ROUNDS rounds (ncat, slow at
# this, makes 300 connections a round).
# Then the peak RSS (VmHWM) of sockt's forwarding child, sampled during
# one more transfer (Linux /proc).
# Absent tools are skipped.  Loopback only.

: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
SIZE_MB=${SIZE_MB:-2048}
ROUNDS=${ROUNDS:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
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
	timeout "$_s" "$@" </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
}

${CC:-cc} -O2 -o "$T/bc" "$(dirname "$0")/benchclient.c" || exit 1
CONNS=${CONNS:-5000}
tools="direct sockt"
have socat && tools="$tools socat"
have ncat && tools="$tools ncat"
limit=$((ROUNDS * 4 * 130 + 60))

dd if=/dev/zero of="$T/file" bs=1M count="$SIZE_MB" 2>/dev/null || exit 1
bytes=$((SIZE_MB * 1048576))

# the sink, shared by all
B=$(freeport)
start "$limit" "$SOCKT" listen -k 127.0.0.1 "$B"
wait_listen "$B" || { echo "sink did not start" >&2; exit 1; }
port_direct=$B
port_sockt=$(freeport)
start "$limit" "$SOCKT" listen -k 127.0.0.1 "$port_sockt" --to "127.0.0.1:$B"
if have socat; then
	port_socat=$(freeport)
	start "$limit" socat TCP-LISTEN:"$port_socat",bind=127.0.0.1,fork,reuseaddr \
	    TCP:127.0.0.1:"$B"
fi
if have ncat; then
	port_ncat=$(freeport)
	start "$limit" ncat -lk 127.0.0.1 "$port_ncat" --sh-exec "ncat 127.0.0.1 $B"
fi
for t in $tools; do
	eval "p=\$port_$t"
	wait_listen "$p" || { echo "$t did not start" >&2; exit 1; }
done

# one transfer through $1; prints GB/s
one() {
	eval "p=\$port_$1"
	s=$(now)
	timeout 120 "$SOCKT" connect 127.0.0.1 "$p" <"$T/file" >/dev/null ||
	    { echo "nan"; return; }
	e=$(now)
	awk -v b="$bytes" -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", b / (e - s) / 1e9 }'
}

echo "forward: $SIZE_MB MiB per transfer, $ROUNDS rounds, through: $tools"
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in $tools; do
		one "$t" >>"$T/res.$t"
	done
	r=$((r + 1))
done

ms=$(median <"$T/res.sockt")
for t in $tools; do
	m=$(median <"$T/res.$t")
	line=$(printf '%-6s %s GB/s' "$t" "$m")
	if [ "$t" != sockt ]; then
		ratio=$(awk -v a="$ms" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
		line="$line (sockt ${ratio}x)"
	fi
	echo "$line   runs: $(tr '\n' ' ' <"$T/res.$t")"
done

# the connection rate, against a backend that says one line and closes
B=$("$T/bc" port) || exit 1
start "$limit" python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(128)
while True:
    c, _ = s.accept()
    try:
        c.sendall(b"hi\n")
    except OSError:
        pass    # a client that went away must not end the backend
    c.close()
' "$B"
wait_listen "$B" || { echo "line backend did not start" >&2; exit 1; }
port_direct=$B
port_sockt=$(freeport)
start "$limit" "$SOCKT" listen -k 127.0.0.1 "$port_sockt" --to "127.0.0.1:$B"
if have socat; then
	port_socat=$(freeport)
	start "$limit" socat TCP-LISTEN:"$port_socat",bind=127.0.0.1,fork,reuseaddr \
	    TCP:127.0.0.1:"$B"
fi
if have ncat; then
	port_ncat=$(freeport)
	start "$limit" ncat -lk 127.0.0.1 "$port_ncat" --sh-exec "ncat 127.0.0.1 $B"
fi
for t in $tools; do
	eval "p=\$port_$t"
	wait_listen "$p" || { echo "$t did not start" >&2; exit 1; }
done
echo "connection rate: $CONNS connections, 8 at a time, $ROUNDS rounds"
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in $tools; do
		eval "p=\$port_$t"
		# ncat's --sh-exec runs near 40 conn/s here: fewer, to stay
		# bounded (the rate is per second all the same)
		n=$CONNS
		[ "$t" = ncat ] && [ "$n" -gt 300 ] && n=300
		# one figure a round; failed connections are said on stderr
		c=$(timeout 300 "$T/bc" conn "$p" "$n" 8)
		echo "${c:-0}" >>"$T/cps.$t"
	done
	r=$((r + 1))
done
ms=$(median <"$T/cps.sockt")
for t in $tools; do
	m=$(median <"$T/cps.$t")
	line=$(printf '%-6s %s conn/s' "$t" "$m")
	if [ "$t" != sockt ]; then
		ratio=$(awk -v a="$ms" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
		line="$line (sockt ${ratio}x)"
	fi
	echo "$line   runs: $(tr '\n' ' ' <"$T/cps.$t")"
done

# the forwarding child's peak RSS, from /proc while it moves a transfer
if [ -r /proc/self/status ]; then
	port_sockt=$(freeport)
	B=$(freeport)
	start "$limit" "$SOCKT" listen -k 127.0.0.1 "$B"
	start "$limit" "$SOCKT" listen -k 127.0.0.1 "$port_sockt" \
	    --to "127.0.0.1:$B"
	wait_listen "$B" && wait_listen "$port_sockt" || exit 1
	fwd=$(ss -ltnp "sport = :$port_sockt" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
	timeout 120 "$SOCKT" connect 127.0.0.1 "$port_sockt" <"$T/file" \
	    >/dev/null &
	cpid=$!
	hwm=0
	while kill -0 "$cpid" 2>/dev/null; do
		for k in $(ps -o pid= --ppid "$fwd" 2>/dev/null); do
			h=$(awk '/^VmHWM/ { print $2 }' "/proc/$k/status" 2>/dev/null)
			[ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
		done
		sleep 0.05	# sampling, bounded by the transfer
	done
	wait "$cpid"
	echo "forwarding child peak RSS: $hwm kB"
fi
