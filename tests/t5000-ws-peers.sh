#!/bin/sh
# t5000: WebSocket (issue 30) against peers we did not write: Python's
# websockets library (tests/ws_peer.py) and node's ws package
# (tests/ws_node.js).  connect ws://: line mode echoed byte for byte (an
# empty line, UTF-8, a last line without its newline, a 100 KB line), the
# path and query, -H headers and the offered subprotocol as the server
# saw them, --ws-protocol chosen and shown with -v, --ws-binary a MiB
# back exactly, fragmented messages with a ping between fragments,
# the server's pings answered, the close codes (1000 and 1001 exit 0,
# 1011 and 4000 exit 1 with the one line), what the server sent right
# before its Close, 16 MiB messages both ways, --ws-ping against a server
# that answers, through a SOCKS5 and an HTTP proxy, over ::1.
# listen --ws: the relay mode (stdin and stdout, Close 1000 at the end of
# stdin), -k -e cat with 20 clients at once, the broker with 20, -c
# programs in line and binary mode, 16 MiB through -e cat, connect
# against listen; node's ws as a server for connect and as a client of
# listen.
# watchdog: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"

if ! ws_py_usable; then
	skip "WebSocket peers" "no python3-websockets for $WSPY"
	done_testing
	exit 0
fi
mkfifo "$T/hold"
exec 7<>"$T/hold"	# a stdin that never ends: the server closes first
lines() { wc -l <"$1" | tr -d ' '; }

# --- --ws-ping against a server that answers ---------------------------------
# the server holds the connection 3.5 s (the scenario), then closes: a
# wait, so a part beside the rest
HOLD=$T/hold
ws_ping() {
	wspy 30 sleep=3.5 close=1000
	timed 30 "$SOCKT" connect --ws-ping 1 "ws://127.0.0.1:$SPORT/" <"$HOLD"
	is "--ws-ping 1: the pongs come, the server's Close ends it" "$rc" 0
	check "... after the server's 3.5 s ($el ms)" within 3300 6000 "$el"
}
part ws_ping

# --- line mode, echoed ------------------------------------------------------
{
	printf 'hello\n\nsp ace\ttab \\ back\n'
	printf 'caf\303\251 \342\202\254 \360\237\230\200\n'
	head -c 102400 /dev/zero | tr '\0' 'L'
	printf '\nlast\n'
} >"$T/in"
# (the six lines echoed, then the server closes: stdin stays open, as
# websockets answers a Close at once and echoes nothing after it)
wspy 30 --headers echon=6 close=1000
spid=$SPID
feed "$T/in"
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/echo/x?q=1&r=a%20b" <"$FEED"
kill "$FEEDPID"
is "line mode: exit 0, nothing on stderr" "$rc:$err" "0:"
check "line mode: every line back, byte for byte" cmp -s "$T/in" "$T/out"
reports "$T/wspy.out" "$spid"
like "the path and the query as sent" "$rep" "path /echo/x?q=1&r=a%20b*"
like "Host names the port" "$rep" "*header Host: 127.0.0.1:$SPORT*"
like "no subprotocol offered, none chosen" "$rep" "*subprotocol none*"
like "the server's Close answered" "$rep" "*closed 1000 *"

printf 'a\nb' >"$T/in2"
wspy 30 recvn=2
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in2"
reports "$T/wspy.out" "$spid"
is "a last line without a newline is a message too, then Close 1000" \
    "$rep" "text:a
text:b
closed 1000 "

# -H, --ws-protocol, -v
wspy 30 --headers --proto chat recv text=back close=1000
spid=$SPID
printf 'x\n' >"$T/in1"
feed "$T/in1"
run 30 "$SOCKT" connect -v -H 'Origin: http://origin.test' \
    -H 'Authorization: Bearer tok123' -H 'X-Sockt-Test: one two' \
    --ws-protocol v2.x,chat "ws://127.0.0.1:$SPORT/p" <"$FEED"
kill "$FEEDPID"
is "-H and --ws-protocol: the answer" "$rc:$out" "0:back"
reports "$T/wspy.out" "$spid"
like "-H Origin seen by the server" "$rep" "*header Origin: http://origin.test*"
like "-H Authorization seen by the server" "$rep" \
    "*header Authorization: Bearer tok123*"
like "-H X-Sockt-Test seen by the server" "$rep" \
    "*header X-Sockt-Test: one two*"
like "--ws-protocol: both offered" "$rep" \
    "*header Sec-WebSocket-Protocol: v2.x*chat*"
