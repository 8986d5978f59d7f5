#!/bin/sh
# t1028: UDP services no datagram can loop, and udp-serve --to within the
# limit of open files (issue 60).  One datagram forged with a raw socket
# (udp_loop.py forge) as coming from another echo or greeter made two
# udp-serve --echo (or --hello, or one of each) answer each other for ever
# (CVE-2024-2169's loop DoS); now the loop ends within a few datagrams,
# between two hosts (198.18.0.9 and 198.18.0.10, tests/hostsns.sh's) and
# on 127.0.0.1 alike, and both still answer an honest client.  Source
# ports of services (7, 19, 53, 123) and the server's own address and
# port are never answered; --reply-rate holds one address to a burst and
# then its rate, 0 lifts it, and loopback is exempt.  The forwarder drops
# a datagram from its own target before any session.  Under a limit of
# 64 open files -m is lowered (said with -v), 500 clients are each
# forwarded, the idlest sessions closed for them, and a failure is said
# at most once a second.
# netns: own (hosts_ns: a TUN device's 198.18.0.9 and 198.18.0.10)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostsns.sh"
hosts_ns "$0" "$@"
LOOP=$(dirname "$0")/udp_loop.py
CLIENT=$(dirname "$0")/udp_fwd_client.py
NCHECKS=31

why=
if [ -z "$HOSTS_NS" ]; then
	why=$HOSTS_WHY
elif ! have python3; then
	why="no python3"
elif ! have prlimit; then
	why="no prlimit"
fi
if [ -n "$why" ]; then
	i=0
	while [ $i -lt $NCHECKS ]; do
		skip "UDP loops and the descriptor limit" "$why"
		i=$((i + 1))
	done
	done_testing
	exit
fi

# count PATTERN FILE: lines of FILE with PATTERN
count() { grep -c -- "$1" "$2" 2>/dev/null; }
# seen FILE: the datagrams a -v server logged
seen() { count "datagram from .* bytes" "$1"; }

# udp ADDR MODE...: a udp-serve -v on ADDR port 0; its port, log, PID in
# the variables named by the caller after it (PORT_x LOG_x PID_x)
udp() {
	_u=$1 _a=$2
	shift 2
	eval "PORT_$_u= LOG_$_u=/dev/null PID_$_u="
	server 60 "$SOCKT" udp-serve -v "$@" "$_a" 0 || return 1
	eval "PORT_$_u=\$SPORT LOG_$_u=\$SLOG PID_$_u=\$SPID"
}
# stop PID...: servers ended, their logs complete (an empty PID: none):
# wait_status waits for the copier of a server's stderr to $SLOG too,
# which a plain wait did not (a line could still be on its way)
stop() {
	for _p; do
		[ -n "$_p" ] || continue
		kill "$_p" 2>/dev/null
		wait_status "$_p" 2>/dev/null
	done
}

# loop NAME MODE_A MODE_B ADDR_A ADDR_B: a server each, one datagram
# forged from B to A, then the loop's end awaited (a "not answered" line
# in either log, 5 s at most); fewer than 100 datagrams in all, and each
# server answers an honest client after
loop() {
	_name=$1
	udp a "$4" "$2"
	udp b "$5" "$3"
	python3 "$LOOP" forge "$5" "$PORT_b" "$4" "$PORT_a" michael
	wait_until 5 grep -q "not answered" "$LOG_a" "$LOG_b"
	_n=$(( $(seen "$LOG_a") + $(seen "$LOG_b") ))
	check "$_name: one forged datagram, $_n in all" test "$_n" -lt 100
}

# the honest client: udp-send to ADDR PORT, REPLY back
honest() {
	run 5 "$SOCKT" udp-send "$2" "$3" bob
	is "$1: still answers a client" "$rc:$out" "0:$4"
}

loop "echo 198.18.0.9 <-> echo 198.18.0.10" --echo --echo "$HOST_A" "$HOST_B"
like "... -v says why" "$(cat "$LOG_a" "$LOG_b")" \
    "*not answered: our own reply back again and again (a loop)*"
honest "echo A" "$HOST_A" "$PORT_a" bob
honest "echo B" "$HOST_B" "$PORT_b" bob
stop "$PID_a" "$PID_b"

