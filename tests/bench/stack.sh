#!/bin/sh
# tests/bench/stack.sh: two builds of sockt side by side in one run, for
# issue 38's "the relay and forwarder benchmarks are within 3% of
# today's in the same run": OLD ($SOCKT_OLD, e.g. a build of the commit
# before the connection-stack work) and NEW ($SOCKT, default the repo's
# ./sockt).  Each case, for each binary, ROUNDS rounds (default 7), the
# rounds interleaved and the order alternating (OLD first, then NEW
# first), so both are measured side by side in time:
#   relay pipe   pipegen (SIZE_MB MiB, vmspliced: the relay is all that
#                costs) | sockt connect 127.0.0.1 P  ->
#                sockt listen 127.0.0.1 0 > /dev/null
#   relay file   the same, from a regular file of SIZE_MB MiB
#   forward      sockt connect < file -> sockt listen -k 127.0.0.1 0
#                --to 127.0.0.1:Q -> sockt listen 127.0.0.1 Q > /dev/null
#                (one binary in every role of a transfer)
#   fwd short conns  CONNS (default 2000) short connections, PAR (default 8)
#                at a time (benchclient.c: connect, read a line, close)
#                through listen -k --to to a backend (python, shared by
#                both) that writes one line and closes
#   tls relay    sockt connect --tls --insecure < file (SIZE_MB/4 MiB) ->
#                sockt listen --tls (ephemeral certificate) > /dev/null
# A listener binds port 0 and its port is read back from -v; a transfer
# is timed from the sender's start to the exit of sender and sink.
# Before the rounds, each binary moves 4 MiB in each transfer case into
# a file, counted: every byte must arrive.
# Prints, per case, the medians of OLD and NEW, NEW/OLD, and the CPU
# (user + system of the sockt processes of a transfer, from wait4; for
# the short connections the forwarder's and its children's a connection,
# from /proc in clock ticks) NEW/OLD, a figure that moves less than the
# rate with the load of a shared machine; then whether every case is
# within TOL % (default 3) -- slower only: faster is no failure -- and
# exits 1 when one is not.  About 45 s at the defaults on 2 CPUs.
# Every process under timeout and killed by its PID at the end; loopback
# only.  Needs cc, python3, ss.  Without SOCKT_OLD (make bench) it says
# so and does nothing.
#
#   SOCKT_OLD=/tmp/sockt-old SOCKT=/tmp/sockt-new sh tests/bench/stack.sh
#
# An OLD binary: git worktree add /tmp/old COMMIT && make -C /tmp/old,
# then copy /tmp/old/sockt away and git worktree remove /tmp/old.

: "${SOCKT:=$(cd "$(dirname "$0")/../.." && pwd)/sockt}"
if [ -z "${SOCKT_OLD:-}" ]; then
	echo "stack.sh: skipped: set SOCKT_OLD to the binary to compare with"
	exit 0
fi
for b in "$SOCKT_OLD" "$SOCKT"; do
	[ -x "$b" ] || { echo "stack.sh: $b: not an executable" >&2; exit 2; }
done
SIZE_MB=${SIZE_MB:-1024}
ROUNDS=${ROUNDS:-7}
CONNS=${CONNS:-2000}
PAR=${PAR:-8}
TOL=${TOL:-3}
LIMIT=${LIMIT:-120}	# seconds, at most, for any one transfer's process
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
script_ns=$(bench_now_ns)