like "--ws-protocol: the server chose chat" "$rep" "*subprotocol chat*"
like "the line as a message" "$rep" "*text:x*"
v=$(printf '%s\n' "$err" | sed "s/$SPORT/PORT/g")
like "-v: the handshake status" "$v" "*101*"
like "-v: the subprotocol chosen" "$v" "*chat*"
like "-v: the close code" "$v" "*1000*"

# --- binary mode ----------------------------------------------------------
head -c 1048576 /dev/urandom >"$T/mib"

# a program that ends before it read all of a message: what it wrote
# before it ended still goes out, before the Close (ten times: a sockt
# that drops it does so only when the end of the program wins a race);
# a part, beside the rest
MIB=$T/mib
ends_early() {
	server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -c 'head -c 1 >/dev/null
	    echo got'
	# the ten one after another from one client process (--times): a
	# python start with websockets was 0.2 s of CPU; each run's lines
	# after its "run I", the first of them the program's "got"
	wsclient 60 --times 10 "ws://127.0.0.1:$SPORT/" \
	    "binfile=$MIB" wait
	n=0 i=0 next=
	while IFS= read -r l; do
		case $l in
		"run "*) i=$((i + 1)); next=1; continue ;;
		esac
		case $next:$l in "1:text:got"*) n=$((n + 1)) ;; esac
		next=
	done <"$T/out"
	[ "$i" = 10 ] || n="$n ($i runs)"
	is "a program that ends early: its output not lost (10 clients)" \
	    "$n" 10
}
part ends_early
# one server for the checks that read no reports of its, a list of
# actions a connection (a python start with websockets is 0.25 s of CPU):
# this MiB, then the 16 MiB line and the 16 MiB binary message below
SOUT=$T/big.out wspy 150 echobytes=1048576 close=1000 -- echon=1 close=1000 -- \
    "binfile=$T/bin16" close=1000
BIG=$SPORT
feed "$T/mib"
run 60 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$BIG/" <"$FEED"
kill "$FEEDPID"
is "--ws-binary: exit 0" "$rc:$err" "0:"
check "--ws-binary: a MiB of random bytes back exactly" cmp -s "$T/mib" "$T/out"

# --- fragments, pings, what comes before the Close ---------------------
wspy 30 'fragping=hel|lo, wo|rld' text=after close=1000
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "a fragmented message is one line" "$rc:$out" "0:hello, world
after"
reports "$T/wspy.out" "$spid"
like "pings between the fragments answered" "$rep" "*fragping pongs 2/2*"

# the same for these: a fragmented binary message, 200 messages before
# the Close, then the close codes (closing, below)
i=1
set --
while [ $i -le 200 ]; do set -- "$@" "text=message $i"; i=$((i + 1)); done
SOUT=$T/closing.out wspy 90 'fragbin=ab|cd|e' close=1000 -- "$@" close=1000 \
    -- text=one text=two "close=1011,boom" \
    -- text=one text=two "close=4000,app says no" \
    -- text=one text=two "close=1001,going away" \
    -- text=one text=two "close=1000," -- text=one "close=1011,boom"
CLOSING=$SPORT
run 30 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$CLOSING/" <"$T/hold"
is "--ws-binary: a fragmented binary message, raw" "$rc:$out" "0:abcde"

wspy 30 ping=3 text=done close=1000
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "pings: the conversation goes on" "$rc:$out" "0:done"
reports "$T/wspy.out" "$spid"
like "the server's pings answered with pongs" "$rep" "*pongs 3/3*"

run 30 "$SOCKT" connect "ws://127.0.0.1:$CLOSING/" <"$T/hold"
is "200 messages right before the Close: all written" \
    "$rc:$(printf '%s\n' "$out" | wc -l | tr -d ' '):$(printf '%s\n' "$out" | tail -n 1)" \
    "0:200:message 200"

# --- close codes ----------------------------------------------------------
closing() {	# closing CODE REASON: the server sends one, two, then Close
	# (the server's next list of actions, above, says which code)
	SPORT=$CLOSING
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/path" <"$T/hold"
}
closing 1011 boom
is "Close 1011: exit 1, the messages before it written" "$rc:$out" "1:one
two"
is "Close 1011: the one line" "$err" \
    "sockt connect: ws://127.0.0.1:$SPORT/path: closed by the server: 1011 boom"
closing 4000 'app says no'
is "Close 4000: exit 1 and its reason" "$rc:$err" \
    "1:sockt connect: ws://127.0.0.1:$SPORT/path: closed by the server: 4000 app says no"
