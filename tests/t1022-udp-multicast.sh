#!/bin/sh
# t1022: multicast and broadcast.  udp-serve --join (IPv4 and IPv6,
# any-source and source-specific, in every mode), listen -u --join, udp-send --ttl,
# --multicast-if, --multicast-loop and -b, against socat and python3
# peers (tests/mcast_peer.py).  Every datagram stays in a network
# namespace of the script's own: lo with routes for 224.0.0.0/4,
# ff00::/8 and 255.255.255.255 and a second IPv6 address for the
# source-specific joins, and a veth pair whose far end is down, for what
# lo cannot show: a datagram not looped back (lo hands every datagram
# back anyway) and the choice between two interfaces.  A datagram that
# must not arrive is followed by a marker that must, from the next
# sender: what the receiver shows once the marker is in is final.
. "$(dirname "$0")/lib.sh"

if [ -z "${T1022_INSIDE:-}" ]; then
	U="unshare -n"
	[ "$(id -u)" = 0 ] || U="unshare -rn"
	if ! have unshare || ! have ip || ! have python3 ||
	    ! $U true 2>/dev/null; then
		skip "multicast and broadcast in a namespace" \
		    "needs unshare, ip and python3"
		done_testing
		exit 0
	fi
	rm -rf "$T"
	T1022_INSIDE=1 exec $U sh "$0"
fi

if ! ip link set lo up || ! ip link set lo multicast on; then
	fail "lo up, with multicast"
	done_testing
	exit
fi
PEER=$(dirname "$0")/mcast_peer.py

# usage USAGE_DESC WANT_FIRST_LINE CMD...: a usage error, exit 2
usage() {
	_d=$1 _w=$2
	shift 2
	run 5 "$@"
	is "$_d" "$rc:$(printf '%s\n' "$err" | head -n 1)" "2:$_w"
}
usage "--join of a unicast address" \
    "sockt udp-serve: --join: group 10.0.0.1: not a multicast address (224.0.0.0/4)" \
    "$SOCKT" udp-serve --join 10.0.0.1 0
usage "--join of an IPv4 group with -6" \
    "sockt udp-serve: --join 239.1.2.3: an IPv4 group, but -6 was given" \
    "$SOCKT" udp-serve -6 --join 239.1.2.3 0
usage "--join of an IPv6 group with -4" \
    "sockt udp-serve: --join ff15::1: an IPv6 group, but -4 was given" \
    "$SOCKT" udp-serve -4 --join ff15::1 0
usage "--join while listening on a unicast address" \
    "sockt udp-serve: --join 239.1.2.3: the address listened on, 127.0.0.1, takes no datagram sent to the group (give no address, or the group's)" \
    "$SOCKT" udp-serve --join 239.1.2.3 127.0.0.1 0
usage "--join of an IPv6 group on an IPv4 address listened on" \
    "sockt udp-serve: --join ff15::1: an IPv6 group, but the address listened on, 0.0.0.0, is IPv4" \
    "$SOCKT" udp-serve --join ff15::1 0.0.0.0 0
usage "--join: an IPv6 group's interface by address" \
    "sockt udp-serve: --join: interface 127.0.0.1: an IPv6 group's interface is a name or an index" \
    "$SOCKT" udp-serve --join ff15::1@127.0.0.1 0
usage "--join: a source of the other family" \
    "sockt udp-serve: --join: source 127.0.0.1: an IPv4 address for an IPv6 group" \
    "$SOCKT" udp-serve --join '127.0.0.1>ff15::1' 0
usage "listen --join without -u" \
    "sockt listen: --join needs -u" \
    "$SOCKT" listen --join 239.1.2.3 0
usage "listen -u --join of a unicast address" \
    "sockt listen: --join: group 10.0.0.1: not a multicast address (224.0.0.0/4)" \
    "$SOCKT" listen -u --join 10.0.0.1 0
usage "udp-send --ttl 256" \
    "sockt udp-send: --ttl 256: too large (0-255)" \
    "$SOCKT" udp-send -N --ttl 256 239.1.2.3 9 x
usage "udp-send --multicast-loop maybe" \
    "sockt udp-send: --multicast-loop maybe: on or off" \
    "$SOCKT" udp-send -N --multicast-loop maybe 239.1.2.3 9 x
usage "udp-send --multicast-if of an IPv4 address to an IPv6 group" \
    "sockt udp-send: --multicast-if 127.0.0.1: an IPv4 address, for an IPv6 destination; give the interface's name or index" \
    "$SOCKT" udp-send -N --multicast-if 127.0.0.1 ff15::1 9 x

