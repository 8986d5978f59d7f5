#!/bin/sh
# t5006: WebSocket to the letter of RFC 6455 (issue 39).  A client's
# Close is answered at once by listen --ws whose stdin stays open
# (python websockets' close() gets 1000 quickly), --ws-half-close holds
# it back only its secs; a ping after our own Close is answered; a peer
# that pings 300,000 times and never reads leaves memory bounded.  The
# handshake: a 426 with Connection: upgrade, two Sec-WebSocket-Key 400,
# several Sec-WebSocket-Protocol lines one list, a 101 with two Accept
# or Protocol fields refused, a subprotocol in another case not ours,
# -H Sec-WebSocket-Key a usage error.  --ws-origin: 403 for another
# Origin (python websockets too), the program's SOCKT_WS_ORIGIN.  The
# endings: SIGTERM and SIGINT on connect send 1001 and end by the signal,
# SIGTERM ends it too when no descriptor is left for the self-pipe, or
# when it is blocked writing to a stdout that nobody reads;
# a reader of stdout that leaves -d gets 1001 too;
# a closing handshake done ends connect and listen at once, stdin open
# or not, though the peer keeps its TCP connection (issue 48); a peer
# that fails --ws-ping's check is gone: Close sent, nothing awaited;
# a server that never answers our Close holds us about 5 s (of silence:
# one still sending is waited for), a signal
# meanwhile not at all, and a client that never answers listen's holds
# it as long, its linger after; bad UTF-8 on our stdin is 1011, not 1007; a far
# side that resets under --ws --to is 1014; a client's Close 1011 or its
# reset reaches the far side as a reset, and a server's 1011 the TCP
# client of --to ws://; a far side that refuses the dial is a 502; -i
# counts none of our pings (nor their pongs); a socket that hangs up
# while stdout is backed up costs no CPU.
# watchdog: 280
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"

[ -x "$WSPY" ] || WSPY=python3
if ! have "$WSPY"; then
	skip "WebSocket raw peers" "no python3"
	done_testing
	exit 0
fi
mkfifo "$T/hold"
exec 7<>"$T/hold"	# a stdin that never ends (as `sleep 100 |` is)

# --- the waits that must run out, as parts (lib.sh): beside the rest ----
# of the script, not one after another (their sum was 21 s of its 47)
HOLD=$T/hold
wait_no_close() {
	wsraw 30 wait:20
	spid=$SPID
	timed 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" </dev/null
	check "no Close in answer to ours: the wait ends by itself ($el ms)" \
	    within 4000 8000 "$el"
	kill "$spid" 2>/dev/null
}
wait_ping_check() {
	# --ws-ping 1 and a peer that never answers: gone at the check (2 s),
	# our Close sent, nothing more awaited (it took 5 s)
	wsraw 30 sleep:20
	spid=$SPID
	timed 30 "$SOCKT" connect --ws-ping 1 "ws://127.0.0.1:$SPORT/" <"$HOLD"
	is "--ws-ping 1, a peer that never answers: exit 1 at the check ($el ms)" \
	    "$rc:$(within 1800 4000 "$el" && echo in)" "1:in"
	like "... saying so" "$err" "*no pong within 1.000 s*"
	kill "$spid" 2>/dev/null
}
wait_listen_quiet() {
	# ... listen's too: its stdin ends at once, its Close goes to a client
	# that reads nothing for 20 s (5 s of silence, then the socket's own
	# linger of 3 s at most)
	printf 'hi\n' >"$T/one"
	SIN=$T/one server 30 "$SOCKT" listen --ws -v 127.0.0.1 0
	lpid=$SPID
	_t0=$(now_ms)
	BGOUT=$T/quiet.out bg 30 "$WSPY" "$WSRAW" client "$SPORT" sleep:20
	cpid=$BGPID
	wait_status "$lpid"
	el=$(( $(now_ms) - _t0 ))
	check "listen: a client that never answers our Close: the wait ends ($el ms)" \
	    within 4000 11000 "$el"
	kill "$cpid" 2>/dev/null
}
wait_still_sending() {
	# ... a bound on silence, not on a peer still sending what came before
	# its Close: four messages 2 s apart, the last with its Close, 6 s after
	# ours
	wsraw 30 text:a sleep:2 text:b sleep:2 text:c sleep:2 text:d close:1000
	spid=$SPID
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" </dev/null
	is "a peer still sending after our Close: all of it, then its Close" \
	    "$rc:$(tr '\n' ' ' <"$T/out")" "0:a b c d "
	kill "$spid" 2>/dev/null
}
part wait_no_close
part wait_ping_check
part wait_listen_quiet
part wait_still_sending

