#!/bin/sh
# --accept-proxy-protocol from trusted senders only (issue 40, items 8 to
# 10).  All of 127.0.0.0/8 is loopback: clients bound to 127.0.0.2 (the
# trusted proxy) and 127.0.0.3 (a stranger) send PROXY headers made by
# hand, v1 and v2.  --proxy-from (addresses and CIDR blocks, repeatable): a
# stranger is reset at the accept whatever its header claims, the program
# never runs for it, -v says it in one line, and --allow, --deny and the
# program's SOCKT_PEER_* still follow the header's client for a trusted
# sender; in -k, the relay mode, --chat, --serve-proxy and --ws.  Without
# -k the one connection's header is read side by side with silent
# strangers'.  A connection whose header is pending counts under its real
# peer for --max-per-peer (not a trusted sender's); the header's wait is 3
# s whatever -i says (-i 30), the broker's too; with 150 idle strangers
# from one host a trusted sender is served at once (under half a second).
# Without --proxy-from, -v warns that anyone may name any client.
# 198.51.100.x, 203.0.113.x and 192.0.2.x are only text inside those
# headers (sockt writes addresses as numbers and looks up no name, so no
# DNS query either), and 10.0.0.0/33 an argument refused before anything
# listens: every connection goes to 127.0.0.1 (pp_client.py dials nothing
# else; the --serve-proxy CONNECT names 127.0.0.1 and --allow-to admits
# nothing else), from 127.0.0.1, .2, .3 or .5.  So every packet stays on
# loopback, run by tests/run (as root, in a network namespace of its own)
# or alone in the host's.
# watchdog: 240
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
U="try 'sockt help listen'"

# --- the command line
run 5 "$SOCKT" listen -k 127.0.0.1 0 --proxy-from 127.0.0.2 -c true
like "--proxy-from without --accept-proxy-protocol: usage error" \
    "$rc $err" "2 sockt listen: --proxy-from needs --accept-proxy-protocol*$U*"
run 5 "$SOCKT" listen -k --accept-proxy-protocol --proxy-from 127.0.0.2,,x \
    127.0.0.1 0 -c true
like "--proxy-from with an empty entry: usage error" "$rc $err" \
    "2 sockt listen: --proxy-from 127.0.0.2,,x: an empty entry*"
run 5 "$SOCKT" listen -k --accept-proxy-protocol --proxy-from 10.0.0.0/33 \
    127.0.0.1 0 -c true
like "--proxy-from 10.0.0.0/33: usage error" "$rc $err" \
    "2 sockt listen: --proxy-from 10.0.0.0/33: prefix length*"
run 5 "$SOCKT" listen -k -U --accept-proxy-protocol --proxy-from 127.0.0.2 \
    "$T/sock" -c true
like "--proxy-from with -U: usage error" "$rc $err" \
    "2 sockt listen: --proxy-from is for IP peers*"
run 5 "$SOCKT" listen --help
like "--help names --proxy-from" "$out" \
    "*--accept-proxy-protocol*--proxy-from list*"

if ! have python3; then
	skip "trusted PROXY senders" "python3 missing"
	done_testing
	exit
fi
# 127.0.0.2 and .3 must be ours (the namespace's loopback holds /8)
if ! python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.3", 0))' \
    2>/dev/null; then
	skip "trusted PROXY senders" "cannot bind 127.0.0.3"
	done_testing
	exit
fi
IDLE="python3 $D/pp_idle.py"
wait_log() { wait_until 5 grep -q "$2" "$1"; }
count() { grep -c "$2" "$1"; }

# ------------------------------------------------------ -k and -c
PROG='echo "$SOCKT_PEER_ADDR $SOCKT_PEER_PORT $SOCKT_LOCAL_ADDR $SOCKT_LOCAL_PORT"'
: >"$T/ran"
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol \
    --proxy-from 127.0.0.2 --proxy-from 127.0.0.4/30 \
    --allow 198.51.100.0/24 127.0.0.1 0 \
    -c "echo ran >>$T/ran; $PROG" || exit 1
A=$SPORT ALOG=$SLOG APID=$SPID
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$A" \
    "v1('TCP4', '198.51.100.7', '192.0.2.1', 5555, 443)"
