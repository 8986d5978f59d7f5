#!/bin/sh
# udp-send and udp-serve: replies to every peer, binary data, --print, -c,
# refused ports, oversize datagrams.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

server 30 "$SOCKT" udp-serve -v 0 || fail "udp-serve starts"
P=$SPORT
run 5 "$SOCKT" udp-send 127.0.0.1 "$P" Michael Bob
is "--hello is the default: one reply per message" "$out" "Hello, Michael!
Hello, Bob!"
is "udp-send exits 0" "$rc" 0
run 5 sh -c "printf 'one\ntwo\n' | \"\$SOCKT\" udp-send 127.0.0.1 $P"
is "each stdin line is a datagram" "$out" "Hello, one!
Hello, two!"
# three client sockets at once: each must get its own reply
for n in 1 2 3; do
	BGOUT="$T/c$n" bg 5 "$SOCKT" udp-send -w 2 127.0.0.1 "$P" "client$n"
	eval "c$n=\$BGPID"
done
wait_status "$c1"; wait_status "$c2"; wait_status "$c3"
is "three concurrent client sockets get their own replies" \
    "$(cat "$T/c1" "$T/c2" "$T/c3")" "Hello, client1!
Hello, client2!
Hello, client3!"
if have_ipv6; then
	run 5 "$SOCKT" udp-send ::1 "$P" six
	is "dual-stack: a ::1 peer answered too" "$out" "Hello, six!"
else
	skip "dual-stack: a ::1 peer answered too" "no IPv6 loopback"
fi
# the reply ends as the datagram did: the tutorial's UDP client sends
# bare names and must read exactly "Hello, NAME!"
if have python3; then
	run 20 python3 "$(dirname "$0")/hello_tutorial.py" udp "$P"
	is "the tutorial's UDP client: replies without newlines" "$out" "b'Hello, Michael!'
b'Hello, Tracy!'
b'Hello, Sarah!'"
	run 20 python3 "$(dirname "$0")/hello_tutorial.py" udp-line "$P"
	is "a datagram ending in a newline: the reply ends in one" "$out" "b'Hello, Michael!\\n'"
else
	skip "the tutorial's UDP client: replies without newlines" "no python3"
	skip "a datagram ending in a newline: the reply ends in one" "no python3"
fi
like "-v names each sender" "$(cat "$SLOG")" "*datagram from 127.0.0.1 port *, 7 bytes*"

server 30 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 || fail "udp-serve --echo starts"
run 5 sh -c "printf 'a\000b\377c\n' | \"\$SOCKT\" udp-send 127.0.0.1 $SPORT | od -An -tx1 | tr -d ' \n'"
is "--echo returns binary data with NUL bytes unchanged" "$out" "610062ff630a"
run 5 "$SOCKT" udp-send --no-wait 127.0.0.1 "$SPORT" quiet
is "--no-wait does not wait for or print a reply" "$out$rc" "0"

# --print and -c: the datagrams on stdout, then exit
SOUT="$T/printed" server 10 "$SOCKT" udp-serve -v --print -c 3 127.0.0.1 0 || fail "--print starts"
run 5 "$SOCKT" udp-send -N 127.0.0.1 "$SPORT" "one " "two " "three"
wait_status "$SPID"
is "--print -c 3: exits 0 after three datagrams" "$rc" 0
is "--print writes the datagrams unchanged" "$(cat "$T/printed")" "one two three"
like "--print -v: senders on stderr" "$(cat "$SLOG")" "*datagram from 127.0.0.1 port *, 4 bytes*"

# no reply within -w: nothing printed, still success
server 10 "$SOCKT" udp-serve -v --print 127.0.0.1 0 || fail "--print starts again"
timed 5 "$SOCKT" udp-send -w 0.3 127.0.0.1 "$SPORT" silent
is "no reply: nothing printed, exit 0" "$out:$rc" ":0"
check "no reply: gave up after -w 0.3 ($el ms)" within 270 2300 "$el"

# a closed port: ICMP port unreachable is reported
server 10 "$SOCKT" udp-serve -v -c 1 127.0.0.1 0 || fail "udp-serve -c 1 starts"
CLOSED=$SPORT
"$SOCKT" udp-send -N 127.0.0.1 "$CLOSED" bye
wait_status "$SPID"
run 5 "$SOCKT" udp-send 127.0.0.1 "$CLOSED" anyone
is "closed port: exit 1" "$rc" 1
is "closed port: the message" "$err" "sockt udp-send: 127.0.0.1 port $CLOSED: Connection refused"

# a datagram larger than UDP allows is an error, not a truncation
big=$(head -c 65508 /dev/zero | tr '\0' z)
run 5 "$SOCKT" udp-send -N 127.0.0.1 "$P" "$big"
is "oversize datagram: exit 1" "$rc" 1
is "oversize datagram: the message" "$err" "sockt udp-send: 127.0.0.1 port $P: datagram of 65508 bytes is too large (UDP allows 65507)"

done_testing