# no route to any group yet: the kernel's refusal, exit 1
run 5 "$SOCKT" udp-serve --join 239.1.2.3 0
is "a join the kernel refuses (no multicast route): exit 1, its reason" \
    "$rc:$err" "1:sockt udp-serve: join 239.1.2.3: No such device"

if ! ip route add 224.0.0.0/4 dev lo src 127.0.0.1 ||
    ! ip route add 255.255.255.255/32 dev lo src 127.0.0.1 ||
    ! ip -6 route add local ff00::/8 dev lo table local ||
    ! ip -6 addr add fd00:5eed::2/128 dev lo; then
	fail "the namespace's multicast and broadcast routes"
	done_testing
	exit
fi
run 5 "$SOCKT" udp-serve --join 239.1.2.3@10.9.9.9 0
is "a join on an interface address no interface has: exit 1" \
    "$rc:$err" "1:sockt udp-serve: join 239.1.2.3@10.9.9.9: No such device"
run 5 "$SOCKT" udp-serve --join ff15::1@nosuch0 0
is "a join on an interface name no interface has: exit 1" \
    "$rc:$err" "1:sockt udp-serve: join ff15::1@nosuch0: No such device"

# two listeners on one port, each joined to a group of its own: socat
# sends to the first group, then the marker to the second.  IPv4
# sockets (-4): Linux gives them every group some socket of the host
# joined (IP_MULTICAST_ALL) unless told otherwise, where it does not
# give a dual-stack socket IPv4 groups it did not join itself
SOUT=$T/a.out server 30 "$SOCKT" udp-serve -4 -v --print --join 239.1.2.3 0 ||
    exit 1
P=$SPORT ALOG=$SLOG
SOUT=$T/b.out server 30 "$SOCKT" udp-serve -4 -v --print --join 239.1.2.4 \
    "$P" || exit 1
if have socat; then
	printf 'one\n' | run 5 socat -u - "UDP4-DATAGRAM:239.1.2.3:$P"
	printf 'marker\n' | run 5 socat -u - "UDP4-DATAGRAM:239.1.2.4:$P"
else
	pyrun 5 "$PEER" send 127.0.0.1 239.1.2.3 "$P" 'one
'
	pyrun 5 "$PEER" send 127.0.0.1 239.1.2.4 "$P" 'marker
'
fi
wait_until 5 grep -q marker "$T/b.out"
wait_until 5 grep -q one "$T/a.out"
is "joined: the datagram to the group arrives (socat UDP4-DATAGRAM)" \
    "$(cat "$T/a.out")" "one"
is "joined to another group on the same port: only the marker" \
    "$(cat "$T/b.out")" "marker"
like "-v says the join, before listening" "$(cat "$ALOG")" \
    "*joined 239.1.2.3
*listening on 0.0.0.0 port $P*datagram from 127.0.0.1 port *, 4 bytes*"

# every mode: --echo, --hello, --to, -c
server 30 "$SOCKT" udp-serve -v --echo --join 239.1.2.5 0 || exit 1
pyrun 10 "$PEER" ask 127.0.0.1 239.1.2.5 "$SPORT" ping
is "--echo --join: the group's datagram echoed to its sender" "$out" \
    "127.0.0.1 ping"
server 30 "$SOCKT" udp-serve -v --join 239.1.2.5 0 || exit 1
pyrun 10 "$PEER" ask 127.0.0.1 239.1.2.5 "$SPORT" Bob
is "--hello --join: the group's datagram answered" "$out" \
    "127.0.0.1 Hello, Bob!"
server 30 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || exit 1
server 30 "$SOCKT" udp-serve -v --join 239.1.2.6 0 --to "127.0.0.1:$SPORT" ||
    exit 1
pyrun 10 "$PEER" ask 127.0.0.1 239.1.2.6 "$SPORT" forwarded
is "--to --join: the group's datagram forwarded and the reply back" "$out" \
    "127.0.0.1 forwarded"
SOUT=$T/c.out server 10 "$SOCKT" udp-serve --print -c 2 --join 239.1.2.7 \
    -v 0 || exit 1
pyrun 5 "$PEER" send 127.0.0.1 239.1.2.7 "$SPORT" first second
wait_status "$SPID"
is "--print -c 2 --join: two of the group's datagrams, then exit 0" \
    "$rc:$(cat "$T/c.out")" "0:firstsecond"

# listen -u --join: the group's first sender is the one peer, answered
# from stdin over the connected socket, as nc -lu would after a join
printf 'back' >"$T/back"
SIN=$T/back SOUT=$T/lu.out server 30 "$SOCKT" listen -u -v \
    --join 239.1.2.10 0 || exit 1
