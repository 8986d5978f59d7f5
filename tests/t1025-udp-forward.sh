#!/bin/sh
# udp-serve --to: the UDP forwarder.  Each client gets its own replies and
# no other's, datagrams of 0 and 65,507 bytes keep their boundaries both
# ways, dig and a DNS-like target through it, IPv6 clients, 1,000
# sessions ended by -i, -m closing the idlest, --allow/--deny and
# --max-per-peer, a target that refuses (ICMP) and comes back, SIGTERM,
# the usage errors; and beside socat's UDP-LISTEN,fork forwarder.
# Every packet goes to 127.0.0.1 or ::1: 192.0.2.1 is only the A record
# the DNS-like target (udp_fwd_peer.py) puts in its answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
PEER=$(dirname "$0")/udp_fwd_peer.py
CLIENT=$(dirname "$0")/udp_fwd_client.py

if ! have python3; then
	skip "the UDP forwarder's tests" "no python3"
	done_testing
	exit
fi

# count PATTERN FILE: lines of FILE with PATTERN
count() { grep -c -- "$1" "$2" 2>/dev/null; }
# at_least N PATTERN FILE: FILE has N lines with PATTERN or more
at_least() { [ "$(count "$2" "$3")" -ge "$1" ]; }

server 120 python3 "$PEER" echo 127.0.0.1 || fail "the echo target starts"
ECHO=$SPORT

# the forwarder with its -v log; FWD its port, FLOG the log, FPID
fwd() {
	server 120 "$SOCKT" udp-serve -v "$@" || return 1
	FWD=$SPORT FLOG=$SLOG FPID=$SPID
}

fwd 0 --to "127.0.0.1:$ECHO" || fail "udp-serve --to starts"
wait_until 10 at_least 1 "forwarding to" "$FLOG"
like "-v names the target" "$(cat "$FLOG")" "*forwarding to 127.0.0.1 port $ECHO*"
run 10 "$SOCKT" udp-send 127.0.0.1 "$FWD" one two
is "udp-send through the forwarder: both replies" "$out" "one
two"
pyrun 30 "$CLIENT" own 127.0.0.1 "$FWD" 8 50
is "8 client ports, 50 datagrams each: each gets only its own back" \
    "$out" "8 clients, 50 datagrams each: each got its own back"
pyrun 30 "$CLIENT" sizes 127.0.0.1 "$FWD"
is "0, 1, 65,507 and 0 bytes: the same datagrams back" "$out" "0 bytes: 0 back, the same
1 bytes: 1 back, the same
65507 bytes: 65507 back, the same
0 bytes: 0 back, the same"
if have_ipv6; then
	run 10 "$SOCKT" udp-send ::1 "$FWD" six
	is "dual-stack: an IPv6 client forwarded to an IPv4 target" "$out" "six"
	# 65,527 bytes, IPv6's largest, cannot go on to an IPv4 target
	pyrun 30 "$CLIENT" sizes ::1 "$FWD" 0 65527 1
	is "IPv6 client: 0 bytes back; 65,527 too big for IPv4, said; 1 byte back" \
	    "$out" "0 bytes: 0 back, the same
65527 bytes: no reply
1 bytes: 1 back, the same"
	wait_until 10 at_least 1 "$(errtext EMSGSIZE)" "$FLOG"
	like "a datagram too big for the target: said without -v too" \
	    "$(cat "$FLOG")" "*datagram of ::1 port * lost: $(errtext EMSGSIZE)*"
else
	skip "dual-stack: an IPv6 client forwarded to an IPv4 target" "no IPv6"
	skip "IPv6 client: 0 bytes" "no IPv6"
	skip "a datagram too big for the target: said" "no IPv6"
fi
wait_until 10 at_least 1 opened "$FLOG"
like "-v: a session opened per client" "$(cat "$FLOG")" \
    "*session for 127.0.0.1 port * opened*"
kill -TERM "$FPID"
wait_status "$FPID"
is "SIGTERM: exit 0" "$rc" 0

# an IPv6 target, from an IPv4 client
if have_ipv6; then
	server 60 python3 "$PEER" echo ::1 || fail "the IPv6 echo target starts"
	fwd -i 5 127.0.0.1 0 --to "[::1]:$SPORT" || fail "--to [::1]:port"
	pyrun 30 "$CLIENT" sizes 127.0.0.1 "$FWD" 0 65507
	is "IPv4 client, IPv6 target: 0 and 65,507 bytes" "$out" "0 bytes: 0 back, the same
65507 bytes: 65507 back, the same"
	kill -TERM "$FPID"
else
	skip "IPv4 client, IPv6 target" "no IPv6"
fi

