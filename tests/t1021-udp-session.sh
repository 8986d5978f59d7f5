#!/bin/sh
# connect -u and listen -u, nc's -u and -lu: two-way UDP sessions over one
# connected socket.  Bytes exact both ways (binary, 60 KB, the largest
# datagram), a write a datagram and --lines, one source port (-p), -q 0,
# 1 and -1 at stdin's end, ICMP port unreachable at once and mid-session,
# listen -u's first sender and no other, over IPv4, IPv6 and dual-stack;
# -z -u against closed, answering and silent ports beside nc -zuv; nc -u,
# nc -lu and socat as the other end; the usage errors.  The sessions are
# tests/udp_session.py's, stepping on events (a write once the last
# datagram came, a reply once its question did).
. "$(dirname "$0")/lib.sh"
US=$(dirname "$0")/udp_session.py

if ! have python3; then
	skip "UDP sessions" "no python3"
	done_testing
	exit
fi
# session NAME ARGS...: run a scenario of udp_session.py
session() { pyrun 40 "$US" "$@"; }

# --- the scenarios below, four parts (lib.sh) side by side: each its own
# python peer and sockt, a second or so of start and waits each in line
# --- connect -u: bytes both ways
part_bytes() {
	session echo 127.0.0.1 1024
	is "connect -u: 1 KiB of every byte value there and back, exit 0" "$out" \
	    "peer got: 1024 bytes, same
stdout: 1024 bytes, same
exit: 0 "
	session echo 127.0.0.1 60000
	is "connect -u: a 60 KB write is one datagram, echoed whole" "$out" \
	    "peer got: 60000 bytes, same
stdout: 60000 bytes, same
exit: 0 "
	session echo 127.0.0.1 65507
	is "connect -u: the largest IPv4 datagram, 65,507 bytes" "$out" \
	    "peer got: 65507 bytes, same
stdout: 65507 bytes, same
exit: 0 "
	if have_ipv6; then
		session echo ::1 1000
		is "connect -u over IPv6 (::1)" "$out" "peer got: 1000 bytes, same
stdout: 1000 bytes, same
exit: 0 "
	else
		skip "connect -u over IPv6 (::1)" "no IPv6 loopback"
	fi
}
# --- a write a datagram, replies while stdin is open, one source port
part_writes() {
	session writes
	is "five writes are five datagrams, each reply printed as it comes" \
	    "$out" "sizes: 1 10 100 1000 3000
replies: ack0 ack1 ack2 ack3 ack4
source ports: 1
exit: 0
sockt connect: connected to 127.0.0.1 port P (udp, from 127.0.0.1 port S)"
	FP=$(freeport)
	session writes -p "$FP"
	is "-p: every datagram from that source port" "$out" \
	    "sizes: 1 10 100 1000 3000
replies: ack0 ack1 ack2 ack3 ack4
source ports: 1
source port: -p's
exit: 0
sockt connect: connected to 127.0.0.1 port P (udp, from 127.0.0.1 port S)"
}
# --- --lines
part_lines() {
	session lines
	is "without --lines one write is one datagram" "$out" \
	    "datagrams: 1 b'one\\ntwo\\n\\nthree'
exit: 0 "
	session lines --lines
	is "--lines: a datagram a line, the newline kept, the last one as it is" \
	    "$out" "datagrams: 4 b'one\\n' b'two\\n' b'\\n' b'three'
exit: 0 "
	session lines --lines -C
	is "--lines -C: each LF sent as CR LF" "$out" \
	    "datagrams: 4 b'one\\r\\n' b'two\\r\\n' b'\\r\\n' b'three'
exit: 0 "
}
# --- -q at stdin's end
part_quit() {
	session quit ""
	is "no -q: the reply after stdin's end printed, 1 s waited, exit 0" \
	    "$out" "peer got: b'last\\n'
stdout: b'reply\\n'
exit: 0 
waited: 1 s or more"
	session quit 0.6
	is "-q 0.6: the reply printed, 0.6 s waited" "$out" "peer got: b'last\\n'
stdout: b'reply\\n'
exit: 0 
waited: 0.5 s to 1 s"
	session quit 0
	is "-q 0: the last datagram sent, exit 0 at once" "$out" \
	    "peer got: b'last\\n'
stdout: b''
exit: 0 
waited: under 0.5 s"
	session quit-never
	is "-q -1: replies still printed after the default second" "$out" \
	    "running after 1.5 s: yes
stdout: b'r1\\nr2\\n'"
}
part part_bytes
part part_writes
part part_lines
part part_quit