LULOG=$SLOG
pyrun 10 "$PEER" ask 127.0.0.1 239.1.2.10 "$SPORT" hi
is "listen -u --join: the group's sender is the peer, stdin its answer" \
    "$out" "127.0.0.1 back"
wait_status "$SPID"
is "listen -u --join: the datagram on stdout, exit 0 after -q" \
    "$rc:$(cat "$T/lu.out")" "0:hi"
like "listen -u -v says the join" "$(cat "$LULOG")" "*joined 239.1.2.10*"

# IPv6: sockt udp-send and python3 send to ff15::1, the marker to ff15::2
SOUT=$T/v6a.out server 30 "$SOCKT" udp-serve -v --print --join ff15::1@lo 0 ||
    exit 1
P6=$SPORT
SOUT=$T/v6b.out server 30 "$SOCKT" udp-serve -v --print --join '[ff15::2]@1' \
    "$P6" || exit 1
pyrun 5 "$PEER" send ::1 ff15::1 "$P6" six
run 5 "$SOCKT" udp-send -N --multicast-if lo ff15::1 "$P6" seven
is "udp-send --multicast-if lo to an IPv6 group: exit 0" "$rc:$err" "0:"
pyrun 5 "$PEER" send ::1 ff15::2 "$P6" marker
wait_until 5 grep -q marker "$T/v6b.out"
wait_until 5 grep -q seven "$T/v6a.out"
like "IPv6 group joined on lo by name: python3's datagram" \
    "$(cat "$T/v6a.out")" "*six*"
like "IPv6 group joined on lo by name: udp-send's datagram" \
    "$(cat "$T/v6a.out")" "*seven*"
is "IPv6 group joined on lo by index, same port: only the marker" \
    "$(cat "$T/v6b.out")" "marker"

# source-specific: the other source first, then the named one
SOUT=$T/s4.out server 30 "$SOCKT" udp-serve -v --print \
    --join '127.0.0.2>232.1.1.1@lo' 0 || exit 1
S4LOG=$SLOG
pyrun 5 "$PEER" send 127.0.0.1 232.1.1.1 "$SPORT" other
pyrun 5 "$PEER" send 127.0.0.2 232.1.1.1 "$SPORT" named
wait_until 5 grep -q named "$T/s4.out"
is "source-specific IPv4 join: the named source only" "$(cat "$T/s4.out")" \
    "named"
like "-v names the source" "$(cat "$S4LOG")" "*joined 127.0.0.2>232.1.1.1@lo*"
SOUT=$T/s6.out server 30 "$SOCKT" udp-serve -v --print \
    --join '[fd00:5eed::2]>[ff35::9]@lo' 0 || exit 1
pyrun 5 "$PEER" send ::1 ff35::9 "$SPORT" other
pyrun 5 "$PEER" send fd00:5eed::2 ff35::9 "$SPORT" named
wait_until 5 grep -q named "$T/s6.out"
is "source-specific IPv6 join: the named source only" "$(cat "$T/s6.out")" \
    "named"

# udp-send to socat's UDP4-RECV,ip-add-membership
if have socat; then
	SP=$(freeport)
	BGOUT=$T/socat.out BGERR=$T/socat.err bg 30 socat -d -d -u \
	    "UDP4-RECV:$SP,ip-add-membership=239.1.2.8:127.0.0.1" -
	if wait_until 10 grep -q "starting data transfer loop" \
	    "$T/socat.err"; then
		run 5 "$SOCKT" udp-send -N 239.1.2.8 "$SP" hello
		wait_until 5 grep -q hello "$T/socat.out"
		is "socat UDP4-RECV,ip-add-membership gets udp-send's datagram" \
		    "$rc:$(cat "$T/socat.out")" "0:hello"
	else
		fail "socat UDP4-RECV,ip-add-membership starts" \
		    "$(cat "$T/socat.err")"
	fi
else
	skip "socat UDP4-RECV,ip-add-membership gets udp-send's datagram" \
	    "no socat"
fi

# --ttl: the TTL and hop limit the receiver reads (IP_RECVTTL,
# IPV6_RECVHOPLIMIT), to a group and to a unicast address
SOUT=$T/ttl4 server 30 python3 "$PEER" recv 0.0.0.0 0 239.1.2.9@127.0.0.1 ||
    exit 1
TPID=$SPID
for a in "--ttl 7 239.1.2.9 g7" "239.1.2.9 g1" "--ttl 9 127.0.0.1 u9" \
    "127.0.0.1 u64" "127.0.0.1 end"; do
	# shellcheck disable=SC2086	# the words of a
	run 5 "$SOCKT" udp-send -N ${a% *} "$SPORT" "${a##* }"
