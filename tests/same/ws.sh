# tests/same/ws.sh: WebSocket sessions, for same-sessions.sh (which says
# what a scenario is): connect ws:// against python websockets, node's
# ws and the raw peer (pings after our Close, -q, --ws-ping, -i, a
# protocol error), listen --ws with stdin, a program and the bridges
# (--ws --to, --to ws://), permessage-deflate both ways.  The peers are
# tests/ws.sh's; a scenario whose peer is missing says SKIP.
SCENARIOS="ws_connect_py ws_connect_node ws_connect_raw ws_timers
ws_protocol_error ws_listen_stdin ws_listen_prog ws_bridge_to
ws_bridge_to_ws ws_deflate"

# ws.sh finds its peers beside $0, which is not tests/ here
ws_setup() {
	. "$TESTS/ws.sh"
	WSPEER=$TESTS/ws_peer.py
	WSRAW=$TESTS/ws_raw.py
	WSNODE=$TESTS/ws_node.js
	mkfifo "$T/hold"
	exec 7<>"$T/hold"
}

# what the client printed and its status, stderr's lines sorted out
ws_said() {
	echo "$1: $rc"
	printf '%s\n' "$out" | sed 's/^/out: /'
	# a Close sent and one received may pass each other: their lines
	# in either order; a wrong accept's keys are random
	printf '%s\n' "$err" | sed -e 's/^/err: /' \
	    -e 's/wrong ([^)]*), not .*/wrong (KEY), not KEY/' | sort
}

sc_ws_connect_py() {
	ws_setup
	ws_py_usable || { echo "SKIP no python3-websockets"; return 0; }
	printf 'one\ntwo\n' >"$T/in"
	wspy 30 recvn=2 close=1000
	spid=$SPID
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/p?q=1" <"$T/in"
	ws_said connect
	reports "$T/wspy.out" "$spid"
	printf '%s\n' "$rep"
	wspy 30 'fragping=hel|lo, wo|rld' text=after ping=2 close=1001
	spid=$SPID
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "fragments, pings"
	reports "$T/wspy.out" "$spid"
	printf '%s\n' "$rep"
	wspy 30 text=x close=1011
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "closed 1011"
}

sc_ws_connect_node() {
	ws_setup
	ws_node_usable || { echo "SKIP no node ws"; return 0; }
	wsnode 30 send 1000 bye one two
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "node send"
	head -c 70000 /dev/urandom >"$T/bin"
	wsnode 30 echo
	spid=$SPID
	feed "$T/bin"
	run 30 "$SOCKT" connect --ws-binary -q 1 "ws://127.0.0.1:$SPORT/" \
	    <"$FEED"
	kill "$FEEDPID"
	echo "node echo: $rc $(cmp -s "$T/bin" "$T/out" && echo same)"
	reports "$T/wsnode.out" "$spid"
}

sc_ws_connect_raw() {
	ws_setup
	wsraw 30 wait:1 ping:abc wait:1 close:1000
	spid=$SPID
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" </dev/null
	ws_said "pong after our Close"
	reports "$T/wsraw.out" "$spid"
	printf '%s\n' "$rep" | grep -v '^header Sec-WebSocket-Key'
	wsraw 30 first:a ping:p cont:b last:c text:d close:1000:done
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "fragments"
}

sc_ws_timers() {
	ws_setup
	wsraw 30 wait:20
	spid=$SPID
	run 30 "$SOCKT" connect --ws-ping 1 "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "--ws-ping 1, no pong"
	kill "$spid" 2>/dev/null
	wsraw 30 wait:20
	spid=$SPID
	run 30 "$SOCKT" connect -q 1 "ws://127.0.0.1:$SPORT/" </dev/null
	ws_said "-q 1, no Close back"
	kill "$spid" 2>/dev/null
	wsraw 30 wait:20
	spid=$SPID
	run 30 "$SOCKT" connect -i 1 "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "-i 1"
	kill "$spid" 2>/dev/null
}

sc_ws_protocol_error() {
	ws_setup
	wsraw 30 '!text:masked?'
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "a masked frame from the server"
	wsraw 30 badutf8
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "bad UTF-8"
	wsraw 30 --bad-accept
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/hold"
	ws_said "a wrong accept"
}

sc_ws_listen_stdin() {
	ws_setup
	printf 'to the client\n' >"$T/sin"
	SIN=$T/sin SOUT=$T/l.out server 30 "$SOCKT" listen --ws -v \
	    127.0.0.1 0
	lpid=$SPID
	run 30 "$WSPY" "$WSRAW" client "$SPORT" text:hi ping:abc \
	    expect:abc close:1000
	# stdin's line and the pong may come in either order
	printf '%s\n' "$out" | grep -v '^header Sec-WebSocket-Accept' | sort
	wait_status "$lpid"
	echo "listen: $rc"
	cat "$T/l.out"
	sed 's/port [0-9]*/port P/' "$SLOG"
	SIN=$T/hold SOUT=$T/l.out server 30 "$SOCKT" listen --ws -v \
	    127.0.0.1 0
	lpid=$SPID
	run 30 "$WSPY" "$WSRAW" client "$SPORT" '!text:secret'
	printf '%s\n' "$out" | grep -v '^header Sec-WebSocket-Accept'
	wait_status "$lpid"
	echo "listen, an unmasked frame: $rc [$(cat "$T/l.out")]"
}

