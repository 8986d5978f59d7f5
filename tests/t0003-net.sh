#!/bin/sh
# Addresses and failures: IPv6, dual-stack listening, refused, timeouts,
# Happy Eyeballs, source address and port, UNIX-domain sockets, -z.
. "$(dirname "$0")/lib.sh"

# The default connect timeout's 10 s run out beside everything else: a
# black hole of its own (a namespace whose firewall drops SYNs to port 9)
default_timeout() {
	run 20 unshare -n sh -c 'ip link set lo up &&
	    iptables -A INPUT -p tcp --dport 9 --syn -j DROP &&
	    exec "$1" connect -zv 127.0.0.1 9' sh "$SOCKT"
	like "default connect timeout is finite (10 s)" "$rc:$err" \
	    "1:*timed out"
}
if [ "$(id -u)" = 0 ] && have iptables && unshare -n true 2>/dev/null; then
	part default_timeout
else
	skip "default connect timeout" "needs root, unshare -n and iptables"
fi

printf 'ping\n' >"$T/ping"
printf 'pong\n' >"$T/pong"

# a round trip through "sockt listen ARGS" and "sockt connect HOST PORT"
roundtrip() {	# $1: description, $2: connect host, rest: listen args
	_desc=$1 _host=$2
	shift 2
	if SIN=$T/pong SOUT=$T/rt server 10 "$SOCKT" listen -v "$@"; then
		run 10 "$SOCKT" connect "$_host" "$SPORT" <"$T/ping"
		wait_status "$SPID"
		if [ "$out" = pong ] && [ "$(cat "$T/rt")" = ping ]; then
			pass "$_desc"
		else
			fail "$_desc" "client got '$out' ($(cat "$T/err"))" \
			    "server got '$(cat "$T/rt")'"
		fi
	else
		fail "$_desc: listener did not start" "$(cat "$SLOG")"
	fi
}

roundtrip "IPv4 loopback round trip" 127.0.0.1 127.0.0.1 0
like "-v names the address and the real port" "$(head -n 1 "$SLOG")" \
    "sockt listen: listening on 127.0.0.1 port [1-9]*"
if have_ipv6; then
	roundtrip "IPv6 loopback round trip" ::1 ::1 0
	roundtrip "dual-stack listener reached over IPv4" 127.0.0.1 0
	like "dual-stack listener shows the IPv4 peer as IPv4" "$(cat "$SLOG")" \
	    "*connection from 127.0.0.1 port *"
	roundtrip "dual-stack listener reached over IPv6" ::1 0
	roundtrip "[::1]:PORT form" "[::1]" ::1 0
	SIN=/dev/null server 10 "$SOCKT" listen -v -4 0 && {
		like "-4 listens on 0.0.0.0" "$(head -n 1 "$SLOG")" "*listening on 0.0.0.0 port *"
		run 5 "$SOCKT" connect -w 1 ::1 "$SPORT"
		is "-4 listener is not reachable over IPv6" "$rc" 1
		kill "$SPID"
		wait "$SPID" 2>/dev/null
	}
else
	for d in "IPv6 loopback round trip" "dual-stack over IPv4" "dual-stack over IPv6"; do
		skip "$d" "no IPv6 loopback"
	done
fi

# a port that was open a moment ago and is closed now
SIN=/dev/null server 10 "$SOCKT" listen -v 127.0.0.1 0
closed=$SPORT
kill "$SPID"
wait "$SPID" 2>/dev/null
run 10 "$SOCKT" connect 127.0.0.1 "$closed"
is "refused: exit 1" "$rc" 1
is "refused: message" "$err" "sockt connect: 127.0.0.1 port $closed: Connection refused"
run 10 "$SOCKT" connect -z 127.0.0.1 "$closed"
is "-z on a closed port: exit 1" "$rc" 1
if have_ipv6; then
	run 10 "$SOCKT" connect ::1 "$closed"
	is "refused over IPv6: message" "$err" "sockt connect: ::1 port $closed: Connection refused"
fi

# -z on an open port: connects, sends nothing, exit 0
if SOUT=$T/zout server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 "$SOCKT" connect -z -v 127.0.0.1 "$SPORT" <"$T/ping"
	is "-z on an open port: exit 0" "$rc" 0
	like "-z -v says connected" "$err" "sockt connect: connected to 127.0.0.1 port $SPORT"
	wait "$SPID"
	is "-z sends nothing" "$(wc -c <"$T/zout" | tr -d ' ')" 0
fi

# -s and -p: the listener sees the source we asked for
SIN=/dev/null server 10 "$SOCKT" listen -v 127.0.0.1 0
srcport=$SPORT
kill "$SPID"
wait "$SPID" 2>/dev/null
if SIN=/dev/null server 10 "$SOCKT" listen -v 127.0.0.1 0; then
	run 10 "$SOCKT" connect -s 127.0.0.1 -p "$srcport" 127.0.0.1 "$SPORT" </dev/null
	wait "$SPID"
	like "-s/-p: the peer sees our source address and port" "$(cat "$SLOG")" \
	    "*connection from 127.0.0.1 port $srcport*"