is "a trusted sender's v1 header: SOCKT_PEER_* and SOCKT_LOCAL_* are its client's" \
    "$out" "198.51.100.7 5555 192.0.2.1 443"
pyrun 10 "$D/pp_client.py" -s 127.0.0.5 "$A" \
    "v2(0x21, 0x11, ip4('198.51.100.8', 7, '192.0.2.2', 80))"
is "a sender in --proxy-from's 127.0.0.4/30: its v2 header honoured" \
    "$out" "198.51.100.8 7 192.0.2.2 80"
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$A" \
    "v1('TCP4', '203.0.113.7', '192.0.2.1', 5555, 443)"
is "--allow then judges the header's client: 203.0.113.7 refused" "$out" ""
: >"$T/ran"
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$A" \
    "v1('TCP4', '198.51.100.7', '192.0.2.1', 5555, 443)"
is "a stranger's v1 header naming an allowed client: reset" "$out" "RESET"
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$A" \
    "v2(0x21, 0x11, ip4('198.51.100.7', 1, '192.0.2.1', 2))"
is "a stranger's v2 header: reset" "$out" "RESET"
pyrun 10 "$D/pp_client.py" "$A" "v1('TCP4', '198.51.100.9', '192.0.2.1', 1, 2)"
is "127.0.0.1, not in --proxy-from either: reset" "$out" "RESET"
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$A" "v1('TCP4', '198.51.100.10', '192.0.2.1', 1, 2)"
is "... and the server goes on" "$out" "198.51.100.10 1 192.0.2.1 2"
is "the program ran for the trusted one alone" "$(cat "$T/ran")" "ran"
wait_log "$ALOG" "127.0.0.1 port [0-9]* refused: not a PROXY"
like "-v: one line for each stranger" "$(cat "$ALOG")" \
    "*connection from 127.0.0.3 port * refused: not a PROXY header sender (--proxy-from)*"
is "... one a stranger, three in all" \
    "$(count "$ALOG" 'not a PROXY header sender')" 3
is "... and no word of their headers" "$(count "$ALOG" '198.51.100.9')" 0
kill "$APID"

# without --proxy-from: as before, but -v says the risk
server 30 "$SOCKT" listen -k -v --accept-proxy-protocol 127.0.0.1 0 \
    -c "$PROG" || exit 1
like "no --proxy-from: -v warns that anyone may name any client" \
    "$(cat "$SLOG")" \
    "*--accept-proxy-protocol without --proxy-from: any peer may name any client*"
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$SPORT" "v1('TCP4', '203.0.113.9', '192.0.2.1', 9, 1)"
is "... and every peer's header is honoured" "$out" "203.0.113.9 9 192.0.2.1 1"
kill "$SPID"

# ------------------------------- --max-per-peer and pending headers
mkfifo "$T/hold"
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol --max-per-peer 2 \
    127.0.0.1 0 -c "$PROG" || exit 1
MP=$SPORT MLOG=$SLOG MPID=$SPID
BGIN=$T/hold BGOUT=$T/idle2 bg 30 $IDLE 127.0.0.3 "$MP" 2
exec 7>"$T/hold"
IPID=$BGPID
wait_until 5 grep -q open "$T/idle2"
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$MP" "v1('TCP4', '203.0.113.11', '192.0.2.1', 11, 1)"
is "--max-per-peer 2: two idle headers from 127.0.0.3 count, the third reset" \
    "$out" "RESET"
wait_log "$MLOG" "already"
like "-v: counted under the real peer" "$(cat "$MLOG")" \
    "*connection from 127.0.0.3 port * refused: 2 connections from this address already*"
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$MP" "v1('TCP4', '203.0.113.11', '192.0.2.1', 12, 1)"
is "... another host's header, for the same client, served" "$out" \
    "203.0.113.11 12 192.0.2.1 1"
exec 7>&-
wait_status "$IPID"
kill "$MPID"

# ----------------------------------- 150 idle strangers, one sender
# -m 100 by default: before, the strangers held every child for 5 s
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol \
    --proxy-from 127.0.0.2 127.0.0.1 0 -c "$PROG" || exit 1