# --- 1: a Close answered at once --------------------------------------------
if ws_py_usable; then
	SIN=$T/hold server 30 "$SOCKT" listen --ws -v 127.0.0.1 0
	lpid=$SPID
	_t0=$(now_ms)
	wsclient 30 "ws://127.0.0.1:$SPORT/" close=1000
	el=$(( $(now_ms) - _t0 ))
	is "stdin open: python websockets' close() gets a clean 1000" \
	    "$rc:$out" "0:closed 1000 "
	check "... at once ($el ms)" within 0 4000 "$el"
	wait_status "$lpid"
	is "... and listen exits 0" "$rc" 0
	SIN=$T/hold server 30 "$SOCKT" listen --ws --ws-half-close 1 -v \
	    127.0.0.1 0
	_t0=$(now_ms)
	wsclient 30 "ws://127.0.0.1:$SPORT/" close=1000
	el=$(( $(now_ms) - _t0 ))
	is "--ws-half-close 1: 1000, once its time is up" "$rc:$out" \
	    "0:closed 1000 "
	check "... after about 1 s ($el ms)" within 800 6000 "$el"
else
	skips 5 "python websockets and the Close" "no python3-websockets"
fi

# --- 2: a pong after our own Close ------------------------------------------
wsraw 30 wait:1 ping:abc wait:1 close:1000
spid=$SPID
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" </dev/null
reports "$T/wsraw.out" "$spid"
like "a ping after our Close is answered (5.5.2)" "$rep" \
    "*recv close masked=1 1000 *sent ping:abc*recv pong fin=1 masked=1 616263*"
is "... exit 0" "$rc" 0

# --- 3: a ping flood never read ---------------------------------------------
SIN=$T/hold server 90 "$SOCKT" listen --ws -v 127.0.0.1 0
lpid=$SPID
# the growth from the peak before the flood, not a fixed size: a
# sanitizer build starts at some 15 MB (6b8a298 grew by 35 MB)
pyrun 90 "$WSRAW" client "$SPORT" "hwm:$lpid" pingflood:300000 \
    wait:1 "hwm:$lpid" close:1000
hwm0=$(printf '%s\n' "$out" | sed -n 's/^hwm //p' | head -n 1)
hwm=$(printf '%s\n' "$out" | sed -n 's/^hwm //p' | sed -n 2p)
check "300,000 pings, none of the pongs read: memory bounded (${hwm0:-?} kB, then ${hwm:-?} kB)" \
    test "$(( ${hwm:-999999} - ${hwm0:-0} ))" -lt 8000
like "... pongs all the same" "$out" "*recv pong fin=1 masked=0 125 bytes*"
wait_status "$lpid"

# --- 4: the handshake -------------------------------------------------------
server 60 "$SOCKT" listen --ws --ws-protocol chat -k -v 127.0.0.1 0 -e cat
KPID=$SPID KPORT=$SPORT
pyrun 30 "$WSRAW" client --plain "$KPORT"
like "a plain GET: 426 with Connection: upgrade (RFC 9110 7.8)" "$out" \
    "status HTTP/1.1 426 *header Connection: upgrade*"
pyrun 30 "$WSRAW" client --dupkey "$KPORT"
like "two Sec-WebSocket-Key lines: 400 (11.3.1)" "$out" \
    "status HTTP/1.1 400 *body *Sec-WebSocket-Key*"
pyrun 30 "$WSRAW" client --proto "superchat|chat" "$KPORT" close:1000
like "two Sec-WebSocket-Protocol lines are one list (11.3.4)" "$out" \
    "status HTTP/1.1 101 *header Sec-WebSocket-Protocol: chat*"
check "listen -k: still up" alive "$KPID"
wsraw 30 --two-accept text:x close:1000
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "a 101 with two Sec-WebSocket-Accept: exit 1, nothing on stdout" \
    "$rc:$out" "1:"