TLS_MB=$((SIZE_MB / 4))
[ "$TLS_MB" -gt 0 ] || TLS_MB=1
bench_dir $(((SIZE_MB + TLS_MB) * 1024 + 65536)) stack
T=$W
pids=""
cleanup() {
	for _p in $pids; do kill "$_p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for t in python3 ss; do
	command -v "$t" >/dev/null 2>&1 || { echo "stack.sh: needs $t" >&2; exit 1; }
done
${CC:-cc} -O2 -o "$T/pipegen" "$HERE/pipegen.c" || exit 1
${CC:-cc} -O2 -o "$T/bc" "$HERE/benchclient.c" || exit 1
# cpu OUT CMD...: run CMD; its user + system seconds (and its reaped
# children's), to the microsecond, into OUT; TERM and INT are passed on
cat >"$T/cpu.c" <<'EOC'
#define _DEFAULT_SOURCE
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static pid_t kid;
static void pass(int sig) { if (kid > 0) kill(kid, sig); }
int main(int argc, char **argv) {
	struct rusage ru;
	FILE *f;
	int st;
	if (argc < 3) return 2;
	signal(SIGTERM, pass);
	signal(SIGINT, pass);
	if ((kid = fork()) == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (kid < 0) return 2;
	while (wait4(kid, &st, 0, &ru) == -1)
		if (errno != EINTR) return 2;
	if ((f = fopen(argv[1], "w")) != NULL) {
		fprintf(f, "%.6f\n", ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
		fclose(f);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
EOC
${CC:-cc} -O2 -o "$T/cpu" "$T/cpu.c" || exit 1
dd if=/dev/zero of="$T/file" bs=1M count="$SIZE_MB" 2>/dev/null || exit 1
dd if=/dev/zero of="$T/tlsfile" bs=1M count="$TLS_MB" 2>/dev/null || exit 1
dd if=/dev/zero of="$T/small" bs=1M count=4 2>/dev/null || exit 1
# what a transfer moves, and where the sink writes: the run's, or the
# check's (below) when each binary moves 4 MiB a case into a file
FILE=$T/small TFILE=$T/small NB=4194304 TNB=4194304 OUT=$T/out
HZ=$(getconf CLK_TCK)
TIME="$T/cpu"

# the binaries by key
B_old=$SOCKT_OLD
B_new=$SOCKT

forget() { pids=$(echo " $pids " | sed "s/ $1 / /"); }
# spawn ERR CPUFILE CMD...: CMD in the background, bounded by LIMIT, its
# stdin /dev/null, its stderr in ERR, its CPU (cpu.c) in CPUFILE;
# SPID is the background job
spawn() {
	_err=$1 _cpu=$2
	shift 2
	timeout "$LIMIT" "$TIME" "$_cpu" "$@" </dev/null 2>"$_err" &
	SPID=$!
	pids="$pids $SPID"
}
# port_of ERR: the port listen -v said it listens on (waits at most 10 s)
port_of() {
	_i=0
	while :; do
		_p=$(sed -n 's/.*listening on .* port \([0-9][0-9]*\).*/\1/p' \
		    "$1" 2>/dev/null | head -n 1)
		[ -n "$_p" ] && { echo "$_p"; return 0; }
		_i=$((_i + 1))
		[ $_i -gt 1000 ] && return 1
		sleep 0.01	# -v's line is the readiness signal
	done
}
# cpusum FILE...: the sum of the CPU seconds in FILEs
cpusum() {
	cat "$@" 2>/dev/null | awk '{ s += $1 } END { printf "%.4f\n", s }'
}
# ticks PID: CPU time (clock ticks) of PID and the children it reaped
ticks() {
	cut -d' ' -f14-17 "/proc/$1/stat" 2>/dev/null |
	    awk '{ print $1 + $2 + $3 + $4 }'
}
# kid PID: the child of PID (timeout's: the server itself)
kid() { ps -o pid= --ppid "$1" 2>/dev/null | head -n 1 | tr -d ' '; }
# rate NBYTES T0 T1: GB/s
rate() { awk -v b="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.3f\n", b / ((e - s) / 1e9) / 1e9 }'; }

# relay KEY FEED: one transfer into a one-shot sink; "GB/s CPU-s"
relay() {
	eval "_b=\$B_$1"
	rm -f "$T/cpu.r" "$T/cpu.s" "$T/cpu.f" "$T/l.err" "$T/f.err"
	case $2 in
	tls)	spawn "$T/l.err" "$T/cpu.r" "$_b" listen -n -v --tls 127.0.0.1 0 \
		    >"$OUT" ;;
	*)	spawn "$T/l.err" "$T/cpu.r" "$_b" listen -n -v 127.0.0.1 0 \
		    >"$OUT" ;;
	esac
	_sink=$SPID
	_port=$(port_of "$T/l.err") || { kill "$_sink"; wait "$_sink"; forget "$_sink"; echo "nan nan"; return; }
	_t0=$(bench_now_ns)
	case $2 in
	pipe)	"$T/pipegen" "$NB" | timeout "$LIMIT" "$TIME" "$T/cpu.s" \
		    "$_b" connect 127.0.0.1 "$_port" >/dev/null
		_st=$? _n=$NB ;;
	file)	timeout "$LIMIT" "$TIME" "$T/cpu.s" \
		    "$_b" connect 127.0.0.1 "$_port" <"$FILE" >/dev/null
		_st=$? _n=$NB ;;
	tls)	timeout "$LIMIT" "$TIME" "$T/cpu.s" \
		    "$_b" connect --tls --insecure 127.0.0.1 "$_port" \
		    <"$TFILE" >/dev/null
		_st=$? _n=$TNB ;;
	esac
	# a sender that failed leaves the sink waiting: end it
	[ "$_st" -ne 0 ] && kill "$_sink" 2>/dev/null
	wait "$_sink"
	_rst=$?
	_t1=$(bench_now_ns)
	forget "$_sink"
	if [ "$_st" -ne 0 ] || [ "$_rst" -ne 0 ]; then
		echo "stack.sh: $1 $2: sender $_st, sink $_rst" >&2
		echo "nan nan"
		return
	fi
	echo "$(rate "$_n" "$_t0" "$_t1") $(cpusum "$T/cpu.r" "$T/cpu.s" "$T/cpu.f")"
}