loop "hello <-> hello" --hello --hello "$HOST_A" "$HOST_B"
honest "hello A" "$HOST_A" "$PORT_a" "Hello, bob!"
stop "$PID_a" "$PID_b"
loop "echo <- forged from a hello" --echo --hello "$HOST_A" "$HOST_B"
stop "$PID_a" "$PID_b"
loop "hello <- forged from an echo" --hello --echo "$HOST_A" "$HOST_B"
like "... -v says why" "$(cat "$LOG_a" "$LOG_b")" \
    "*not answered: a greeting itself (a loop)*"
stop "$PID_a" "$PID_b"

# loopback: no rate limit there, the rules alone end it
loop "echo <-> echo on 127.0.0.1" --echo --echo 127.0.0.1 127.0.0.1
honest "echo on 127.0.0.1" 127.0.0.1 "$PORT_a" bob
stop "$PID_a" "$PID_b"

# the ports of services, and a client's (20000) answered beside them
udp a "$HOST_B" --echo
run 10 python3 "$LOOP" ports "$HOST_A" "$HOST_B" "$PORT_a" 7 19 53 123 20000
is "source ports 7, 19, 53 and 123 not answered, 20000 answered" "$out" \
    "7 no reply
19 no reply
53 no reply
123 no reply
20000 reply"
# its own address and port, forged
python3 "$LOOP" forge "$HOST_B" "$PORT_a" "$HOST_B" "$PORT_a" self
wait_until 5 grep -q "own address" "$LOG_a"
is "its own address and port: not answered, one datagram" \
    "$(count "port $PORT_a, 4 bytes" "$LOG_a"):$(count "datagram from $HOST_B port $PORT_a not answered: from this server's own address and port" "$LOG_a")" \
    "1:1"
stop "$PID_a"
# a wildcard listener's own port at another of this host's addresses
udp a 0.0.0.0 --hello
python3 "$LOOP" forge "$HOST_B" "$PORT_a" "$HOST_A" "$PORT_a" self
wait_until 5 grep -q "own address" "$LOG_a"
is "0.0.0.0: its port at another address of this host's: not answered" \
    "$(count "port $PORT_a, 4 bytes" "$LOG_a"):$(count "own address and port" "$LOG_a")" \
    "1:1"
stop "$PID_a"

# --reply-rate: a burst of the rate, then the rate; 0 lifts it; the
# default (100) from another host, and none on loopback
udp a "$HOST_B" --echo --reply-rate 20
run 20 python3 "$LOOP" rate "$HOST_A" "$HOST_B" "$PORT_a" 100 1
b=$(printf '%s\n' "$out" | sed -n 's/^burst //p')
t=$(printf '%s\n' "$out" | sed -n 's/^then \([0-9]*\) in .*/\1/p')
ms=$(printf '%s\n' "$out" | sed -n 's/.* in \([0-9]*\) ms$/\1/p')
check "--reply-rate 20: 100 at once, ${b:-none} answered" within 19 25 "${b:-0}"
# at most what 20 a second refill since the burst emptied the bucket
check "--reply-rate 20: then 100 a second, ${t:-none} answered in ${ms:-?} ms" \
    within 10 "$(( ${ms:-0} * 20 / 1000 + 2 ))" "${t:-0}"
like "... -v says so" "$(cat "$LOG_a")" "*not answered: over --reply-rate*"
stop "$PID_a"
udp a "$HOST_B" --echo --reply-rate 0
run 20 python3 "$LOOP" rate "$HOST_A" "$HOST_B" "$PORT_a" 300 0
is "--reply-rate 0: 300 at once, all answered" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "burst 300"
stop "$PID_a"
udp a 0.0.0.0 --echo
run 20 python3 "$LOOP" rate "$HOST_A" "$HOST_B" "$PORT_a" 300 0
b=$(printf '%s\n' "$out" | sed -n 's/^burst //p')
check "the default rate: 300 at once from another host, ${b:-none} answered" \
    within 99 110 "${b:-0}"
run 20 python3 "$LOOP" rate 127.0.0.1 127.0.0.1 "$PORT_a" 300 0
is "... from 127.0.0.1: all 300 answered" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "burst 300"
stop "$PID_a"

# the forwarder: a datagram forged from its target makes no session
SOUT=$T/ecount server 60 python3 "$LOOP" echo "$HOST_A" || exit 1
EPORT=$SPORT EPID=$SPID
udp f "$HOST_B" --to "$HOST_A:$EPORT"
python3 "$LOOP" forge "$HOST_A" "$EPORT" "$HOST_B" "$PORT_f" forged
wait_until 5 grep -q "dropped" "$LOG_f"
like "--to: a datagram from the target dropped, said" "$(cat "$LOG_f")" \
    "*datagram from $HOST_A port $EPORT dropped: the target's own address and port (a loop)*"
