#!/bin/sh
# t3062-portscan-route-source.sh: -sS's checksum source looked up once a
# block of addresses that share a route (issue 62, item 5; net/route4.c,
# parse/rtblock.c).  A namespace of our own routes 198.18.0.0/20 over a
# veth pair (sk0, source 10.99.0.1) to a second namespace where the /20
# is local and listens on port 8080, and a more specific 198.18.5.0/24
# over a second pair (sk2, source 10.99.1.1) to the same far side.  A
# SYN whose TCP checksum was summed with the wrong source never answers
# (the far kernel drops it), so the states say whether each address got
# its own route's source:
#   - -sS -p 8080,1-15 of the /20 (65,536 probes: a stateless sweep):
#     4,096 open and 61,440 closed, the /24 inside the /20 too;
#   - -sS -p 8080,1 (8,192 probes: the window's path, a source kept for
#     each host): 4,096 open and 4,096 closed;
#   - the /20's route moved to sk2 (source 10.99.1.1) while the window's
#     path at --rate 2000 is under way: still every port open (the
#     kernel's notice of the change drops the blocks and each host's
#     source; a SYN sent before it is seen has its retry);
#   - moved back while a sweep at --rate 20000 is under way: the same;
#   - the /24 sent by a rule (ip rule to 198.18.5.0/24) to a table whose
#     one route is a default over sk2: the routes alone cannot tell the
#     /24 apart, so a rule by destination turns the blocks off; every
#     port found;
#   - the sweep of the /20 asks the kernel for a route's source (a
#     connect of a raw socket) a few times, not once an address (strace,
#     where it is installed).
# Needs root, unshare -n, nsenter and raw sockets.
# watchdog: 200
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its veths, routes and the far namespace are ours)
. "$(dirname "$0")/lib.sh"
NET=198.18.0.0/20

names() {
	echo "a sweep of a /20 with a /24 routed apart: 4096 open, 61440 closed"
	echo "the window's path there: 4096 open, 4096 closed"
	echo "the /20's route moved during the window's path: 4096 open"
	echo "the /20's route moved back during a sweep: 4096 open, 61440 closed"
	echo "the /24 by a rule to another table: 4096 open, 61440 closed"
	echo "the sweep looks up a route's source a few times, not once an address"
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have nsenter ||
    ! start_far 190 ||
    ! ip link add sk0 type veth peer name sk1 netns "$FAR" 2>/dev/null ||
    ! ip link add sk2 type veth peer name sk3 netns "$FAR" 2>/dev/null ||
    "$SOCKT" portscan -sS -p 1 127.0.0.1 2>&1 | grep -q raw; then
	skip_all "needs root, raw sockets, unshare -n and nsenter"
	exit 0
fi
ip addr add 10.99.0.1/30 dev sk0
ip addr add 10.99.1.1/30 dev sk2
ip link set sk0 up
ip link set sk2 up
ip route add "$NET" via 10.99.0.2
ip route add 198.18.5.0/24 via 10.99.1.2
far ip link set lo up
far ip addr add 10.99.0.2/30 dev sk1
far ip addr add 10.99.1.2/30 dev sk3
far ip link set sk1 up
far ip link set sk3 up
far ip route add local "$NET" dev lo
# answers SYNs on every address; -sS never completes a connection
server 190 nsenter -t "$FAR" -n "$SOCKT" listen -v 0.0.0.0 8080 || exit 1

# counts: "open closed filtered" of -j's summary in $T/out
counts() {
	sed -n 's/.*"open":\([0-9]*\),"closed":\([0-9]*\),"filtered":\([0-9]*\),.*/\1 \2 \3/p' \
	    "$T/out"
}
run 60 "$SOCKT" portscan -sS -Pn -v -j -p 8080,1-15 "$NET"
is "a sweep of a /20 with a /24 routed apart: 4096 open, 61440 closed" \
    "$(counts) $(grep -c 'a stateless sweep' "$T/err")" "4096 61440 0 1"
run 60 "$SOCKT" portscan -sS -Pn -j -p 8080,1 "$NET"
is "the window's path there: 4096 open, 4096 closed" "$(counts)" \
    "4096 4096 0"

# sent: the packets sk0 and sk2 sent (this namespace's /proc/net/dev)
sent() { awk '$1 == "sk0:" || $1 == "sk2:" { n += $11 } END { print n }' \
    /proc/net/dev; }
past() { [ "$(sent)" -ge "$1" ]; }
# moved RATE PORTS VIA DEV: the /20 scanned at RATE, its route moved to
# VIA once 1,000 SYNs went; the counts and the route after into $got
moved() {
	s0=$(sent)
	BGOUT=$T/moved.out bg 60 "$SOCKT" portscan -sS -Pn -j --rate "$1" \
	    -p "$2" "$NET"
	spid=$BGPID
	wait_until 20 past $((s0 + 1000)) &&
	    ip route replace "$NET" via "$3" dev "$4"
	wait_status "$spid"
	cp "$T/moved.out" "$T/out"
	got="$(counts) $(ip route show "$NET")"
}
moved 2000 8080 10.99.1.2 sk2
is "the /20's route moved during the window's path: 4096 open" "$got" \
    "4096 0 0 $NET via 10.99.1.2 dev sk2 "
moved 20000 8080,1-15 10.99.0.2 sk0
is "the /20's route moved back during a sweep: 4096 open, 61440 closed" \
    "$got" "4096 61440 0 $NET via 10.99.0.2 dev sk0 "

ip route del 198.18.5.0/24
ip route add default via 10.99.1.2 dev sk2 table 100
ip rule add to 198.18.5.0/24 lookup 100
run 60 "$SOCKT" portscan -sS -Pn -j -p 8080,1-15 "$NET"
is "the /24 by a rule to another table: 4096 open, 61440 closed" \
    "$(counts)" "4096 61440 0"
ip rule del to 198.18.5.0/24 lookup 100
ip route add 198.18.5.0/24 via 10.99.1.2

if have strace; then
	run 60 strace -f -qq -c -e trace=connect "$SOCKT" portscan -sS -Pn \
	    -j -p 8080,1-15 "$NET"
	n=$(awk '$NF == "connect" { print $4 }' "$T/err")
	echo "# connect calls: ${n:-none}"
	check "the sweep looks up a route's source a few times, not once an address" \
	    test "${n:-0}" -ge 1 -a "${n:-0}" -le 64
else
	skip "the sweep looks up a route's source a few times, not once an address" \
	    "needs strace"
fi
done_testing