closing 1001 'going away'
is "Close 1001: exit 0, quiet" "$rc:$out:$err" "0:one
two:"
closing 1000 ''
is "Close 1000: exit 0, quiet" "$rc:$out:$err" "0:one
two:"
SPORT=$CLOSING
run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/path" <"$T/hold"
v=$(printf '%s\n' "$err" | sed "s/$SPORT/PORT/g")
like "-v: the server's close code" "$v" "*1011*"

# --- 16 MiB messages --------------------------------------------------------
# one line of 16 MiB: one text message each way
head -c 12582912 /dev/urandom | base64 -w 0 >"$T/big16"
echo >>"$T/big16"
feed "$T/big16"
run 90 "$SOCKT" connect "ws://127.0.0.1:$BIG/" <"$FEED"
kill "$FEEDPID"
is "a 16 MiB line: exit 0" "$rc:$err" "0:"
check "a 16 MiB line: one 16 MiB text message each way, the same bytes" \
    cmp -s "$T/big16" "$T/out"
# a 16 MiB binary message from the server, written raw
head -c 16777216 /dev/urandom >"$T/bin16"
run 90 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$BIG/" <"$T/hold"
is "--ws-binary: a 16 MiB binary message in, exit 0" "$rc" 0
check "--ws-binary: the 16 MiB written raw" cmp -s "$T/bin16" "$T/out"

# --- through proxies --------------------------------------------------------
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy socks5
SOCKS=$SPORT
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy http
HPROXY=$SPORT
# proxied PROXY PATH: connect --proxy PROXY with x as its one line to a
# server that takes it and answers "back"; its reports in $rep
proxied() {
	wspy 30 --headers recv text=back close=1000
	_pp=$SPID
	feed "$T/in1"
	run 30 "$SOCKT" connect --proxy "$1" "ws://127.0.0.1:$SPORT$2" <"$FEED"
	kill "$FEEDPID"
	reports "$T/wspy.out" "$_pp"
}
proxied "socks5://127.0.0.1:$SOCKS" /via
is "--proxy socks5://: the answer" "$rc:$out" "0:back"
like "--proxy socks5://: the path as sent, the line" "$rep" "path /via*text:x*"
proxied "http://127.0.0.1:$HPROXY" /
is "--proxy http:// (CONNECT): the answer" "$rc:$out" "0:back"
like "--proxy http://: the line" "$rep" "*text:x*"

# --- IPv6 -------------------------------------------------------------------
if have_ipv6; then
	wspy 30 --addr ::1 --headers text=six close=1000
	spid=$SPID
	run 30 "$SOCKT" connect "ws://[::1]:$SPORT/six" <"$T/hold"
	is "ws://[::1]:PORT: the message" "$rc:$out" "0:six"
	reports "$T/wspy.out" "$spid"
	like "ws://[::1]:PORT: Host in brackets" "$rep" \
	    "*header Host: \[::1\]:$SPORT*"
else
	skips 2 "ws://[::1]" "no IPv6 loopback"
fi

# --- listen --ws: the relay mode ------------------------------------------
mkfifo "$T/lin"
# the writer: once the client's two lines are out, two lines to the
# client, then the end of listen's stdin
BGOUT=$T/lin bg 30 sh -c 'i=0
    until grep -q "^c2$" "$1" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 400 ] || exit 1
	sleep 0.05	# polling, bounded by the count
    done
    printf "s1\ns2\n"' sh "$T/lout"
SIN=$T/lin SOUT=$T/lout server 30 "$SOCKT" listen --ws -v 127.0.0.1 0
lpid=$SPID
wsclient 30 "ws://127.0.0.1:$SPORT/any" text=c1 text=c2 \
    wait
is "listen --ws: stdin's lines as messages, Close 1000 at its end" "$out" \
    "text:s1
text:s2
closed 1000 "
wait_status "$lpid"
is "listen --ws: the client's messages as lines on stdout, exit 0" \
    "$rc:$(cat "$T/lout")" "0:c1
c2"

# --- listen --ws -k -e cat, 20 clients at once ---------------------------------
server 280 "$SOCKT" listen --ws --ws-half-close 20 -k -v 127.0.0.1 0 -e cat
CAT=$SPORT CATPID=$SPID
run 60 "$WSPY" "$WSPEER" crowd "ws://127.0.0.1:$CAT/" 20 50
is "-k -e cat: 20 clients at once, 50 messages each echoed in order" "$out" \
    "crowd 20: 20 echoed all, close codes 1000"
wsclient 60 "ws://127.0.0.1:$CAT/" bigtext=16
is "-k -e cat: a 16 MiB text message back whole" "$out" "bigtext 16 ok
closed 1000 "
run 30 "$SOCKT" connect "ws://127.0.0.1:$CAT/" <"$T/in"
check "connect against listen --ws -e cat: byte for byte" cmp -s "$T/in" \
    "$T/out"
