#!/bin/sh
# tests/bench/accept.sh: connections per second of fork-per-connection
# servers.  One bounded client (benchclient.c: 5,000 connections, 1 and 8
# at a time, each reading a one-line greeting) against sockt serve-hello,
# sockt listen -k -c 'echo hi', socat's fork server and ncat -lk, several
# rounds each (a round visits every server in turn), medians and sockt's
# ratios.  Beside each rate, the server's CPU time a connection (user +
# system of the server and the children it reaped, from /proc, in clock
# ticks: a load-independent figure where the rate moves with the load of
# a shared machine).  Loopback only; a peer tool that is absent is
# skipped.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
N=${BENCH_CONNS:-5000}
ROUNDS=${BENCH_ROUNDS:-3}
D=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
PIDS=
cleanup() { [ -n "$PIDS" ] && kill $PIDS 2>/dev/null; rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

${CC:-cc} -O2 -o "$D/bc" "$(dirname "$0")/benchclient.c" || exit 1

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }

# start KEY CMD...: start a server on a free port, kept in P_KEY, and wait
# till it listens; KEY joins $KEYS
KEYS=
start() {
	PORT=$("$D/bc" port) || exit 1
	_key=$1
	shift
	eval "set -- $*"
	timeout 900 "$@" >/dev/null 2>&1 </dev/null &
	PIDS="$PIDS $!"
	_i=0
	while ! "$D/bc" conn "$PORT" 1 1 >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && { echo "$_key: did not start"; return 1; }
		sleep 0.05
	done
	eval "P_$_key=$PORT"
	# the server itself: timeout's child
	eval "S_$_key=$(ps -o pid= --ppid $! | tr -d ' ')"
	KEYS="$KEYS $_key"
}

# ticks PID: CPU time (clock ticks) of PID and the children it reaped
ticks() {
	cut -d' ' -f14-17 "/proc/$1/stat" 2>/dev/null |
	    awk '{ print $1 + $2 + $3 + $4 }'
}
HZ=$(getconf CLK_TCK)

echo "accept.sh: $N connections per round, $ROUNDS rounds, median conn/s"
# Every server runs from the start, and each round gives each its turn,
# so the ratios compare servers measured side by side in time, not one
# after the other minutes apart on a machine whose load moves.
start hello '"$SOCKT" serve-hello 127.0.0.1 $PORT'
start listen '"$SOCKT" listen -k 127.0.0.1 $PORT -c "echo hi"'
if command -v socat >/dev/null 2>&1; then
	start socat 'socat TCP-LISTEN:$PORT,bind=127.0.0.1,fork,reuseaddr "SYSTEM:echo hi"'
else
	echo "socat: absent, skipped"
fi
if command -v ncat >/dev/null 2>&1; then
	start ncat 'ncat -lk 127.0.0.1 $PORT --sh-exec "echo hi"'
else
	echo "ncat: absent, skipped"
fi
for par in 1 8; do
	r=1
	while [ $r -le "$ROUNDS" ]; do
		for k in $KEYS; do
			eval "port=\$P_$k spid=\$S_$k"
			t0=$(ticks "$spid")
			"$D/bc" conn "$port" "$N" "$par" >>"$D/r.$k.$par" ||
			    echo 0 >>"$D/r.$k.$par"
			t1=$(ticks "$spid")
			awk -v t="$((t1 - t0))" -v hz="$HZ" -v n="$N" \
			    'BEGIN { printf "%.0f\n", t * 1e6 / hz / n }' \
			    >>"$D/c.$k.$par"
		done
		r=$((r + 1))
	done
	for k in $KEYS; do
		eval "R_${k}_$par=$(median <"$D/r.$k.$par")"
		eval "C_${k}_$par=$(median <"$D/c.$k.$par")"
	done
done
printf '%-34s %11s %11s   %s\n' server "1 at a time" "8 at a time" \
    "CPU us a connection (1, 8)"
row() { eval "printf '%-34s %11s %11s   %s, %s\\n' \"\$2\" \$R_${1}_1 \$R_${1}_8 \$C_${1}_1 \$C_${1}_8"; }
row hello "sockt serve-hello"
row listen "sockt listen -k -c 'echo hi'"
[ -n "${R_socat_8:-}" ] && row socat "socat fork SYSTEM:'echo hi'"
[ -n "${R_ncat_8:-}" ] && row ncat "ncat -lk --sh-exec 'echo hi'"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'; }
if [ -n "${R_socat_8:-}" ]; then
	echo "serve-hello / socat:  $(ratio "$R_hello_1" "$R_socat_1") (1)  $(ratio "$R_hello_8" "$R_socat_8") (8)   target >= 6x at 8"
	echo "listen -k -c / socat: $(ratio "$R_listen_1" "$R_socat_1") (1)  $(ratio "$R_listen_8" "$R_socat_8") (8)   target >= 2x at 8"
	echo "CPU a connection, socat / serve-hello: $(ratio "$C_socat_8" "$C_hello_8") (8)"
fi
if [ -n "${R_ncat_8:-}" ]; then
	echo "serve-hello / ncat:   $(ratio "$R_hello_8" "$R_ncat_8") (8)   listen -k -c / ncat: $(ratio "$R_listen_8" "$R_ncat_8") (8)"
fi