# forward KEY: one transfer through listen -k --to into a one-shot sink
forward() {
	eval "_b=\$B_$1"
	rm -f "$T/cpu.r" "$T/cpu.s" "$T/cpu.f" "$T/l.err" "$T/f.err"
	spawn "$T/l.err" "$T/cpu.r" "$_b" listen -n -v 127.0.0.1 0 >"$OUT"
	_sink=$SPID
	timeout "$LIMIT" "$TIME" "$T/cpu.f" "$_b" listen -n -v -k 127.0.0.1 0 \
	    --to "127.0.0.1:$(port_of "$T/l.err")" </dev/null >/dev/null \
	    2>"$T/f.err" &
	_fwd=$!
	pids="$pids $_fwd"
	if ! _port=$(port_of "$T/f.err"); then
		kill "$_sink" "$_fwd"
		wait "$_sink" "$_fwd"
		forget "$_sink"
		forget "$_fwd"
		echo "nan nan"
		return
	fi
	_t0=$(bench_now_ns)
	timeout "$LIMIT" "$TIME" "$T/cpu.s" \
	    "$_b" connect 127.0.0.1 "$_port" <"$FILE" >/dev/null
	_st=$?
	[ "$_st" -ne 0 ] && kill "$_sink" 2>/dev/null
	wait "$_sink"
	_rst=$?
	_t1=$(bench_now_ns)
	forget "$_sink"
	# the forwarder (timeout's grandchild) once it has reaped its child,
	# so that the child's CPU is in the forwarder's
	_srv=$(kid "$(kid "$_fwd")")
	_i=0
	while [ -n "$_srv" ] && [ -n "$(kid "$_srv")" ] && [ $_i -lt 200 ]; do
		sleep 0.01	# bounded: the child's exit after both ends close
		_i=$((_i + 1))
	done
	kill "$_fwd" 2>/dev/null
	wait "$_fwd" 2>/dev/null
	forget "$_fwd"
	if [ "$_st" -ne 0 ] || [ "$_rst" -ne 0 ]; then
		echo "stack.sh: $1 forward: sender $_st, sink $_rst" >&2
		echo "nan nan"
		return
	fi
	echo "$(rate "$NB" "$_t0" "$_t1") $(cpusum "$T/cpu.r" "$T/cpu.s" "$T/cpu.f")"
}