check "-k: the server is still up" alive "$CATPID"

server 60 "$SOCKT" listen --ws --ws-half-close 20 -k -v --ws-binary 127.0.0.1 0 -e cat
wsclient 60 "ws://127.0.0.1:$SPORT/" "binfile=$T/bin16" \
    "recvbytes=16777216,$T/bin16.back"
like "--ws-binary -e cat: 16 MiB in one message, back in binary ones" "$out" \
    "got 16777216 bytes in * messages*"
check "--ws-binary -e cat: the same bytes" cmp -s "$T/bin16" "$T/bin16.back"
run 60 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$SPORT/" <"$T/mib"
check "connect --ws-binary against listen --ws-binary -e cat: a MiB" \
    cmp -s "$T/mib" "$T/out"

# -c: each line the program writes is a text message; raw with --ws-binary
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -c 'printf "a\nb c\n"'
wsclient 30 "ws://127.0.0.1:$SPORT/" wait
is "-c: each line a text message, then Close 1000" "$out" "text:a
text:b c
closed 1000 "
server 60 "$SOCKT" listen --ws -k -v --ws-binary 127.0.0.1 0 -c \
    'printf "\001\002\n\003"'
wsclient 30 "ws://127.0.0.1:$SPORT/" \
    "recvbytes=4,$T/c.bin"
is "--ws-binary -c: the program's bytes, raw" "$(od -An -tx1 "$T/c.bin" |
    tr -d ' \n')" "01020a03"


# --ws-protocol: the first of the list that the client offers
server 60 "$SOCKT" listen --ws --ws-protocol chat,json -k -v 127.0.0.1 0 -e cat
wsclient 30 --proto json,chat "ws://127.0.0.1:$SPORT/" \
    text=a recv
is "listen --ws-protocol chat,json: json,chat offered, chat agreed" "$out" \
    "subprotocol chat
text:a
closed 1000 "
wsclient 30 --proto x,json "ws://127.0.0.1:$SPORT/" \
    text=a recv
like "listen --ws-protocol: x,json offered, json agreed" "$out" \
    "subprotocol json*"
wsclient 30 --proto x "ws://127.0.0.1:$SPORT/" text=a recv
is "listen --ws-protocol: none of the list offered, none agreed" "$out" \
    "subprotocol none
text:a
closed 1000 "

# --- the broker -------------------------------------------------------------
server 60 "$SOCKT" listen --ws -v --broker 127.0.0.1 0
bpid=$SPID
run 60 "$WSPY" "$WSPEER" broker "ws://127.0.0.1:$SPORT/" 20
is "--broker: 20 clients, each gets the 19 others' messages" "$out" \
    "broker 20: 20 got all 19"
check "--broker: still up" alive "$bpid"

# --- node's ws ------------------------------------------------------------
if ws_node_usable; then
	wsnode 30 echo
	npid=$SPID
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in"
	check "node ws server: line mode byte for byte" cmp -s "$T/in" "$T/out"
	reports "$T/wsnode.out" "$npid"
	is "node ws server: the client closed with 1000" "$rep" "closed 1000 "
	wsnode 30 echo
	run 60 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$SPORT/" <"$T/mib"
	check "node ws server: --ws-binary, a MiB exactly" cmp -s "$T/mib" \
	    "$T/out"
	wsnode 30 send 1011 boom one two
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/n" <"$T/hold"
	is "node ws server: Close 1011" "$rc:$out:$err" "1:one
two:sockt connect: ws://127.0.0.1:$SPORT/n: closed by the server: 1011 boom"
	run 60 node "$WSNODE" client "ws://127.0.0.1:$CAT/" lines 2000
	like "node ws client: 2000 lines echoed by listen -e cat" "$out" \
	    "echoed 2000 of 2000 in * ms
closed 1000 "
	server 60 "$SOCKT" listen --ws --ws-half-close 20 -k -v --ws-binary 127.0.0.1 0 -e cat
	run 60 node "$WSNODE" client "ws://127.0.0.1:$SPORT/" binfile \
	    "$T/mib" 65536 "$T/mib.node"
	like "node ws client: a MiB through --ws-binary -e cat" "$out" \
	    "binary 1048576 bytes back in * messages*"
	check "node ws client: the same bytes" cmp -s "$T/mib" "$T/mib.node"
else
	skips 7 "node ws" "no node or no ws package (NODE_PATH)"
fi

parts_done
exec 7>&-
done_testing