# dig and a DNS-like target
server 60 python3 "$PEER" dns 127.0.0.1 || fail "the DNS target starts"
fwd 127.0.0.1 0 --to "127.0.0.1:$SPORT" || fail "the DNS forwarder starts"
if have dig; then
	run 20 dig +short +tries=2 +time=3 @127.0.0.1 -p "$FWD" example.org A
	is "dig through the forwarder" "$out" "192.0.2.1"
	run 20 dig +tries=2 +time=3 @127.0.0.1 -p "$FWD" www.example.org A
	like "dig: the answer names the question, status NOERROR" "$out" \
	    "*status: NOERROR*www.example.org.*60*IN*A*192.0.2.1*"
else
	skip "dig through the forwarder" "no dig"
	skip "dig: the answer names the question" "no dig"
fi
kill -INT "$FPID"
wait_status "$FPID"
is "SIGINT: exit 0" "$rc" 0

# 1,000 sessions, each ended by -i 1: every one opened, every one closed,
# none other; the forwarder then holds none
fwd -i 1 127.0.0.1 0 --to "127.0.0.1:$ECHO" || fail "-i 1 starts"
pyrun 90 "$CLIENT" sessions 127.0.0.1 "$FWD" 1000
is "1,000 client ports: 1,000 replies" "$out" "1000 sessions: 1000 replies"
wait_until 60 at_least 1000 "closed: idle" "$FLOG"
is "-i 1: 1,000 sessions opened" "$(count "opened" "$FLOG")" 1000
is "-i 1: all 1,000 closed when idle" "$(count "closed: idle" "$FLOG")" 1000
# the sockets went too (a closed session's is held a second, so a late
# reply cannot reach a new session given its port): only the listener
# is left
nsocks() { ls -l "/proc/$FPID/fd" 2>/dev/null | grep -c socket; }
one_sock() { [ "$(nsocks)" -eq 1 ]; }
wait_until 10 one_sock
is "after expiry the forwarder holds one socket, the listener" "$(nsocks)" 1
run 10 "$SOCKT" udp-send 127.0.0.1 "$FWD" again
is "a client after the expiry gets a new session" "$out" "again"
kill -TERM "$FPID"

# -m 2: A, B, A, then C: B is the idlest and goes, A stays
fwd -m 2 127.0.0.1 0 --to "127.0.0.1:$ECHO" || fail "-m 2 starts"
pyrun 30 "$CLIENT" evict 127.0.0.1 "$FWD"
is "-m 2: every client answered, A and C still after C came" "$rc" 0
pb=$(printf '%s\n' "$out" | sed -n 's/.* B \([0-9]*\) .*/\1/p')
pa=$(printf '%s\n' "$out" | sed -n 's/.* A \([0-9]*\) .*/\1/p')
wait_until 10 at_least 1 "port $pb closed" "$FLOG"
like "-m 2: B, the idlest, closed for C" "$(cat "$FLOG")" \
    "*session for 127.0.0.1 port $pb closed: the idlest of 2, for a new client*"
is "-m 2: A, active since, kept" "$(count "port $pa closed" "$FLOG")" 0
# 8 clients at once through 2 sessions: most datagrams are dropped as
# sessions close under a batch, but none may reach another client
pyrun 20 "$CLIENT" storm 127.0.0.1 "$FWD" 8 20
like "-m 2, 8 clients at once: no reply reaches another client" "$out" \
    "* 0 of another client"
kill -TERM "$FPID"

# --deny, --allow: a refused client's datagrams are dropped
fwd --deny 127.0.0.2 0 --to "127.0.0.1:$ECHO" || fail "--deny starts"
pyrun 10 "$CLIENT" from 127.0.0.1 "$FWD" 127.0.0.2
is "--deny 127.0.0.2: no reply to it" "$out" "no reply"
pyrun 10 "$CLIENT" from 127.0.0.1 "$FWD" 127.0.0.1
is "--deny 127.0.0.2: 127.0.0.1 answered" "$out" "reply"
wait_until 10 at_least 1 "access list" "$FLOG"
like "--deny: said with -v" "$(cat "$FLOG")" \
    "*datagram from 127.0.0.2 port * refused by the access list*"
kill -TERM "$FPID"
fwd --allow 127.0.0.0/30 --deny 127.0.0.1 0 --to "127.0.0.1:$ECHO" ||
    fail "--allow starts"
pyrun 10 "$CLIENT" from 127.0.0.1 "$FWD" 127.0.0.2
is "--allow 127.0.0.0/30: 127.0.0.2 answered" "$out" "reply"
pyrun 10 "$CLIENT" from 127.0.0.1 "$FWD" 127.0.0.1
is "--deny wins over --allow" "$out" "no reply"
pyrun 10 "$CLIENT" from 127.0.0.1 "$FWD" 127.0.0.5
is "--allow: outside the list, no reply" "$out" "no reply"
kill -TERM "$FPID"

# --max-per-peer 2: a third port of the same address is refused
fwd --max-per-peer 2 127.0.0.1 0 --to "127.0.0.1:$ECHO" ||
    fail "--max-per-peer starts"