# --- ICMP port unreachable
closedport -u
run 10 sh -c "echo hi | \"\$SOCKT\" connect -u 127.0.0.1 $CPORT"
is "a closed port: exit 1" "$rc" 1
is "a closed port: the message" "$err" \
    "sockt connect: 127.0.0.1 port $CPORT: Connection refused"
session refused
is "the peer's port closes mid-session: exit 1, the message" "$out" \
    "stdout: b'r1\\n'
exit: 1
sockt connect: 127.0.0.1 port P: Connection refused"
big=$T/big
head -c 65508 /dev/zero | tr '\0' z >"$big"
run 10 "$SOCKT" connect -u --lines 127.0.0.1 "$CPORT" <"$big"
is "--lines: a line too long for a datagram, exit 1 and why" "$rc:$err" \
    "1:sockt connect: stdin: a line of more than 65507 bytes: UDP allows no larger datagram"

# --- -i, and a silent peer
server 30 "$SOCKT" udp-serve -v --print 127.0.0.1 0 ||
    fail "a silent UDP service starts"
SILENT=$SPORT
timed 10 "$SOCKT" connect -u -d -i 0.3 127.0.0.1 "$SILENT"
is "-i 0.3: an idle session ends, exit 1" "$rc:$err" \
    "1:sockt connect: 127.0.0.1 port $SILENT: idle for 0.300 s, closing"

# --- listen -u: the first sender, and no other
# listen_want ADDR: what the listen scenario sees with senders from ADDR
listen_want() {
	printf '%s\n' "second sender: refused" \
	    "first sender got: b'back\\n' from the port" \
	    "stdout: b'a1\\na2\\n'" "exit: 0" \
	    "sockt listen: datagram from $1 port A, 3 bytes: the session is with it" \
	    "sockt listen: datagram from $1 port B dropped: the session is with $1 port A" \
	    "sockt listen: session with $1 port A ended"
}
session listen 127.0.0.1 127.0.0.1
is "listen -u: the first sender is the peer, a queued second one dropped" \
    "$out" "$(listen_want 127.0.0.1)"
if have_ipv6; then
	session listen ::1 ::1
	is "listen -u ::1: the same over IPv6" "$out" "$(listen_want ::1)"
	session listen "" 127.0.0.1
	is "listen -u without addr: dual-stack, an IPv4 peer" "$out" \
	    "$(listen_want 127.0.0.1)"
else
	skip "listen -u ::1: the same over IPv6" "no IPv6 loopback"
	skip "listen -u without addr: dual-stack, an IPv4 peer" "no IPv6 loopback"
fi
server 10 "$SOCKT" listen -u -v -w 1 --deny 127.0.0.1 127.0.0.1 0 ||
    fail "listen -u --deny starts"
"$SOCKT" udp-send -N 127.0.0.1 "$SPORT" denied
wait_status "$SPID"
# the rest of its stderr reaches the log through a reader of the fifo
wait_until 5 grep -q "no datagram" "$SLOG"
is "listen -u --deny: the sender refused, no session, -w ends it" \
    "$rc:$(sed 's/port [0-9]*/port N/g' "$SLOG")" \
    "1:sockt listen: listening on 127.0.0.1 port N
sockt listen: datagram from 127.0.0.1 port N refused by the access list
sockt listen: no datagram within 1.000 s"

# --- -z -u, beside nc -zuv (netcat-openbsd)
server 30 "$SOCKT" udp-serve --echo -v 127.0.0.1 0 ||
    fail "a UDP echo starts"
OPEN=$SPORT
run 10 "$SOCKT" connect -zuv 127.0.0.1 "$CPORT"
like "-z -u, a closed port: exit 1, refused" "$rc:$err" \
    "1:sockt connect: connected to 127.0.0.1 port $CPORT (udp, from 127.0.0.1 port *)
sockt connect: 127.0.0.1 port $CPORT: Connection refused"
zc=$rc
run 10 "$SOCKT" connect -zuv 127.0.0.1 "$OPEN"
like "-z -u, a port that answers: exit 0, open" "$rc:$err" \
    "0:*127.0.0.1 port $OPEN: open, it answered"
zo=$rc
run 10 "$SOCKT" connect -zuv -w 0.3 127.0.0.1 "$SILENT"
like "-z -u, a silent port: exit 0 after -w, open or filtered" "$rc:$err" \
    "0:*127.0.0.1 port $SILENT: no answer within 0.300 s: open, or filtered"
