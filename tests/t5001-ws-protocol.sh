#!/bin/sh
# t5001: WebSocket (issue 30) against peers that misbehave, on raw
# sockets (tests/ws_raw.py).  connect ws://: the upgrade request as
# sent; a wrong Sec-WebSocket-Accept, a 403, a 101 without Upgrade and a
# subprotocol never offered each fail the handshake (exit 1, nothing on
# stdout); frames masked; reserved bits, an unknown opcode, a masked
# server frame, a continuation with no start, a control frame too long
# or fragmented, a Close with a code that may not be sent or of one byte
# each close with 1002 and one line on stderr; text that is
# not UTF-8 (whole or across fragments) with 1007, a euro sign split
# across fragments accepted; --ws-max-message exceeded (in one frame,
# over fragments, announced by a header alone) with 1009, the payload
# never written; a server's ping answered with its payload, an
# unsolicited pong ignored; messages and Close in one write before a FIN
# all written (stdin open, and stdin at its end at once); -d sends no
# Close of its own; --ws-ping against a server that never answers: exit
# 1; -q bounds the wait for a Close that never comes.  listen --ws: an
# unmasked client frame closed with 1002 and never written, reserved
# bits (1002) and bad UTF-8 (1007) from a client, its ping answered, its
# frames unmasked, --ws-max-message (1009, never written), --ws-ping
# against a client that never answers, a plain GET answered 426, a wrong
# --ws-path 404, the server still up after each.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"

[ -x "$WSPY" ] || WSPY=python3
if ! have "$WSPY"; then
	skip "WebSocket raw peers" "no python3"
	done_testing
	exit 0
fi
mkfifo "$T/hold"
exec 7<>"$T/hold"	# a stdin that never ends: the server closes first

# One ws_raw.py (serve-many) for the script's 36 raw servers, a scenario
# a connection on one port (a python3 start each was 4.5 s of CPU): wsraw
# SECS ARGS sends it one, its number in SPID; wsreport N waits for the
# Nth's end and sets $rep to its reports, as ws.sh's reports did.  Its
# stdin and stdout are fifos held open read-write while it starts (a
# fifo's open waits for the other end), its stdout then read-only, so
# that its end is seen.
mkfifo "$T/wsraw.in" "$T/wsraw.done" || exit 1
exec 4<>"$T/wsraw.in" 5<>"$T/wsraw.done"
SIN=$T/wsraw.in SOUT=$T/wsraw.done server 240 "$WSPY" "$WSRAW" serve-many \
    "$T" || exit 1
exec 5<"$T/wsraw.done"
WSPORT=$SPORT _wn=-1 _wd=-1
wsraw() {
	printf '%s\t' "$@" >&4
	printf '\n' >&4
	_wn=$((_wn + 1))
	SPID=$_wn SPORT=$WSPORT
}
wsreport() {
	while [ "$_wd" -lt "$1" ] && read -r _ _wd <&5; do :; done
	rep=$(cat "$T/wsraw$1.out")
}
nlines() { printf '%s\n' "$1" | wc -l | tr -d ' '; }

# --- the handshake ----------------------------------------------------------
printf 'hello\n' >"$T/in1"
wsraw 30 --bad-accept
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/p/q?x=1" <"$T/in1"
is "a wrong Sec-WebSocket-Accept: exit 1, nothing on stdout" "$rc:$out" "1:"
like "... and a word on stderr" "$err" "sockt connect: *"
wsreport "$spid"
like "the request line" "$rep" "request GET /p/q?x=1 HTTP/1.1*"
like "Host" "$rep" "*header Host: 127.0.0.1:$SPORT*"
like "Upgrade: websocket" "$rep" "*header [Uu]pgrade: [Ww]eb[Ss]ocket*"
like "Connection: Upgrade" "$rep" "*header [Cc]onnection: *[Uu]pgrade*"
like "Sec-WebSocket-Version: 13" "$rep" "*header Sec-WebSocket-Version: 13*"
key=$(printf '%s\n' "$rep" | sed -n 's/^header Sec-WebSocket-Key: *//p')
like "Sec-WebSocket-Key: 16 bytes in base64" "$key" \
    "??????????????????????=="
key2=
wsraw 30 --bad-accept
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in1"
wsreport "$spid"
key2=$(printf '%s\n' "$rep" | sed -n 's/^header Sec-WebSocket-Key: *//p')
check "a new key each time" test -n "$key2" -a "$key" != "$key2"

wsraw 30 --status 403
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in1"
is "403: exit 1, nothing on stdout" "$rc:$out" "1:"
like "403: the status printed" "$err" "*403*"
wsraw 30 --no-upgrade
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in1"
is "101 without Upgrade: exit 1, nothing on stdout" "$rc:$out" "1:"
check "... and a word on stderr" test -n "$err"
wsraw 30 --proto evil text:x close:1000
run 30 "$SOCKT" connect --ws-protocol good "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "a subprotocol that was not offered: exit 1, nothing on stdout" \
    "$rc:$out" "1:"
