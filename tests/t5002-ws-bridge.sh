#!/bin/sh
# t5002: the WebSocket bridges of listen (issue 30).  listen --ws --to
# host:port: each WebSocket client its own TCP connection, its messages'
# payloads out as bytes (text and binary alike, nothing added), the bytes
# back as binary messages, a MiB of random bytes exactly both ways, the
# client's Close passed on as the end of the TCP connection, several
# clients at once.  listen --to ws://host:port/path: each TCP client its
# own WebSocket connection (the path as given), its bytes out as binary
# messages, the payloads back as bytes, a MiB exactly with Python's
# websockets and with node's ws, the end of the client's bytes a Close
# 1000; and the two bridges chained, sockt on every hop.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"

if ! ws_py_usable; then
	skip "WebSocket bridges" "no python3-websockets for $WSPY"
	exec 7>&-
done_testing
	exit 0
fi
head -c 1048576 /dev/urandom >"$T/mib"
MIB=1048576
mkfifo "$T/hold"
exec 7<>"$T/hold"	# for feed (ws.sh)

# --- listen --ws --to host:port ---------------------------------------------
# the TCP side: one connection, what it gets on stdout, and one line sent
# back once "helloworld" arrived (its stdin a fifo written then)
mkfifo "$T/tin"
BGOUT=$T/tin bg 30 sh -c 'i=0
    until grep -q "helloworld" "$1" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 400 ] || exit 1
	sleep 0.05	# polling, bounded by the count
    done
    printf "back\n"' sh "$T/tcp.out"
SIN=$T/tin SOUT=$T/tcp.out server 30 "$SOCKT" listen -v 127.0.0.1 0
tpid=$SPID
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$SPORT"
wsclient 30 "ws://127.0.0.1:$SPORT/" text=hello \
    bin=world recv close=1000
is "--ws --to: bytes back as a binary message" "$out" \
    "binary:5:6261636b0a
closed 1000 "
wait_status "$tpid"
is "--ws --to: payloads out as bytes, nothing added" "$(od -An -c \
    "$T/tcp.out" | tr -s ' \n' ' ')" " h e l l o w o r l d "
is "--ws --to: the client's Close ends the TCP connection" "$rc" 0

# a MiB both ways through a TCP echo (listen -k -e cat)
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 -e cat
ECHO=$SPORT
server 120 "$SOCKT" listen --ws --ws-half-close 20 -k -v 127.0.0.1 0 --to "127.0.0.1:$ECHO"
WSB=$SPORT WSBPID=$SPID
wsclient 60 "ws://127.0.0.1:$WSB/" \
    "binchunks=$T/mib,65536" "recvbytes=$MIB,$T/mib.1"
like "--ws --to echo: a MiB in 16 messages, back" "$out" \
    "got $MIB bytes in * messages*closed 1000 "
check "--ws --to echo: the same bytes" cmp -s "$T/mib" "$T/mib.1"
wsclient 60 "ws://127.0.0.1:$WSB/" "binfile=$T/mib" \
    "recvbytes=$MIB,$T/mib.2"
check "--ws --to echo: a MiB in one message, back exactly" \
    cmp -s "$T/mib" "$T/mib.2"
run 60 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$WSB/" <"$T/mib"
check "--ws --to echo: connect --ws-binary, a MiB exactly" \
    cmp -s "$T/mib" "$T/out"
# five clients at once, each its own connection and its own bytes
i=1
while [ $i -le 5 ]; do
	head -c 262144 /dev/urandom >"$T/q$i"
	BGIN=$T/q$i BGOUT=$T/q$i.back bg 60 "$SOCKT" connect --ws-binary \
	    "ws://127.0.0.1:$WSB/" 
	eval "qp$i=\$BGPID"
	i=$((i + 1))
done
n=0
i=1
while [ $i -le 5 ]; do
	eval "wait_status \$qp$i"
	[ "$rc" = 0 ] && cmp -s "$T/q$i" "$T/q$i.back" && n=$((n + 1))
	i=$((i + 1))
done
is "--ws --to echo: 5 clients at once, each its 256 KiB back" "$n" 5
check "--ws --to: still up" alive "$WSBPID"

# --- listen --to ws:// ---------------------------------------------------------
# (websockets answers a Close at once and echoes nothing after it: the
# TCP clients' stdin stays open, the server closes once all went back)
SOUT=$T/wse.out wspy 60 --headers echobytes=$MIB close=1000
wspid=$SPID
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 --to "ws://127.0.0.1:$SPORT/up/x?k=v"
feed "$T/mib"
run 60 "$SOCKT" connect -Q 127.0.0.1 "$SPORT" <"$FEED"
kill "$FEEDPID"
is "--to ws://: the server's Close ends the client (-Q), exit 0" "$rc" 0
check "--to ws:// (websockets echo): a MiB exactly" cmp -s "$T/mib" "$T/out"
reports "$T/wse.out" "$wspid"
like "--to ws://: the path as given" "$rep" "path /up/x?k=v*"
like "--to ws://: the server's Close answered" "$rep" "*closed 1000 *"
# each TCP client its own WebSocket connection
SOUT=$T/wse.out wspy 60 --keep --headers echobytes=262144 close=1000
wspid=$SPID
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 --to "ws://127.0.0.1:$SPORT/"
i=1
while [ $i -le 5 ]; do
	feed "$T/q$i"
	BGIN=$FEED BGOUT=$T/q$i.back bg 60 "$SOCKT" connect -Q 127.0.0.1 "$SPORT"
	eval "qp$i=\$BGPID qf$i=\$FEEDPID"
	i=$((i + 1))
done
n=0
i=1
while [ $i -le 5 ]; do
	eval "wait_status \$qp$i; kill \$qf$i"
	[ "$rc" = 0 ] && cmp -s "$T/q$i" "$T/q$i.back" && n=$((n + 1))
	i=$((i + 1))
done
is "--to ws://: 5 clients at once, each its 256 KiB back" "$n" 5
is "--to ws://: 5 WebSocket connections" \
    "$(grep -c '^path ' "$T/wse.out")" 5
kill "$wspid"
# what the WebSocket server gets: binary messages
wspy 30 recv recv
spid=$SPID
server 30 "$SOCKT" listen -v 127.0.0.1 0 --to "ws://127.0.0.1:$SPORT/"
# two writes, the second once the first is out (a scenario pause)
run 30 sh -c '{ printf abc; sleep 1; printf def; } |
    "$1" connect -q 5 127.0.0.1 "$2"' sh "$SOCKT" "$SPORT"
reports "$T/wspy.out" "$spid"
is "--to ws://: the bytes as binary messages" "$rep" "binary:3:616263
binary:3:646566
closed 1000 "

if ws_node_usable; then
	wsnode 60 --keep echo
	server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "ws://127.0.0.1:$SPORT/"
	run 60 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/mib"
	check "--to ws:// (node ws echo): a MiB exactly" cmp -s "$T/mib" \
	    "$T/out"
else
	skip "--to ws:// with node ws" "no node or no ws package (NODE_PATH)"
fi

# --- both bridges chained -------------------------------------------------------
# TCP client -> listen --to ws:// -> listen --ws --to TCP echo
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "ws://127.0.0.1:$WSB/chain"
run 60 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/mib"
check "chained: TCP, WebSocket, TCP and back, a MiB exactly" \
    cmp -s "$T/mib" "$T/out"
is "chained: exit 0" "$rc" 0

exec 7>&-
done_testing