pyrun 20 "$CLIENT" hold 127.0.0.1 "$FWD" 3
is "--max-per-peer 2: two of three ports answered" "$out" "2 of 3 answered"
wait_until 10 at_least 1 "sessions from this" "$FLOG"
like "--max-per-peer: said with -v" "$(cat "$FLOG")" \
    "*refused: 2 sessions from this address already*"
kill -TERM "$FPID"

# a target that refuses (ICMP port unreachable), then comes back
server 60 python3 "$PEER" refuse 127.0.0.1 || fail "the refusing target starts"
RPID=$SPID RLOG=$SLOG RPORT=$SPORT
fwd 127.0.0.1 0 --to "127.0.0.1:$RPORT" || fail "the forwarder to it starts"
run 10 "$SOCKT" udp-send -w 1 127.0.0.1 "$FWD" lost
is "a refused datagram: no reply" "$out" ""
wait_until 10 at_least 1 "Connection refused" "$FLOG"
like "-v says the target refused" "$(cat "$FLOG")" \
    "*session for 127.0.0.1 port *: 127.0.0.1 port $RPORT: Connection refused*"
check "the forwarder lives on" alive "$FPID"
kill -USR1 "$RPID"
wait_until 10 at_least 1 echoing "$RLOG"
run 10 "$SOCKT" udp-send 127.0.0.1 "$FWD" back
is "the target back: forwarded again" "$out" "back"
kill -TERM "$FPID"
wait_status "$FPID"
is "after the refusals, SIGTERM: exit 0" "$rc" 0

# the usage
run 5 "$SOCKT" udp-serve -i 3 0
is "-i without --to: a usage error" "$rc:$err" "2:sockt udp-serve: -i: only with --to or --tls
sockt udp-serve: try 'sockt help udp-serve' for more information"
run 5 "$SOCKT" udp-serve -m 5 0
like "-m without --to: a usage error" "$rc:$err" "2:*-m: only with --to*"
run 5 "$SOCKT" udp-serve --max-per-peer 5 0
like "--max-per-peer without --to: a usage error" "$rc:$err" \
    "2:*--max-per-peer: only with --to*"
run 5 "$SOCKT" udp-serve --echo 0 --to 127.0.0.1:9
like "--to with --echo: a usage error" "$rc:$err" "2:*--to and --echo exclude each other*"
run 5 "$SOCKT" udp-serve -m 0 0 --to 127.0.0.1:9
like "-m 0: max sessions, too small" "$rc:$err" "2:*max sessions 0: too small (1-100000)*"
run 5 "$SOCKT" udp-serve -i 0 0 --to 127.0.0.1:9
like "-i 0: refused" "$rc:$err" "2:*idle timeout 0*"
LP=$(freeport)
run 5 "$SOCKT" udp-serve 127.0.0.1 "$LP" --to "localhost:$LP"
like "a target that is the listener itself: refused, exit 1" "$rc:$err" \
    "1:sockt udp-serve: --to * port $LP: the listening socket itself"
run 5 "$SOCKT" udp-serve 0 --to nohost
like "--to without a port: a usage error" "$rc:$err" "2:*--to nohost:*"

# --allow and --deny serve udp-serve's other modes too
server 30 "$SOCKT" udp-serve -v --echo --deny 127.0.0.2 0 ||
    fail "--echo --deny starts"
pyrun 10 "$CLIENT" from 127.0.0.1 "$SPORT" 127.0.0.2
is "--echo --deny 127.0.0.2: no reply to it" "$out" "no reply"
pyrun 10 "$CLIENT" from 127.0.0.1 "$SPORT" 127.0.0.1
is "--echo --deny 127.0.0.2: others answered" "$out" "reply"
kill -TERM "$SPID"

# beside socat's UDP-LISTEN,fork: the same replies, one client at a time.
# Not 0 bytes (socat drops an empty datagram) nor clients at once
# (socat's fork hands a datagram to whichever child gets it first, so
# clients get each other's replies: see the bench).
if have socat; then
	SP=$(freeport)
	# -T 10: a child socat forks per client ends when idle, and is
	# ended below in any case (it outlives the parent otherwise)
	bg 60 socat -T 10 -b 65536 "UDP-LISTEN:$SP,fork,reuseaddr" \
	    "UDP:127.0.0.1:$ECHO"
	SOPID=$BGPID
	wait_until 10 sh -c "ss -Hlun 'sport = :$SP' | grep -q ."
	pyrun 30 "$CLIENT" sizes 127.0.0.1 "$SP" 1 1000 65507
	s_out=$out s_rc=$rc
	fwd 127.0.0.1 0 --to "127.0.0.1:$ECHO" || fail "the forwarder starts"
	pyrun 30 "$CLIENT" sizes 127.0.0.1 "$FWD" 1 1000 65507
	is "socat and sockt: the same datagrams back, the same status" \
	    "$out:$rc" "$s_out:$s_rc"
	kill $(children_of "$SOPID" | tr -d Z) "$SOPID" "$FPID" 2>/dev/null
else
	skip "socat and sockt: the same datagrams back" "no socat"
fi
done_testing