# the short connections: one backend for both, a forwarder of each
# binary running through all rounds (free port, ss to see it listen:
# -v would say every connection)
wait_listen() {
	_i=0
	while ! ss -ltn "sport = :$1" 2>/dev/null | grep -q ":$1"; do
		_i=$((_i + 1)); [ $_i -gt 500 ] && return 1; sleep 0.01
	done
}
total_limit=$((ROUNDS * 200 + 120))
HB=$("$T/bc" port) || exit 1
timeout "$total_limit" python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(512)
while True:
    c, _ = s.accept()
    try:
        c.sendall(b"hi\n")
    except OSError:
        pass    # a client that went away must not end the backend
    c.close()
' "$HB" </dev/null >/dev/null 2>"$T/backend.err" &
pids="$pids $!"
wait_listen "$HB" || { echo "stack.sh: the line backend did not start" >&2; exit 1; }
for k in old new; do
	eval "_b=\$B_$k"
	_ok=
	for _try in 1 2 3 4 5; do
		_p=$("$T/bc" port) || exit 1
		timeout "$total_limit" "$_b" listen -n -k 127.0.0.1 "$_p" \
		    --to "127.0.0.1:$HB" </dev/null >/dev/null 2>"$T/cf.$k.err" &
		_tp=$!
		pids="$pids $_tp"
		if wait_listen "$_p" && "$T/bc" conn "$_p" 1 1 >/dev/null; then
			_ok=1
			break
		fi
		kill "$_tp" 2>/dev/null
		wait "$_tp" 2>/dev/null
		forget "$_tp"
	done
	[ -n "$_ok" ] || { echo "stack.sh: $k: the forwarder did not start" >&2; exit 1; }
	eval "CP_$k=$_p CS_$k=$(kid "$_tp")"
done
# conns KEY: "conn/s CPU-us-a-connection" of the forwarder
conns() {
	eval "_p=\$CP_$1 _s=\$CS_$1"
	_c0=$(ticks "$_s")
	_r=$(timeout "$LIMIT" "$T/bc" conn "$_p" "$CONNS" "$PAR" 2>>"$T/bc.err") ||
	    _r=nan
	# the children of the last connections reaped (bounded)
	_i=0
	while [ -n "$(kid "$_s")" ] && [ $_i -lt 100 ]; do
		sleep 0.01; _i=$((_i + 1))
	done
	_c1=$(ticks "$_s")
	echo "${_r:-nan} $(awk -v t="$((_c1 - _c0))" -v hz="$HZ" -v n="$CONNS" \
	    'BEGIN { printf "%.1f\n", t * 1e6 / hz / n }')"
}

CASES=${CASES:-"relay_pipe relay_file forward conns tls"}
label() {
	case $1 in
	relay_pipe) echo "relay pipe" ;;
	relay_file) echo "relay file" ;;
	forward) echo "forward" ;;
	conns) echo "fwd short conns" ;;
	tls) echo "tls relay" ;;
	esac
}
unit() { [ "$1" = conns ] && echo "conn/s" || echo "GB/s"; }
cpuunit() { [ "$1" = conns ] && echo "us/conn" || echo "s"; }

# the check: every byte arrives, with each binary in each case
for k in old new; do
	for c in pipe file tls forward; do
		rm -f "$OUT"
		if [ $c = forward ]; then res=$(forward $k); else res=$(relay $k $c); fi
		got=$(wc -c <"$OUT" 2>/dev/null | tr -d ' ')
		if [ "${res%% *}" = nan ] || [ "$got" != "$NB" ]; then
			echo "stack.sh: $k $c: ${got:-no} bytes of $NB arrived" >&2
			exit 1
		fi
	done
