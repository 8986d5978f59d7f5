#!/bin/sh
# t1026: udp-serve --to never hands a late reply to another client.  A
# session's socket, once closed, leaves its port to the next socket the
# kernel makes; a reply the target sends the old session afterwards
# reaches that socket, and would go to its client.  Here the kernel has
# only a few ports to give (a narrow ip_local_port_range, in a network
# namespace of our own), the target answers 50 ms late, and 8 clients
# storm 2 sessions (-m 2): every reply that comes back must be the
# client's own.  Seen once in t1025's storm before the forwarder held a
# closed session's socket for a second.
. "$(dirname "$0")/lib.sh"

if [ -z "${T1026_INSIDE:-}" ]; then
	if [ "$(id -u)" != 0 ] || ! have unshare || ! have ip ||
	    ! have python3 || ! unshare -n true 2>/dev/null; then
		skip "late replies in a narrow port range" \
		    "needs root, unshare, ip and python3"
		done_testing
		exit 0
	fi
	rm -rf "$T"
	T1026_INSIDE=1 exec unshare -n sh "$0"
fi

ip link set lo up || { fail "lo up"; done_testing; exit; }
# 14 ports: the target's, the forwarder's, 8 clients', 4 for sessions
if ! echo "40000 40013" >/proc/sys/net/ipv4/ip_local_port_range; then
	skip "late replies in a narrow port range" "ip_local_port_range"
	done_testing
	exit 0
fi
D=$(dirname "$0")
server 60 python3 "$D/udp_fwd_peer.py" late 127.0.0.1 50 || exit 1
LATE=$SPORT
server 60 "$SOCKT" udp-serve -v -m 2 127.0.0.1 0 --to "127.0.0.1:$LATE" ||
    exit 1
FWD=$SPORT
foreign=0 got=0 i=0
while [ $i -lt 10 ]; do
	run 20 python3 "$D/udp_fwd_client.py" storm 127.0.0.1 "$FWD" 8 20
	g=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) replies, .*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/.*, \([0-9]*\) of another client/\1/p')
	got=$((got + ${g:-0}))
	foreign=$((foreign + ${f:-1}))
	i=$((i + 1))
done
is "10 storms of 8 clients, replies 50 ms late: none to another client ($got replies)" \
    "$foreign" 0
check "... and some came back" test "$got" -gt 0
done_testing