run 5 "$SOCKT" udp-send "$HOST_B" "$PORT_f" honest
is "--to: an honest client still forwarded" "$rc:$out" "0:honest"
# counted once the log is complete: the server's stderr reaches it
# through a copier, which may not have written "opened" yet when the
# reply is back (0:0 in a make check)
stop "$PID_f"
is "--to: a session for the client alone" \
    "$(count "opened" "$LOG_f"):$(count "session for $HOST_A port $EPORT" "$LOG_f")" \
    "1:0"
kill -TERM "$EPID"
wait "$EPID" 2>/dev/null
check "--to: the target saw the honest datagram alone ($(cat "$T/ecount"))" \
    test "$(cat "$T/ecount")" = 1

# the limit of open files: 64, soft and hard
server 60 python3 "$(dirname "$0")/udp_fwd_peer.py" echo 127.0.0.1 || exit 1
EPORT=$SPORT
server 120 prlimit --nofile=64 "$SOCKT" udp-serve -v 127.0.0.1 0 \
    --to "127.0.0.1:$EPORT" || exit 1
FLOG=$SLOG FPID=$SPID
like "-m lowered to what 64 open files allow, said" "$(cat "$FLOG")" \
    "*-m 1024 lowered to 48: 64 open files allowed (RLIMIT_NOFILE)*"
# waves of 20, under the 48 sessions: each reply comes before its
# session is the idlest; a second for each wave's at most
timed 100 python3 "$CLIENT" sessions 127.0.0.1 "$SPORT" 500 20 1
is "500 clients under 64 open files: each forwarded" "$out" \
    "500 sessions: 500 replies"
check "... the idlest sessions closed for them" \
    test "$(count "closed: the idlest" "$FLOG")" -ge 400
n=$(count "$(errtext EMFILE)" "$FLOG")
check "... a failure said at most once a second (${n:-0} in $el ms)" \
    test "${n:-0}" -le $(( el / 1000 + 1 ))
stop "$FPID"
# 5 open files: stdio, the listener and epoll, no session ever: each
# client fails, said at most once a second with how many
server 60 prlimit --nofile=5 "$SOCKT" udp-serve -v 127.0.0.1 0 \
    --to "127.0.0.1:$EPORT" || exit 1
FLOG=$SLOG FPID=$SPID
timed 30 python3 "$CLIENT" sessions 127.0.0.1 "$SPORT" 200 50 0.5
n=$(count "$(errtext EMFILE)" "$FLOG")
check "no descriptor for any session: 200 failures said in ${n:-0} lines in $el ms" \
    within 1 $(( el / 1000 + 1 )) "${n:-0}"
stop "$FPID"

# Out of descriptors with a session's datagram pending: the idlest
# session (A's) is closed for B's, and B's takes its number; A's
# datagram, read in the same batch before B's, goes out on A's socket
# first, never on B's (B would get A's echo).  The forwarder is stopped
# while both send, so one batch holds both, and its limit lowered to
# its lowest free descriptor, so B's socket() fails with EMFILE.
server 60 "$SOCKT" udp-serve -v 127.0.0.1 0 --to "127.0.0.1:$EPORT" ||
    exit 1
FPID=$SPID
run 20 python3 -c '
import os, signal, socket, subprocess, sys
port, pid = int(sys.argv[1]), int(sys.argv[2])
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.settimeout(10); b.settimeout(10)
a.sendto(b"A-first", ("127.0.0.1", port))
print("A got", a.recv(100).decode())
os.kill(pid, signal.SIGSTOP)
fds = set(int(x) for x in os.listdir("/proc/%d/fd" % pid))
n = min(set(range(max(fds) + 2)) - fds)  # the lowest free: socket() takes it
subprocess.check_call(["prlimit", "--pid", str(pid), "--nofile=%d:%d" % (n, n)])
a.sendto(b"A-secret", ("127.0.0.1", port))
b.sendto(b"B-hello", ("127.0.0.1", port))
os.kill(pid, signal.SIGCONT)
got = []
while not got or got[-1] != "B-hello":
    got.append(b.recv(100).decode())
print("B got", " ".join(got))
' "$SPORT" "$FPID"
is "EMFILE: the idlest closed for a new client, its datagram not the new one's" \
    "$out" "A got A-first
B got B-hello"
like "... said so" "$(cat "$SLOG")" "*closed: the idlest*"
stop "$FPID"

done_testing