SP=$SPORT SPLOG=$SLOG SPPID=$SPID
BGIN=$T/hold BGOUT=$T/idle150 bg 60 $IDLE 127.0.0.3 "$SP" 150
exec 7>"$T/hold"
IPID=$BGPID
wait_until 20 grep -q open "$T/idle150"
pyrun 10 "$D/pp_client.py" -T -s 127.0.0.2 "$SP" "v1('TCP4', '203.0.113.13', '192.0.2.1', 14, 1)"
el=$(echo "$err" | sed -n 's/^elapsed \([0-9]*\) ms$/\1/p')
is "150 idle strangers: the trusted sender served" "$out" \
    "203.0.113.13 14 192.0.2.1 1"
within 0 500 "$el" && pass "... at once ($el ms, under 500)" ||
    fail "a trusted sender behind 150 idle strangers" "$el ms"
exec 7>&-
wait_status "$IPID"
is "... every stranger reset at the accept" "$(tail -n 1 "$T/idle150")" \
    "reset 150 closed 0 open 0"
is "... one -v line each" "$(count "$SPLOG" 'not a PROXY header sender')" 150
kill "$SPPID"

# the same without --proxy-from: --max-per-peer bites before a fork
server 60 "$SOCKT" listen -k -v --accept-proxy-protocol --max-per-peer 10 \
    127.0.0.1 0 -c "$PROG" || exit 1
SP=$SPORT SPLOG=$SLOG SPPID=$SPID
BGIN=$T/hold BGOUT=$T/idle150b bg 60 $IDLE 127.0.0.3 "$SP" 150
exec 7>"$T/hold"
IPID=$BGPID
wait_until 20 grep -q open "$T/idle150b"
pyrun 10 "$D/pp_client.py" -T -s 127.0.0.2 "$SP" "v1('TCP4', '203.0.113.14', '192.0.2.1', 15, 1)"
el=$(echo "$err" | sed -n 's/^elapsed \([0-9]*\) ms$/\1/p')
is "--max-per-peer 10, no --proxy-from: another host served" "$out" \
    "203.0.113.14 15 192.0.2.1 1"
within 0 500 "$el" && pass "... at once ($el ms, under 500)" ||
    fail "a sender behind 150 idle strangers, --max-per-peer 10" "$el ms"
wait_until 10 sh -c "[ \$(grep -c 'from this address already' $SPLOG) -ge 140 ]"
is "... 140 strangers reset at the accept, 10 wait their 3 s" \
    "$(count "$SPLOG" 'connection from 127.0.0.3 port .* already')" 140
exec 7>&-
wait_status "$IPID"
kill "$SPPID"

# ---------------------------------------------------- the relay mode
SOUT=$T/relay.out server 30 "$SOCKT" listen -v --accept-proxy-protocol \
    --proxy-from 127.0.0.2 127.0.0.1 0 || exit 1
RPID=$SPID RLOG=$SLOG
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$SPORT" "v1('TCP4', '203.0.113.20', '192.0.2.1', 20, 1)+b'forged'"
is "relay mode: a stranger reset" "$out" "RESET"
alive "$RPID" && pass "... and listen still waits" ||
    fail "relay mode ended on a stranger"
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$SPORT" "v1('TCP4', '203.0.113.21', '192.0.2.1', 21, 1)+b'to stdout'"
wait_status "$RPID"
is "relay mode: the trusted sender relayed" "$rc $(cat "$T/relay.out")" \
    "0 to stdout"
like "relay mode: -v names both" "$(cat "$RLOG")" \
    "*127.0.0.3 port * refused: not a PROXY header sender*connection from 203.0.113.21 port 21*"