like "... said" "$err" "*more than one Sec-WebSocket-Accept*"
wsraw 30 --two-proto chat text:x close:1000
run 30 "$SOCKT" connect --ws-protocol chat "ws://127.0.0.1:$SPORT/" \
    <"$T/hold"
is "a 101 with two Sec-WebSocket-Protocol: exit 1, nothing on stdout" \
    "$rc:$out" "1:"
wsraw 30 --proto CHAT text:x close:1000
run 30 "$SOCKT" connect --ws-protocol chat "ws://127.0.0.1:$SPORT/" \
    <"$T/hold"
is "CHAT for our chat: not ours (names match in their case, as listen's)" \
    "$rc:$out" "1:"
run 10 "$SOCKT" connect -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" \
    "ws://127.0.0.1:9/"
is "-H Sec-WebSocket-Key: a usage error" "$rc" 2

# --- 5: --ws-origin ---------------------------------------------------------
server 60 "$SOCKT" listen --ws -k -v \
    --ws-origin "http://good.example, https://b.example:8443" 127.0.0.1 0 \
    -c 'printf "%s\n" "${SOCKT_WS_ORIGIN-unset}"'
OPORT=$SPORT
pyrun 30 "$WSRAW" client --origin http://evil.example "$OPORT"
like "--ws-origin: another Origin gets 403" "$out" "status HTTP/1.1 403 *"
pyrun 30 "$WSRAW" client --origin http://Good.Example "$OPORT" \
    expect:http://Good.Example
like "--ws-origin: a listed one (any case) upgraded, SOCKT_WS_ORIGIN set" \
    "$out" "status HTTP/1.1 101 *recv text fin=1 masked=0 http://Good.Example*"
pyrun 30 "$WSRAW" client "$OPORT" expect:unset
like "--ws-origin: no Origin (no browser) upgraded, SOCKT_WS_ORIGIN unset" \
    "$out" "status HTTP/1.1 101 *recv text fin=1 masked=0 unset*"
if ws_py_usable; then
	wsclient 30 --header "Origin: https://evil.example" \
	    "ws://127.0.0.1:$OPORT/" text=x
	like "--ws-origin: python websockets from another Origin refused" \
	    "$rc:$out" "3:handshake failed*403*"
else
	skip "--ws-origin: python websockets" "no python3-websockets"
fi

# --- 6: the endings ---------------------------------------------------------
# sig NAME: connect ended by SIGNAME once a message came (the signal
# as it comes from a terminal: default on entry, not ignored as a
# background job's SIGINT is)
sig() {
	wsraw 30 text:ready
	_sp=$SPID
	BGIN=$T/hold BGOUT=$T/sig.out bg 30 "$WSPY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$SOCKT" connect "ws://127.0.0.1:$SPORT/"
	_cp=$BGPID
	wait_until 10 grep -q ready "$T/sig.out"
	kill "-$1" "$_cp"
	_t0=$(now_ms)
	wait_status "$_cp"
	el=$(( $(now_ms) - _t0 ))
	reports "$T/wsraw.out" "$_sp"
	like "SIG$1 on connect: a Close 1001 first" "$rep" \
	    "*recv close masked=1 1001 going away*"
	is "... then the end by the signal, within the bound ($el ms)" \
	    "$rc:$(within 0 5000 "$el" && echo in)" "$2:in"
}
sig TERM 143
sig INT 130
# ... and with no descriptor left for the self-pipe (ulimit -n 5: the
# socket and libcrypto's loading take the last), SIGTERM keeps its
# default action: caught, it would never reach the relay
wsraw 30 text:ready
spid=$SPID
BGIN=$T/hold BGOUT=$T/sig3.out bg 30 sh -c 'ulimit -n 5 && exec "$@"' sh \
    "$SOCKT" connect "ws://127.0.0.1:$SPORT/"
cpid=$BGPID
wait_until 10 grep -q ready "$T/sig3.out"
kill -TERM "$cpid"
_t0=$(now_ms)
wait_status "$cpid"
el=$(( $(now_ms) - _t0 ))
is "no descriptor for the self-pipe: SIGTERM still ends connect ($el ms)" \
    "$rc:$(within 0 5000 "$el" && echo in)" "143:in"