zs=$rc
if have nc && nc -h 2>&1 | grep -q OpenBSD; then
	# the three at once: nc waits about 2 s on each
	_ncp=
	for p in "$CPORT" "$OPEN" "$SILENT"; do
		( timeout -k 2 10 nc -zuv 127.0.0.1 "$p" >/dev/null 2>&1
		    echo $? >"$T/nc.$p" ) &
		_ncp="$_ncp $!"
	done
	for p in $_ncp; do wait "$p"; done
	is "-z -u exits as nc -zuv does: closed, answering, silent" \
	    "$zc $zo $zs" "$(cat "$T/nc.$CPORT") $(cat "$T/nc.$OPEN") $(cat \
	    "$T/nc.$SILENT")"
else
	skip "-z -u exits as nc -zuv does" "no netcat-openbsd"
fi

# --- nc and socat at the other end
if have nc && nc -h 2>&1 | grep -q OpenBSD; then
	session nc-listen
	is "connect -u with nc -lu, both ways" "$out" \
	    "nc got: b'hello from sockt\\n'
sockt got: b'hello from nc\\n'
exit: 0 "
	session nc-connect
	is "listen -u with nc -u, both ways" "$out" \
	    "sockt got: b'hello from nc\\n'
nc got: b'hello from sockt\\n'
exit: 0"
else
	skip "connect -u with nc -lu, both ways" "no netcat-openbsd"
	skip "listen -u with nc -u, both ways" "no netcat-openbsd"
fi
if have socat; then
	session socat-listen "$(freeport)"
	is "connect -u with socat UDP-LISTEN: binary bytes echoed" "$out" \
	    "echo through socat: same
exit: 0 "
	session socat-connect
	is "listen -u with socat UDP:, both ways" "$out" \
	    "sockt got: b'hello from socat\\n'
socat got: b'hello from sockt\\n'
exit: 0"
else
	skip "connect -u with socat UDP-LISTEN" "no socat"
	skip "listen -u with socat UDP:" "no socat"
fi

# --- what does not go with -u: exit 2, one line that says why
while IFS='|' read -r args msg; do
	[ -n "$args" ] || continue
	# shellcheck disable=SC2086
	run 5 "$SOCKT" $args
	is "sockt $args: exit 2, $msg" "$rc:$(printf '%s\n' "$err" | head -n 1)" \
	    "2:$msg"
done <<'TABLE'
listen -k -u 0|sockt listen: -u relays one peer; for many UDP peers use udp-serve (--to forwards)
listen -u 0 -e cat|sockt listen: -u relays one peer to stdin and stdout; it does not go with -c or -e
listen -u --to 127.0.0.1:9 0|sockt listen: -u does not go with --to or a proxy; udp-serve --to forwards UDP
listen -u --broker 0|sockt listen: -u does not go with --broker, --chat, --serve-proxy or --ws: each of them speaks over a stream, and UDP has none
listen -u -U /tmp/sockt-udp-x|sockt listen: -U does not go with -u (UNIX-domain datagram sockets are not supported)
listen -u --no-shutdown 0|sockt listen: -u does not go with --no-shutdown or -Q: UDP has no end of stream
listen --lines 0|sockt listen: --lines needs -u
connect -u --tls 127.0.0.1 9 -e cat|sockt connect: -u --tls does not go with -c or -e: the program would get the socket, not DTLS
connect -u --starttls smtp 127.0.0.1 9|sockt connect: -u does not go with --starttls: STARTTLS needs a stream (-u --tls speaks DTLS)
connect -u --tls --proxy socks5://127.0.0.1:9 127.0.0.1 9|sockt connect: -u --tls does not go with a proxy (DTLS through SOCKS5 is not supported)
connect -u ws://127.0.0.1:9/|sockt connect: -u does not go with a WebSocket URL
connect -u -U /tmp/sockt-udp-x|sockt connect: -U does not go with -u (UNIX-domain datagram sockets are not supported)
connect -u -Q 127.0.0.1 9|sockt connect: -u does not go with --no-shutdown or -Q: UDP has no end of stream
connect --lines 127.0.0.1 9|sockt connect: --lines needs -u
TABLE

# a wrong line is a usage error with OpenSSL and without: the usage
# is checked before the library is looked for (musl's CI has none)
run 5 env SOCKT_TLS_LIB=/nonexistent/libssl.so.3 "$SOCKT" connect -u \
    --tls --proxy socks5://127.0.0.1:9 127.0.0.1 9
is "connect -u --tls --proxy without libssl: still exit 2" "$rc" 2

parts_done
done_testing