wsraw 30 --proto evil text:x close:1000
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "a subprotocol when none was offered: exit 1" "$rc:$out" "1:"

# --- frames from the client -----------------------------------------------------
wsraw 30
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in1"
wsreport "$spid"
like "a line: a masked text frame" "$rep" "*recv text fin=1 masked=1 hello*"
like "the end of stdin: a masked Close 1000" "$rep" \
    "*recv text fin=1 masked=1 hello*recv close masked=1 1000 *"
is "... and exit 0" "$rc:$out" "0:"

# --- malformed frames from the server -------------------------------------------
# bad DESC CODE STEP...: "ok", then the bad frame; connect must write ok,
# close with CODE, exit 1 with one line on stderr
bad() {
	_d=$1 _c=$2
	shift 2
	wsraw 30 text:ok "$@"
	_sp=$SPID
	run 30 "$SOCKT" connect $BADOPT "ws://127.0.0.1:$SPORT/" <"$T/hold"
	wsreport "$_sp"
	is "$_d: ok written, exit 1, one line on stderr" \
	    "$rc:$out:$(nlines "$err")" "1:ok:1"
	like "$_d: Close $_c" "$rep" "*recv close masked=1 $_c *"
}
BADOPT=
bad "RSV1 set" 1002 rsv1:x
bad "RSV3 set" 1002 rsv3:x
bad "opcode 3" 1002 op:3:x
bad "opcode 11 (control)" 1002 op:11:x
bad "a masked server frame" 1002 '!text:masked'
bad "a continuation with no start" 1002 cont:x
bad "a text frame inside a fragmented one" 1002 first:a text:b
bad "a ping of 126 bytes" 1002 bigping
bad "a fragmented ping" 1002 fragping
bad "a Close with code 999" 1002 close:999
bad "a Close with code 1005 (never sent)" 1002 close:1005
bad "a Close with code 5000" 1002 close:5000
bad "a Close of one byte" 1002 op:8:x
bad "text that is not UTF-8" 1007 badutf8
bad "UTF-8 broken in a later fragment" 1007 badutf8frag
BADOPT="--ws-max-message 1000"
bad "--ws-max-message 1000: a frame of 1001" 1009 bigtext:1001
bad "--ws-max-message 1000: 3000 bytes in 3 fragments" 1009 fragtext:3000:3
BADOPT=
bad "a header announcing 2^40 bytes (default limit 64 MiB)" 1009 \
    hugehdr:1099511627776