kill "$spid" 2>/dev/null
# ... and one blocked writing to a stdout nobody reads (a fifo held open,
# never read): the write is cut short, the end by the signal at once
head -c 3000000 /dev/zero | tr '\0' x | fold -w 1000 >"$T/big"
SIN=$T/big server 30 "$SOCKT" listen --ws -v 127.0.0.1 0
spid=$SPID
mkfifo "$T/stuck"
exec 6<>"$T/stuck"	# 6: pyrun holds 8 and 9
BGIN=$T/hold BGOUT=$T/stuck bg 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/"
cpid=$BGPID
blocked() { grep -q pipe_write "/proc/$cpid/wchan" 2>/dev/null; }
wait_until 10 blocked
kill -TERM "$cpid"
_t0=$(now_ms)
wait_status "$cpid"
el=$(( $(now_ms) - _t0 ))
is "SIGTERM while stdout is backed up: the end, at once ($el ms)" \
    "$rc:$(within 0 5000 "$el" && echo in)" "143:in"
exec 6>&-
kill "$spid" 2>/dev/null

# the closing handshake done, nothing more can be said: stdin open, a
# peer that keeps its TCP connection 5 s after it holds neither side
# (the lingering close of 3 s waited for its end; issue 48)
SIN=$T/hold server 30 "$SOCKT" listen --ws -v 127.0.0.1 0
lpid=$SPID
_t0=$(now_ms)
BGOUT=$T/hold5.out bg 30 "$WSPY" "$WSRAW" client "$SPORT" close:1000 \
    wait:2 sleep:5
cpid=$BGPID
wait_status "$lpid"
el=$(( $(now_ms) - _t0 ))
is "listen --ws, stdin open: the closing handshake done, it exits 0 at once ($el ms)" \
    "$rc:$(within 0 2500 "$el" && echo in)" "0:in"
kill "$cpid" 2>/dev/null
wsraw 30 close:1000 sleep:5
spid=$SPID
timed 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "connect ws://, stdin open: the server's Close answered, it exits 0 at once ($el ms)" \
    "$rc:$(within 0 2500 "$el" && echo in)" "0:in"
kill "$spid" 2>/dev/null
wsraw 30 close:1011:oops sleep:5
spid=$SPID
timed 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
is "... the server's Close 1011: exit 1 at once ($el ms)" \
    "$rc:$(within 0 2500 "$el" && echo in)" "1:in"
kill "$spid" 2>/dev/null
# ... and a signal in that wait ends it at once
wsraw 30 wait:20
spid=$SPID
BGOUT=$T/sig2.out bg 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/"
cpid=$BGPID
wait_until 10 grep -q "recv close" "$T/wsraw.out"
_t0=$(now_ms)
kill -TERM "$cpid"
wait_status "$cpid"
el=$(( $(now_ms) - _t0 ))
is "SIGTERM while our Close awaits its answer: the end, at once ($el ms)" \
    "$rc:$(within 0 2000 "$el" && echo in)" "143:in"
kill "$spid" 2>/dev/null

wsraw 30
spid=$SPID
printf 'ok\n\377\n' >"$T/bad"
run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/bad"
reports "$T/wsraw.out" "$spid"
like "our own stdin not UTF-8: 1011, not the peer's 1007" "$rep" \
    "*recv text fin=1 masked=1 ok*recv close masked=1 1011 *"
is "... exit 1" "$rc" 1

# a TCP far side: "reset" reads a little and resets; "report" says how
# its stream ended
cat >"$T/far.py" <<'EOF'
import socket, struct, sys
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
sys.stderr.write("far: listening on 127.0.0.1 port %d\n" %
                 ls.getsockname()[1])
sys.stderr.flush()
c, _ = ls.accept()
if sys.argv[1] == "reset":
    c.recv(100)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    sys.exit(0)
n = 0
try:
    while True:
        d = c.recv(65536)
        if not d:
            print("eof after %d" % n)
            break
        n += len(d)
except ConnectionResetError:
    print("reset after %d" % n)
EOF
server 30 "$WSPY" "$T/far.py" reset
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$SPORT"
pyrun 30 "$WSRAW" client "$SPORT" bin:hello
like "--ws --to, the far side resets: 1014, not 1000" "$out" \
    "*recv close masked=0 1014 *"