fi
run 10 "$SOCKT" connect -s 192.0.2.1 127.0.0.1 "$closed"
is "-s with an address we do not have: exit 1" "$rc" 1
like "-s failure names the source" "$err" "sockt connect: source 192.0.2.1 port 0: *"

# UNIX-domain sockets, including a stale socket file left behind
sock=$T/s.sock
if SIN=$T/pong SOUT=$T/ux server 10 "$SOCKT" listen -v -U "$sock"; then
	is "-U listener announces its path" "$SPORT" "$sock"
	run 10 "$SOCKT" connect -U "$sock" <"$T/ping"
	wait_status "$SPID"
	is "UNIX socket round trip: client got the reply" "$out" "pong"
	is "UNIX socket round trip: listener got the data" "$(cat "$T/ux")" "ping"
	is "UNIX socket round trip: listener exit 0" "$rc" 0
	if [ -e "$sock" ]; then fail "listener removes its socket file"; else pass "listener removes its socket file"; fi
fi
if have python3; then
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$sock"
	if SIN=$T/pong server 10 "$SOCKT" listen -v -U "$sock"; then
		run 10 "$SOCKT" connect -U "$sock" </dev/null
		is "a stale socket file is replaced" "$out" "pong"
		wait "$SPID"
	else
		fail "a stale socket file is replaced" "$(cat "$SLOG")"
	fi
else
	skip "a stale socket file is replaced" "python3 not installed"
fi
run 10 "$SOCKT" connect -U "$T/nonexistent.sock"
is "-U to a missing path: exit 1" "$rc" 1
is "-U to a missing path: message" "$err" "sockt connect: $T/nonexistent.sock: No such file or directory"

# listen -w: nobody comes
run 10 "$SOCKT" listen -w 0.3 127.0.0.1 0
is "listen -w: exit 1 when nobody connects" "$rc" 1
is "listen -w: message" "$err" "sockt listen: no connection within 0.300 s"

# Timeouts and Happy Eyeballs need a black hole: a network namespace of
# our own whose firewall drops SYNs.  Root and ip(8) with iptables only.
ns=sockt-t$$
nsok=0
if [ "$(id -u)" = 0 ] && have ip && have iptables && ip netns add "$ns" 2>/dev/null; then
	nsok=1
	_nscleanup() { ip netns del "$ns" 2>/dev/null; rm -rf "/etc/netns/$ns"; }
	ip netns exec "$ns" ip link set lo up &&
	    ip netns exec "$ns" iptables -A INPUT -p tcp --dport 9 --syn -j DROP || nsok=0
fi
if [ $nsok = 1 ]; then
	# The wall clock holds the start of ip(8) and sockt too, which two
	# busy loops beside JOBS=4 can stretch past a second: the bounds
	# prove the limit that ended the wait (at least -w's 1 s, and far
	# from the 10 s default), not how fast processes start.
	timed 10 ip netns exec "$ns" "$SOCKT" connect -w 1 127.0.0.1 9
	is "black-holed port: exit 1" "$rc" 1
	is "black-holed port: message" "$err" "sockt connect: 127.0.0.1 port 9: $(errtext ETIMEDOUT)"
	check "black-holed port: gave up after -w 1 ($el ms)" within 900 6000 "$el"

	# Happy Eyeballs: a name with a black-holed IPv6 address and a
	# working IPv4 one must connect in about 250 ms, not time out.
	if have ip6tables && have_ipv6 && mkdir -p "/etc/netns/$ns" &&
	    printf '::1 both.sockt.test\n127.0.0.1 both.sockt.test\n' \
	    >"/etc/netns/$ns/hosts" &&
	    ip netns exec "$ns" ip6tables -A INPUT -p tcp --syn -j DROP; then
		SIN=$T/pong server 10 ip netns exec "$ns" "$SOCKT" listen -v 127.0.0.1 0
		timed 10 ip netns exec "$ns" "$SOCKT" connect both.sockt.test "$SPORT" <"$T/ping"
		wait "$SPID"
		is "Happy Eyeballs: falls over to IPv4" "$rc:$out" "0:pong"
		check "Happy Eyeballs: IPv4 started after the 250 ms delay ($el ms)" \
		    within 200 6000 "$el"
	else
		skip "Happy Eyeballs: falls over to IPv4" "no ip6tables or IPv6"
		skip "Happy Eyeballs: delay" "no ip6tables or IPv6"
	fi
	_nscleanup
else
	for d in "black-holed port: exit 1" "black-holed port: message" \
	    "black-holed port: gave up after -w 1" \
	    "Happy Eyeballs: falls over to IPv4" "Happy Eyeballs: delay"; do
		skip "$d" "needs root and ip netns with iptables"
	done
fi

parts_done
done_testing