BADOPT="--ws-max-message 1000"
wsraw 30 bigtext:1000 close:1000
run 30 "$SOCKT" connect $BADOPT "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "--ws-max-message 1000: a message of 1000 passes" "$rc:${#out}" "0:1000"
BADOPT=

wsraw 30 eurosplit close:1000
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "a euro sign split across fragments is UTF-8" "$rc:$out" "0:a€b"

# --- control frames -----------------------------------------------------------
wsraw 30 ping:abc wait:1 text:after close:1000
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
wsreport "$spid"
like "a ping answered with its payload, masked" "$rep" \
    "*recv pong fin=1 masked=1 616263*"
is "... the conversation goes on" "$rc:$out" "0:after"
wsraw 30 pong:zz text:ok close:1000
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "an unsolicited pong is ignored" "$rc:$out:$err" "0:ok:"
wsraw 30 text:ok close:
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/p" <"$T/hold"
is "a Close without a code (1005)" "$out" "ok"

# --- what comes before the Close --------------------------------------------------
wsraw 30 text:one text:two bin:three close:1000:bye shut
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "messages, Close and FIN in one write: all written, exit 0" \
    "$rc:$out" "0:one
two
three"
wsreport "$spid"
like "... and the Close answered" "$rep" "*recv close masked=1 1000 *"
wsraw 30 text:one text:two close:1000:bye shut
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" </dev/null
is "stdin empty at once: what the server sent still written" "$rc:$out" \
    "0:one
two"

# --- -d: no Close of its own --------------------------------------------------
# the server waits 1.5 s (the scenario) before its Close: a Close from
# the client in that time would show before "sent close"
wsraw 30 text:hi wait:1.5 close:1000:done
spid=$SPID
run 30 "$SOCKT" connect -d "ws://127.0.0.1:$SPORT/" </dev/null
wsreport "$spid"
is "-d: the message, exit 0" "$rc:$out" "0:hi"
like "-d: the only Close from the client answers the server's" "$rep" \
    "*sent close:1000:done
recv close masked=1 1000 *"
is "-d: one Close from the client" \
    "$(printf '%s\n' "$rep" | grep -c 'recv close')" 1
wsraw 30 text:hi wait:1.5 close:1000:done
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" </dev/null
wsreport "$spid"
like "without -d stdin's end sends Close 1000 at once" "$rep" \
    "*recv close masked=1 1000 *sent close:1000:done*"

# --- --ws-ping, -q -------------------------------------------------------------
# the raw server never answers a ping
wsraw 30 wait:20
spid=$SPID
timed 30 "$SOCKT" connect --ws-ping 1 "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "--ws-ping 1, no pong: exit 1" "$rc" 1
check "... within about 2 s ($el ms)" within 1500 4500 "$el"
wsreport "$spid"
like "... after a ping" "$rep" "*recv ping fin=1 masked=1 *"
# the server never answers the client's Close
wsraw 30 wait:20
spid=$SPID
timed 30 "$SOCKT" connect -q 1 "ws://127.0.0.1:$SPORT/" </dev/null
check "-q 1: no Close in answer, the wait ends ($el ms)" within 700 3500 "$el"
wsreport "$spid"
like "... after its own Close 1000" "$rep" "*recv close masked=1 1000 *"

# --- listen --ws against raw clients -------------------------------------------
SIN=$T/hold SOUT=$T/l1.out server 30 "$SOCKT" listen --ws -v 127.0.0.1 0
lpid=$SPID
pyrun 30 "$WSRAW" client "$SPORT" '!text:secret'
like "an unmasked client frame: Close 1002" "$out" \
    "*accept ok*recv close masked=0 1002 *"
wait_status "$lpid"
is "... its payload never written" "$(cat "$T/l1.out")" ""

server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -e cat
KPID=$SPID KPORT=$SPORT
pyrun 30 "$WSRAW" client "$KPORT" text:hi ping:abc expect:hi close:1000
like "listen: the 101 with the right accept" "$out" \
    "status HTTP/1.1 101 *accept ok*"
like "listen: frames unmasked" "$out" "*recv text fin=1 masked=0 hi*"
like "listen: a ping answered" "$out" "*recv pong fin=1 masked=0 616263*"
like "listen: the Close answered" "$out" "*recv close masked=0 1000 *"
pyrun 30 "$WSRAW" client "$KPORT" rsv2:x
like "listen: reserved bits, Close 1002" "$out" "*recv close masked=0 1002 *"
pyrun 30 "$WSRAW" client "$KPORT" badutf8
like "listen: text not UTF-8, Close 1007" "$out" "*recv close masked=0 1007 *"
pyrun 30 "$WSRAW" client "$KPORT" '!text:secret'
like "listen -k: unmasked, Close 1002" "$out" "*recv close masked=0 1002 *"
pyrun 30 "$WSRAW" client --plain "$KPORT"
like "listen: a plain GET, 426" "$out" "status HTTP/1.1 426 Upgrade Required*"
check "listen -k: still up" alive "$KPID"
# the program writes each line to lim.out and answers "ack"; the client
# sends the big message once "fine" is written
server 60 "$SOCKT" listen --ws --ws-max-message 1000 -k -v 127.0.0.1 0 \
    -e sh -c 'while IFS= read -r l; do printf "%s\n" "$l" >>"$1"; echo ack
	done' sh "$T/lim.out"
pyrun 30 "$WSRAW" client "$SPORT" text:fine expect:ack bigtext:1001
like "listen --ws-max-message 1000: 1001 bytes, Close 1009" "$out" \
    "*recv text fin=1 masked=0 ack*recv close masked=0 1009 *"
pyrun 30 "$WSRAW" client "$SPORT" fragtext:3000:3
like "listen --ws-max-message 1000: 3000 in 3 fragments, Close 1009" "$out" \
    "*recv close masked=0 1009 *"
is "... the refused messages never written" "$(cat "$T/lim.out")" "fine"
# a client that never answers a ping
server 60 "$SOCKT" listen --ws --ws-ping 1 -k -v 127.0.0.1 0 -e cat
_tt0=$(now_ms)
pyrun 30 "$WSRAW" client "$SPORT" wait:15
el=$(( $(now_ms) - _tt0 ))
like "listen --ws-ping 1: a ping, then the end" "$out" \
    "*recv ping fin=1 masked=0 *eof*"
check "... within about 2 s ($el ms)" within 1500 4500 "$el"
server 60 "$SOCKT" listen --ws --ws-path /chat -k -v 127.0.0.1 0 -e cat
PPID_=$SPID
pyrun 30 "$WSRAW" client --path /other "$SPORT"
like "--ws-path /chat: /other is 404" "$out" "status HTTP/1.1 404 *"
pyrun 30 "$WSRAW" client --path /chat "$SPORT" text:in expect:in close:1000
like "--ws-path /chat: /chat is served" "$out" \
    "status HTTP/1.1 101 *recv text fin=1 masked=0 in*"
check "--ws-path: still up" alive "$PPID_"

exec 7>&-
done_testing