for how in "close:1011" reset; do
	SOUT=$T/far.out server 30 "$WSPY" "$T/far.py" report
	fpid=$SPID
	server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$SPORT"
	pyrun 30 "$WSRAW" client "$SPORT" bin:abc wait:1 "$how"
	wait_gone "$fpid" 10
	is "--ws --to, the client's $how: the far side gets a reset" \
	    "$(cat "$T/far.out")" "reset after 3"
done
SOUT=$T/far.out server 30 "$WSPY" "$T/far.py" report
fpid=$SPID
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$SPORT"
pyrun 30 "$WSRAW" client "$SPORT" bin:abc close:1000
wait_gone "$fpid" 10
is "--ws --to, the client's Close 1000: a clean end" "$(cat "$T/far.out")" \
    "eof after 3"
# the other bridge: a WebSocket server's Close 1011 reaches the TCP
# client as a reset, its Close 1000 as an end of file
cat >"$T/tcpend.py" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
n = 0
try:
    while True:
        d = s.recv(65536)
        if not d:
            print("eof after %d" % n)
            break
        n += len(d)
except ConnectionResetError:
    print("reset after %d" % n)
s.close()
EOF
for code in 1011 1000; do
	wsraw 30 bin:hi "close:$code:x"
	server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "ws://127.0.0.1:$SPORT/"
	pyrun 30 "$T/tcpend.py" "$SPORT"
	case $code in
	1000) want="eof after 2" ;;
	*) want="reset after 2" ;;
	esac
	is "--to ws://, the server's Close $code: the TCP client gets $want" \
	    "$out" "$want"
done
closedport
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$CPORT"
pyrun 30 "$WSRAW" client "$SPORT"
like "--ws --to, the dial refused: 502" "$out" "status HTTP/1.1 502 *"

if ws_py_usable; then
	wspy 30 wait
	timed 30 "$SOCKT" connect -i 2 --ws-ping 0.5 "ws://127.0.0.1:$SPORT/" \
	    <"$T/hold"
	is "-i 2 --ws-ping 0.5 against a peer that answers: idle all the same" \
	    "$rc" 1
	check "... after about 2 s ($el ms)" within 1800 5000 "$el"
else
	skips 2 "-i and --ws-ping" "no python3-websockets"
fi

# -d, the reader of stdout gone while nothing comes: our Close 1001, as
# a signal sends it, never a dropped connection (1006 to the server)
if ws_py_usable; then
	SOUT=$T/gone.out wspy 30 text=hello wait
	gpid=$SPID
	run 20 sh -c '"$1" connect -d "ws://127.0.0.1:$2/" | head -c 1' sh \
	    "$SOCKT" "$SPORT"
	reports "$T/gone.out" "$gpid"
	is "-d, stdout's reader gone: Close 1001 (python websockets)" \
	    "$out:$(printf '%s\n' "$rep" | grep '^closed')" "h:closed 1001 going away"
else
	skip "-d, stdout's reader gone: Close 1001 (python websockets)" \
	    "no python3-websockets"
fi

# stdout a fifo no one reads, non-blocking (as a pipe shared with node
# is, or a program's socketpair); 1.5 MiB of messages, then a reset
mkfifo "$T/ofifo"
exec 6<>"$T/ofifo"
steps=
i=0
while [ $i -lt 24 ]; do steps="$steps bigtext:65536"; i=$((i + 1)); done
# shellcheck disable=SC2086
wsraw 30 $steps wait:1 reset
spid=$SPID
BGIN=$T/hold BGOUT=$T/ofifo bg 30 "$WSPY" -c 'import fcntl, os, sys
fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)
os.execv(sys.argv[1], sys.argv[1:])' "$SOCKT" connect "ws://127.0.0.1:$SPORT/"
cpid=$BGPID
wait_until 10 grep -q '^reset' "$T/wsraw.out"
t1=$(awk '{ print $14 + $15 }' "/proc/$cpid/stat")
sleep 1		# the window the CPU time is measured over
t2=$(awk '{ print $14 + $15 }' "/proc/$cpid/stat")
check "a hangup while stdout is backed up: no spinning ($((t2 - t1)) ticks)" \
    test $((t2 - t1)) -lt 10
kill "$cpid" 2>/dev/null
exec 6>&-

exec 7>&-
parts_done
done_testing