done
rm -f "$OUT" "$T/small"
FILE=$T/file TFILE=$T/tlsfile OUT=/dev/null
NB=$((SIZE_MB * 1048576)) TNB=$((TLS_MB * 1048576))

start_ns=$(bench_now_ns)
echo "stack.sh: OLD $SOCKT_OLD, NEW $SOCKT"
echo "  $SIZE_MB MiB a transfer (TLS $TLS_MB MiB), $CONNS short connections $PAR at a time, $ROUNDS rounds"
echo "  load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), $(getconf _NPROCESSORS_ONLN) CPUs"
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ $((r % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
	for c in $CASES; do
		for k in $order; do
			case $c in
			relay_pipe) relay "$k" pipe ;;
			relay_file) relay "$k" file ;;
			forward) forward "$k" ;;
			conns) conns "$k" ;;
			tls) relay "$k" tls ;;
			esac >>"$T/res.$c.$k"
		done
	done
	r=$((r + 1))
done

# med FILE COLUMN: the median of the numbers (nan left out)
med() {
	awk -v c="$2" '$c != "nan" { print $c }' "$1" | bench_median
}
ratio3() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.3f", a / b; else print "-" }'
}
printf '%-16s %12s %12s %8s  %-7s %s\n' case OLD NEW NEW/OLD "" "CPU NEW/OLD (OLD, NEW)"
bad=
for c in $CASES; do
	mo=$(med "$T/res.$c.old" 1)
	mn=$(med "$T/res.$c.new" 1)
	co=$(med "$T/res.$c.old" 2)
	cn=$(med "$T/res.$c.new" 2)
	rr=$(ratio3 "$mn" "$mo")
	if [ "$c" = conns ]; then f='%.0f' cf='%.1f'; else f='%.3f' cf='%.4f'; fi
	mo=$(printf "$f" "${mo:-0}") mn=$(printf "$f" "${mn:-0}")
	co=$(printf "$cf" "${co:-0}") cn=$(printf "$cf" "${cn:-0}")
	rc=$(ratio3 "$cn" "$co")
	v=$(awk -v r="$rr" -v t="$TOL" 'BEGIN { if (r == "-") print "FAILED"; else if (r < 1 - t / 100) print "SLOWER"; else if (r > 1 + t / 100) print "faster"; else print "ok" }')
	case $v in
	SLOWER|FAILED) bad="$bad $(label "$c" | tr ' ' _)($rr)" ;;
	esac
	printf '%-16s %12s %12s %8s  %-7s %s (%s, %s %s)\n' "$(label "$c")" \
	    "$mo $(unit "$c")" "$mn $(unit "$c")" "$rr" "$v" "$rc" "$co" "$cn" \
	    "$(cpuunit "$c")"
done
echo "runs (rate, CPU), in round order:"
for c in $CASES; do
	for k in old new; do
		printf '  %-16s %s: %s\n' "$(label "$c")" "$k" \
		    "$(awk '{ printf "%s%s/%s", (NR > 1 ? " " : ""), $1, $2 }' "$T/res.$c.$k")"
	done
done
[ -s "$T/bc.err" ] && echo "client: $(sort "$T/bc.err" | uniq -c | tr '\n' ' ')"
echo "  load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null); rounds $(( ($(bench_now_ns) - start_ns) / 1000000000 )) s, all $(( ($(bench_now_ns) - script_ns) / 1000000000 )) s"
if [ -z "$bad" ]; then
	echo "verdict: every case within ${TOL}% (NEW/OLD >= $(awk -v t="$TOL" 'BEGIN { print 1 - t / 100 }'))"
else
	echo "verdict: not within ${TOL}%:$bad"
	exit 1
fi