done
wait_status "$TPID"
is "--ttl: a group's TTL (default 1), a unicast TTL (default 64)" \
    "$(sort "$T/ttl4" | tr '\n' ' ')" "1 g1 64 end 64 u64 7 g7 9 u9 "
SOUT=$T/ttl6 server 30 python3 "$PEER" recv :: 0 ff15::3@1 || exit 1
TPID=$SPID
for a in "--ttl 5 ff15::3 g5" "ff15::3 g1" "--ttl 33 ::1 u33" "::1 end"; do
	# shellcheck disable=SC2086	# the words of a
	run 5 "$SOCKT" udp-send -N --multicast-if lo ${a% *} "$SPORT" "${a##* }"
done
wait_status "$TPID"
is "--ttl: IPv6 hop limits, a group's and a unicast one" \
    "$(sort "$T/ttl6" | tr '\n' ' ')" "1 g1 33 u33 5 g5 64 end "
run 5 "$SOCKT" udp-send -N --ttl 0 127.0.0.1 9 x
is "--ttl 0 to a unicast address: exit 1" "$rc:$err" \
    "1:sockt udp-send: TTL 0: only for a multicast group"

# broadcast: refused without -b, with the hint; -b sends
SOUT=$T/bc.out server 30 "$SOCKT" udp-serve -v -4 --print 0 || exit 1
BP=$SPORT
run 5 "$SOCKT" udp-send -N 127.255.255.255 "$BP" nob
is "a broadcast address without -b: exit 1, use -b" "$rc:$err" \
    "1:sockt udp-send: 127.255.255.255 port $BP: Permission denied (use -b to send to a broadcast address)"
run 5 "$SOCKT" udp-send -N -b 127.255.255.255 "$BP" directed
is "-b to lo's broadcast address: exit 0" "$rc:$err" "0:"
run 5 "$SOCKT" udp-send -N --broadcast 255.255.255.255 "$BP" limited
wait_until 5 grep -q limited "$T/bc.out"
like "-b: the directed broadcast arrives" "$(cat "$T/bc.out")" "*directed*"
like "--broadcast: the limited broadcast arrives" "$(cat "$T/bc.out")" \
    "*limited*"
like "and nothing without -b" "$(cat "$T/bc.out")" "directed*"

# a second interface: v0, whose peer v1 is down, so a datagram sent on
# it reaches this host's members only by the loop back
if ip link add v0 type veth peer name v1 2>/dev/null &&
    ip link set v0 up && ip link set v1 up &&
    ip addr add 10.200.0.1/24 dev v0 && ip link set v1 down; then
	SOUT=$T/loop server 30 python3 "$PEER" recv 0.0.0.0 0 \
	    239.1.3.1@10.200.0.1 || exit 1
	TPID=$SPID
	run 5 "$SOCKT" udp-send -N --multicast-if 10.200.0.1 \
	    --multicast-loop off 239.1.3.1 "$SPORT" off
	run 5 "$SOCKT" udp-send -N --multicast-if v0 239.1.3.1 "$SPORT" \
	    default
	run 5 "$SOCKT" udp-send -N --multicast-if v0 --multicast-loop on \
	    239.1.3.1 "$SPORT" end
	wait_status "$TPID"
	is "--multicast-loop off: this host's member gets nothing (on: the default)" \
	    "$(cat "$T/loop" | tr '\n' ' ')" "1 default 1 end "
	# one group joined on v0 (by address) and on lo (by name) by two
	# listeners on one port: --multicast-if picks v0, the route lo
	SOUT=$T/ifv0 server 30 "$SOCKT" udp-serve -v --print \
	    --join 239.1.3.2@10.200.0.1 0 || exit 1
	IP=$SPORT
	SOUT=$T/iflo server 30 "$SOCKT" udp-serve -4 -v --print \
	    --join 239.1.3.2@lo "$IP" || exit 1
	run 5 "$SOCKT" udp-send -N --multicast-if v0 239.1.3.2 "$IP" via-v0
	run 5 "$SOCKT" udp-send -N 239.1.3.2 "$IP" via-lo
	wait_until 5 grep -q via-lo "$T/iflo"
	wait_until 5 grep -q via-v0 "$T/ifv0"
	is "--multicast-if v0: the member on v0 gets it" "$(cat "$T/ifv0")" \
	    "via-v0"
	is "without it, the route's lo: the member on lo, and only that" \
	    "$(cat "$T/iflo")" "via-lo"
else
	for d in "--multicast-loop off" "--multicast-if v0" \
	    "--multicast-if: only that interface"; do
		skip "$d" "no veth pair in the namespace"
	done
fi

done_testing