# ------------------ one connection, 30 silent strangers before it
# Without -k the one connection's header is read side by side with the
# strangers' (the relay mode in its own process, -c in children as -k
# has them), so a stranger who sends nothing holds no client behind it,
# and once one is served the rest are reset or closed.  Read one at a
# time, 30 of them held the client 90 s (3 s each).
for mode in relay -c; do
	if [ "$mode" = relay ]; then
		SOUT=$T/one.out server 60 "$SOCKT" listen -v \
		    --accept-proxy-protocol 127.0.0.1 0 || exit 1
		want="" more="+b'one'"
	else
		server 60 "$SOCKT" listen -v --accept-proxy-protocol \
		    127.0.0.1 0 -c "$PROG" || exit 1
		want="203.0.113.60 60 192.0.2.1 1" more=
	fi
	OP=$SPORT OPID=$SPID
	BGIN=$T/hold BGOUT=$T/idle30 bg 60 $IDLE 127.0.0.3 "$OP" 30
	exec 7>"$T/hold"
	IPID=$BGPID
	wait_until 20 grep -q open "$T/idle30"
	pyrun 10 "$D/pp_client.py" -T -s 127.0.0.2 "$OP" \
	    "v1('TCP4', '203.0.113.60', '192.0.2.1', 60, 1)$more"
	el=$(echo "$err" | sed -n 's/^elapsed \([0-9]*\) ms$/\1/p')
	is "$mode, 30 silent strangers first: the client served" "$rc:$out" \
	    "0:$want"
	within 0 1000 "$el" && pass "... within a second ($el ms)" ||
	    fail "$mode: a client behind 30 silent strangers" "$el ms"
	wait_status "$OPID"
	is "... listen exits 0 once it is done" "$rc" 0
	exec 7>&-
	wait_status "$IPID"
	like "... and no stranger is left open" "$(tail -n 1 "$T/idle30")" \
	    "reset * closed * open 0"
done
[ "$(cat "$T/one.out")" = one ] && pass "relay: its bytes to stdout" ||
    fail "relay: its bytes to stdout" "got: $(cat "$T/one.out")"

# ---------------------------------------------------------- --chat
server 30 "$SOCKT" listen -v --chat --accept-proxy-protocol \
    --proxy-from 127.0.0.2 --max-per-peer 1 127.0.0.1 0 || exit 1
CP=$SPORT CLOG=$SLOG CPID=$SPID
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$CP" "v1('TCP4', '203.0.113.30', '192.0.2.1', 30, 1)+b'hi\\n'"
is "--chat: a stranger reset" "$out" "RESET"
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$CP" "v2(0x21, 0x11, ip4('203.0.113.31', 31, '192.0.2.1', 1))+b'hi\\n'"
like "--chat: the trusted sender's client in the room" "$out" \
    "<announce> 203.0.113.31 is connected as <user1>.*"
like "--chat: -v says the stranger" "$(cat "$CLOG")" \
    "*connection from 127.0.0.3 port * refused: not a PROXY header sender (--proxy-from)*"
kill "$CPID"
# --- waits of the header's 3 s, as parts (lib.sh) beside the rest, each
# with a hold fifo of its own
part_trusted_idle() {
	mkfifo "$T/hold" || return
	# a trusted sender's pending headers count for no one
	server 60 "$SOCKT" listen -k -v --accept-proxy-protocol --max-per-peer 1 \
	    --proxy-from 127.0.0.2 127.0.0.1 0 -c "$PROG" || exit 1
	MP=$SPORT MPID=$SPID
	BGIN=$T/hold BGOUT=$T/idle3 bg 30 $IDLE 127.0.0.2 "$MP" 2
	exec 7>"$T/hold"
	IPID=$BGPID
	wait_until 5 grep -q open "$T/idle3"
	pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$MP" "v1('TCP4', '203.0.113.12', '192.0.2.1', 13, 1)"
	is "--max-per-peer 1: a trusted sender's idle connections do not count" \
	    "$out" "203.0.113.12 13 192.0.2.1 1"
	exec 7>&-
	wait_status "$IPID"
	kill "$MPID"

	# ------------------------------------ the header's own time limit
	server 60 "$SOCKT" listen -k -v -i 30 --accept-proxy-protocol 127.0.0.1 0 \
	    -c "$PROG" || exit 1
	_t0=$(now_ms)
	pyrun 12 "$D/pp_client.py" -o "$SPORT" "b'PROXY TCP4 '"
	el=$(( $(now_ms) - _t0 ))
	is "-i 30: a header cut short is still reset after 3 s" "$out" "RESET"
	within 2900 5500 "$el" && pass "... within 2.9 to 5.5 s ($el ms)" ||
	    fail "the header's time limit under -i 30" "$el ms"
	wait_log "$SLOG" "no valid PROXY header"
	like "... and says so" "$(cat "$SLOG")" \
	    "*no valid PROXY header: cut short within 3 s*"
	kill "$SPID"
}
part_broker_idle() {
	mkfifo "$T/hold" || return
	# the broker: a pending header counts under its real peer, waits 3 s
	server 30 "$SOCKT" listen -v --broker --accept-proxy-protocol \
	    --max-per-peer 1 127.0.0.1 0 || exit 1
	BP=$SPORT BLOG=$SLOG BPID=$SPID
	BGIN=$T/hold BGOUT=$T/idleb bg 30 $IDLE 127.0.0.3 "$BP" 1
	exec 7>"$T/hold"
	IPID=$BGPID
	wait_until 5 grep -q open "$T/idleb"
	pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$BP" "v1('TCP4', '203.0.113.32', '192.0.2.1', 32, 1)"
	is "--broker --max-per-peer 1: an idle header from 127.0.0.3 counts" \
	    "$out" "RESET"
	exec 7>&-
	wait_status "$IPID"
	# the time from the connect (-T), not from the interpreter's start: the
	# 5045 ms of a python started under a load of 18 were no broker's
	pyrun 12 "$D/pp_client.py" -T -o "$BP" "b'PROXY TCP4 '"
	el=$(echo "$err" | sed -n 's/^elapsed \([0-9]*\) ms$/\1/p')
	is "--broker: a header cut short reset" "$out" "RESET"
	within 2500 5000 "$el" && pass "... after 3 s ($el ms), not 5" ||
	    fail "the broker's header time limit" "$el ms"
	wait_log "$BLOG" "no valid PROXY header"
	like "--broker: the refusal names the connection as its other lines do" \
	    "$(cat "$BLOG")" \
	    "*sockt listen: connection from 127.0.0.1 port *: no valid PROXY header: *"
	kill "$BPID"
}
part part_trusted_idle
part part_broker_idle

