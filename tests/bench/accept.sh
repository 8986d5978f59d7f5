#!/bin/sh
# tests/bench/accept.sh: connections per second of fork-per-connection
# servers.  One bounded client (benchclient.c: 5,000 connections, 1 and 8
# at a time, each reading a one-line greeting) against sockt serve-hello,
# sockt listen -k -c 'echo hi', socat's fork server and ncat -lk, several
# rounds each, medians and sockt's ratios.  Loopback only; a peer tool
# that is absent is skipped.
: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
N=${BENCH_CONNS:-5000}
ROUNDS=${BENCH_ROUNDS:-3}
D=$(mktemp -d "${TMPDIR:-/tmp}/sockt-bench.XXXXXX") || exit 1
SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$D"; }
trap cleanup EXIT
trap 'exit 1' INT TERM

${CC:-cc} -O2 -o "$D/bc" "$(dirname "$0")/benchclient.c" || exit 1

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }

# start NAME CMD...: start a server on a free port $PORT, wait till it listens
start() {
	PORT=$("$D/bc" port) || exit 1
	_name=$1
	shift
	eval "set -- $*"
	timeout 600 "$@" >/dev/null 2>&1 </dev/null &
	SPID=$!
	_i=0
	while ! "$D/bc" conn "$PORT" 1 1 >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && { echo "$_name: did not start"; return 1; }
		sleep 0.05
	done
}
stop() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; SPID=; }

# bench NAME 'CMD with $PORT': prints "NAME par1 par8"
bench() {
	start "$1" "$2" || return
	for par in 1 8; do
		r=1
		: >"$D/r"
		while [ $r -le "$ROUNDS" ]; do
			"$D/bc" conn "$PORT" "$N" "$par" >>"$D/r" || echo 0 >>"$D/r"
			r=$((r + 1))
		done
		eval "R_${3}_$par=$(median <"$D/r")"
	done
	stop
	eval "printf '%-34s %8s %8s\n' \"\$1\" \$R_${3}_1 \$R_${3}_8"
}

echo "accept.sh: $N connections per round, $ROUNDS rounds, median conn/s"
printf '%-34s %8s %8s\n' server "1 at a time" "8 at a time"
bench "sockt serve-hello" '"$SOCKT" serve-hello 127.0.0.1 $PORT' hello
bench "sockt listen -k -c 'echo hi'" '"$SOCKT" listen -k 127.0.0.1 $PORT -c "echo hi"' listen
if command -v socat >/dev/null 2>&1; then
	bench "socat fork SYSTEM:'echo hi'" 'socat TCP-LISTEN:$PORT,bind=127.0.0.1,fork,reuseaddr "SYSTEM:echo hi"' socat
else
	echo "socat: absent, skipped"
fi
if command -v ncat >/dev/null 2>&1; then
	bench "ncat -lk --sh-exec 'echo hi'" 'ncat -lk 127.0.0.1 $PORT --sh-exec "echo hi"' ncat
else
	echo "ncat: absent, skipped"
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'; }
if [ -n "${R_socat_8:-}" ]; then
	echo "serve-hello / socat:  $(ratio "$R_hello_1" "$R_socat_1") (1)  $(ratio "$R_hello_8" "$R_socat_8") (8)   target >= 6x at 8"
	echo "listen -k -c / socat: $(ratio "$R_listen_1" "$R_socat_1") (1)  $(ratio "$R_listen_8" "$R_socat_8") (8)   target >= 2x at 8"
fi
if [ -n "${R_ncat_8:-}" ]; then
	echo "serve-hello / ncat:   $(ratio "$R_hello_8" "$R_ncat_8") (8)   listen -k -c / ncat: $(ratio "$R_listen_8" "$R_ncat_8") (8)"
fi