sc_ws_listen_prog() {
	ws_setup
	server 30 "$SOCKT" listen --ws --ws-half-close 5 -k -v 127.0.0.1 0 \
	    -e cat
	lpid=$SPID
	printf 'a\nb\n' >"$T/in"
	run 30 "$SOCKT" connect "ws://127.0.0.1:$SPORT/" <"$T/in"
	ws_said "-e cat, half-close"
	run 30 "$WSPY" "$WSRAW" client --proto "x|chat" "$SPORT" text:hi \
	    expect:hi close:1000
	printf '%s\n' "$out" | grep -v '^header Sec-WebSocket-Accept'
	run 30 "$WSPY" "$WSRAW" client --plain "$SPORT"
	printf '%s\n' "$out"
	kill "$lpid"
	wait "$lpid" 2>/dev/null
	sed 's/port [0-9]*/port P/' "$SLOG" | sort
}

sc_ws_bridge_to() {
	ws_setup
	ws_py_usable || { echo "SKIP no python3-websockets"; return 0; }
	server 60 "$SOCKT" listen -k -v 127.0.0.1 0 -e cat
	echo_pid=$SPID
	ECHO=$SPORT
	server 60 "$SOCKT" listen --ws --ws-half-close 5 -k -v 127.0.0.1 0 \
	    --to "127.0.0.1:$ECHO"
	wpid=$SPID
	head -c 300000 /dev/urandom >"$T/bin"
	run 60 "$WSPY" "$WSPEER" client "ws://127.0.0.1:$SPORT/" \
	    "binchunks=$T/bin,65536" "recvbytes=300000,$T/back"
	printf '%s\n' "$out"
	echo "bytes back: $(cmp -s "$T/bin" "$T/back" && echo same)"
	run 60 "$SOCKT" connect --ws-binary "ws://127.0.0.1:$SPORT/" <"$T/bin"
	echo "connect --ws-binary: $rc $(cmp -s "$T/bin" "$T/out" && \
	    echo same)"
	kill "$wpid"
	wait "$wpid" 2>/dev/null
	# the far side refuses: a 502 (a port whose server has gone)
	server 60 "$SOCKT" listen -v 127.0.0.1 0
	fp=$SPORT
	kill "$SPID"
	wait "$SPID" 2>/dev/null
	server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$fp"
	wpid=$SPID
	run 30 "$WSPY" "$WSRAW" client "$SPORT"
	printf '%s\n' "$out" | sed "s/$fp/FP/g"
	kill "$wpid" "$echo_pid"
	wait "$wpid" 2>/dev/null
}

sc_ws_bridge_to_ws() {
	ws_setup
	ws_py_usable || { echo "SKIP no python3-websockets"; return 0; }
	head -c 200000 /dev/urandom >"$T/bin"
	SOUT=$T/wse.out wspy 60 --headers echobytes=200000 close=1000
	wspid=$SPID
	server 60 "$SOCKT" listen -v 127.0.0.1 0 --to \
	    "ws://127.0.0.1:$SPORT/up?k=v"
	lpid=$SPID
	feed "$T/bin"
	run 60 "$SOCKT" connect -Q 127.0.0.1 "$SPORT" <"$FEED"
	kill "$FEEDPID"
	echo "connect -Q: $rc $(cmp -s "$T/bin" "$T/out" && echo same)"
	reports "$T/wse.out" "$wspid"
	printf '%s\n' "$rep" | grep -v -e '^header Sec-WebSocket-Key' \
	    -e '^header Host'
	wait_status "$lpid"
	echo "listen: $rc"
	sed 's/port [0-9]*/port P/' "$SLOG"
}

sc_ws_deflate() {
	ws_setup
	ws_py_usable || { echo "SKIP no python3-websockets"; return 0; }
	{
		i=0
		while [ $i -lt 300 ]; do
			echo "a line to compress, the same words again $i"
			i=$((i + 1))
		done
	} >"$T/in"
	server 30 "$SOCKT" listen --ws -v --ws-half-close 5 127.0.0.1 0 -e cat
	lpid=$SPID
	run 30 "$SOCKT" connect -v "ws://127.0.0.1:$SPORT/" <"$T/in"
	echo "deflate both ways: $rc $(cmp -s "$T/in" "$T/out" && echo same)"
	printf '%s\n' "$err"
	wait_status "$lpid"
	sed 's/port [0-9]*/port P/' "$SLOG"
	wspy 30 recvn=2 close=1000
	spid=$SPID
	printf 'x\ny\n' >"$T/in2"
	run 30 "$SOCKT" connect --ws-no-deflate -v "ws://127.0.0.1:$SPORT/" \
	    <"$T/in2"
	ws_said "--ws-no-deflate"
	reports "$T/wspy.out" "$spid"
	printf '%s\n' "$rep"
}
