#!/bin/sh
# t1027: datagrams in runs.  On Linux udp-serve --echo and the forwarder
# send a run of datagrams of one size for one place as one buffer the
# kernel cuts (UDP_SEGMENT), and take such a run whole (UDP_GRO): the
# forwarder hands the echo runs, the echo answers with runs.  Whatever
# was merged on the way, every client gets back its own datagrams, in
# order, each of the size sent (0 and 1 byte among them); the echo's -v
# logs each datagram of a run, and -c counts the datagrams of a run, not
# the runs.  Loopback only.
. "$(dirname "$0")/lib.sh"
CLIENT=$(dirname "$0")/udp_fwd_client.py

if ! have python3; then
	skip "datagrams in runs" "no python3"
	done_testing
	exit
fi

# count PATTERN FILE: lines of FILE with PATTERN
count() { grep -c -- "$1" "$2" 2>/dev/null; }

server 60 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 ||
    fail "udp-serve --echo starts"
ECHO=$SPORT ELOG=$SLOG
run 30 python3 "$CLIENT" burst 127.0.0.1 "$ECHO" 3 4
is "the echo: 3 ports, bursts of 30 datagrams, all back as sent" "$out" \
    "3 sockets, 4 bursts of 30: all back as sent"

server 60 "$SOCKT" udp-serve -v 127.0.0.1 0 --to "127.0.0.1:$ECHO" ||
    fail "udp-serve --to starts"
FWD=$SPORT
run 30 python3 "$CLIENT" burst 127.0.0.1 "$FWD" 3 4
is "through the forwarder: every datagram back as sent, in order" "$out" \
    "3 sockets, 4 bursts of 30: all back as sent"
# 12 bursts of 30 straight to the echo, 12 through the forwarder
# (the count read at each poll: an argument of wait_until is read once)
at_least() { [ "$(count "$1" "$2")" -ge "$3" ]; }
wait_until 10 at_least "datagram from" "$ELOG" 720
is "the echo's -v: a line for each datagram, runs or not" \
    "$(count "datagram from" "$ELOG")" 720

# -c 5 behind the forwarder: a burst of 20 reaches the echo as a run;
# it answers 5 and exits 0
server 60 "$SOCKT" udp-serve -v --echo -c 5 127.0.0.1 0 ||
    fail "udp-serve --echo -c 5 starts"
CPID=$SPID
server 60 "$SOCKT" udp-serve -v 127.0.0.1 0 --to "127.0.0.1:$SPORT" ||
    fail "the forwarder to it starts"
run 30 python3 "$CLIENT" quiet 127.0.0.1 "$SPORT" 20 512
is "--echo -c 5: a run of 20 gets 5 answers" "$out" "5 replies"
wait_status "$CPID"
is "--echo -c 5: exit 0" "$rc" 0
done_testing