# ---------------------------------------------- --serve-proxy, --ws
server 30 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'echo origin' || exit 1
OR=$SPORT ORPID=$SPID
# the header's client is another host: --allow and --allow-to admit it
server 30 "$SOCKT" listen -k -v --accept-proxy-protocol --proxy-from \
    127.0.0.2 --serve-proxy http --allow 203.0.113.0/24 --allow-to \
    127.0.0.1 127.0.0.1 0 || exit 1
REQ="b'CONNECT 127.0.0.1:$OR HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'"
pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$SPORT" "v1('TCP4', '203.0.113.40', '192.0.2.1', 40, 1)+$REQ"
is "--serve-proxy: a stranger reset" "$out" "RESET"
pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$SPORT" "v1('TCP4', '203.0.113.41', '192.0.2.1', 41, 1)+$REQ"
like "--serve-proxy: the trusted sender's request served" "$out" \
    "HTTP/1.1 200*origin*"
kill "$SPID" "$ORPID"
# the WebSocket handshake's SHA-1 is OpenSSL's (lib.sh's tls_loadable)
if tls_loadable; then
	server 30 "$SOCKT" listen -k -v --ws --accept-proxy-protocol --proxy-from \
	    127.0.0.2 127.0.0.1 0 -c "$PROG" || exit 1
	WREQ="b'GET / HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n'"
	pyrun 10 "$D/pp_client.py" -s 127.0.0.3 "$SPORT" "v1('TCP4', '203.0.113.50', '192.0.2.1', 50, 1)+$WREQ"
	is "--ws: a stranger reset" "$out" "RESET"
	pyrun 10 "$D/pp_client.py" -s 127.0.0.2 "$SPORT" "v1('TCP4', '203.0.113.51', '192.0.2.1', 51, 1)+$WREQ"
	like "--ws: the trusted sender upgraded" "$out" "HTTP/1.1 101*"
	wait_log "$SLOG" "203.0.113.51"
	like "--ws: -v names its client, and the stranger" "$(cat "$SLOG")" \
	    "*127.0.0.3 port * refused: not a PROXY header sender*connection from 203.0.113.51 port 51*"
	kill "$SPID"
else
	for c in "a stranger reset" "the trusted sender upgraded" \
	    "-v names its client, and the stranger"; do
		skip "--ws: $c" "no libssl.so.3: the handshake's SHA-1 is OpenSSL's"
	done
fi

parts_done
done_testing
