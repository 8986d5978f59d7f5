#!/bin/sh
# t1080: the ends of connections whose peers are still sending (issue
# 38).  Every server mode that ends a connection while its client still
# sends must end it in order: the client reads our last words and then
# an end of file, and sockt sends no RST (a close(2) with unread bytes
# in the receive queue, or bytes arriving after it, makes the kernel
# send one, and a client that is sending, or reads through a buffered
# stream, loses what we said last).  Each case runs SOCKT_ENDS_N times
# (20; the issue's bar is 20 of 20) while two busy loops load both
# cores, and tcpdump on lo counts the RST segments sent from the
# server's port, which must be none:
#   - listen -k -c 'printf bye', a program that answers without
#     reading, to a client sending 64 KiB writes without pause: "bye",
#     then end of file; the same through the relay of -i
#   - listen --ws -k -e cat given an unmasked frame (a protocol error)
#     by a raw client that then keeps sending frames: our Close 1002,
#     then end of file; and Python's websockets (the peer the issue
#     names) sending 200 KB messages to --ws-max-message 100000: it
#     must see our Close 1009 (ConnectionClosed.rcvd), not code 1006
#   - listen --serve-proxy http --serve-proxy-auth u:p and a POST
#     without credentials, Content-Length 10 MB, its body streamed: the
#     whole 407 response, then end of file
#   - serve-hello and a client that sends "alice", "exit" and then keeps
#     sending: the greeting and "Hello, alice!", then end of file
#     (issue 48)
#   - the forwarder, listen -k --to, whose client reads 64 KiB and
#     leaves while the backend still sends 8 MiB: the forwarder drains
#     the backend to its end, whose every send goes through and which
#     reads our end of file, not a reset (issue 48)
# A positive control (a connection to a port held closed) shows that
# the capture sees RSTs at all.  Skips without python3 or tcpdump.
. "$(dirname "$0")/lib.sh"
PEER=$(cd "$(dirname "$0")" && pwd)/ends_peer.py
: "${WSPY:=/usr/bin/python3}"
N=${SOCKT_ENDS_N:-20}

if ! have python3 || ! have tcpdump; then
	skip "the ends of connections (issue 38)" "no python3 or no tcpdump"
	done_testing
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip "the ends of connections (issue 38)" "tcpdump needs root"
	done_testing
	exit 0
fi
t0=$(now_ms)

# --- the capture: every RST on lo, from the start, confirmed running --------
# (server reads its "listening on lo" line before we go on)
server 140 tcpdump -i lo -nn -U --immediate-mode -Z root -w "$T/rst.pcap" \
    'tcp[tcpflags] & tcp-rst != 0' || exit 1
TPID=$SPID
case $SPORT in
lo*) pass "tcpdump captures on lo" ;;
*) fail "tcpdump captures on lo" "$(cat "$SLOG")" ;;
esac

# --- the load: two busy loops (lib.sh), bounded, ended by PID at the end -----
busy_start 110

# ends SECS DESC PORTVAR PEER-ARGS...: run the peer (SECS at most), N
# iterations against the server on $SPORT; pass when every one got the
# last words and a clean end of file.  The port is kept in PORTVAR for
# the RST count.
ends() {
	_es=$1 _ed=$2 _ev=$3
	shift 3
	eval "$_ev=\$SPORT"
	timeout -k 2 "$_es" "$@" >"$T/peer.out" 2>"$T/peer.err"
	_erc=$?
	_eline=$(grep '^passed ' "$T/peer.out")
	if [ "$_eline" = "passed $N of $N" ]; then
		pass "$_ed: $N of $N"
	else
		fail "$_ed: $N of $N" "peer: ${_eline:-no result (status $_erc)}" \
		    "$(grep ' FAIL ' "$T/peer.out" | head -n 5)" \
		    "$(tail -n 3 "$T/peer.err")"
	fi
}

# 1. a program that answers without reading its input
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'printf bye' || exit 1
ends 25 "listen -k -c 'printf bye', the client still sending: bye, then end of file (no reset)" \
    P_C python3 "$PEER" flood "$SPORT" "$N" bye
kill "$SPID" 2>/dev/null

# 1b. the same through the relay that -i puts between them
server 120 "$SOCKT" listen -k -v -i 10 127.0.0.1 0 -c 'printf bye' || exit 1
ends 25 "listen -k -i 10 -c 'printf bye' (the relay), the client still sending: bye, then end of file" \
    P_CI python3 "$PEER" flood "$SPORT" "$N" bye
kill "$SPID" 2>/dev/null

# 2. a WebSocket protocol error while the client sends on (where the
# loader that runs sockt finds OpenSSL: the handshake's SHA-1 is its)
if tls_loadable; then
	server 120 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -e cat || exit 1
	ends 25 "listen --ws -k -e cat, an unmasked frame then more: Close 1002, then end of file (no reset)" \
	    P_WS python3 "$PEER" ws "$SPORT" "$N"
	kill "$SPID" 2>/dev/null
else
	# shellcheck disable=SC2034	# read through eval below
	P_WS=
	skip "listen --ws -k -e cat, an unmasked frame then more" \
	    "no libssl.so.3"
fi

# 2b. Python's websockets, whose asyncio stream loses a Close to a reset
if ! tls_loadable; then
	# shellcheck disable=SC2034	# read through eval below
	P_WB=
	skip "--ws-max-message: websockets receives Close 1009" \
	    "no libssl.so.3"
elif [ -x "$WSPY" ] && "$WSPY" -c 'import websockets' 2>/dev/null; then
	server 120 "$SOCKT" listen --ws --ws-binary --ws-max-message 100000 \
	    -k -v 127.0.0.1 0 -e cat || exit 1
	ends 60 "listen --ws --ws-max-message 100000, websockets sending 200 KB messages: it receives Close 1009" \
	    P_WB "$WSPY" "$PEER" wsbig "$SPORT" "$N"
	kill "$SPID" 2>/dev/null
else
	# shellcheck disable=SC2034	# read through eval below
	P_WB=
	skip "--ws-max-message: websockets receives Close 1009" \
	    "no python3-websockets for $WSPY"
fi

# 3. the proxy's 407 to a request whose body still streams in
server 120 "$SOCKT" listen --serve-proxy http --serve-proxy-auth u:p -k -v \
    127.0.0.1 0 || exit 1
ends 25 "--serve-proxy http --serve-proxy-auth, a 10 MB POST without credentials: the whole 407, then end of file" \
    P_PX python3 "$PEER" post "$SPORT" "$N" u:p
kill "$SPID" 2>/dev/null

# 4. serve-hello, a client that goes on sending after "exit"
server 120 "$SOCKT" serve-hello -v 127.0.0.1 0 || exit 1
ends 25 "serve-hello, exit and then more: the answer, then end of file (no reset)" \
    P_SH python3 "$PEER" hello "$SPORT" "$N"
kill "$SPID" 2>/dev/null

# 5. the forwarder, its client gone while the backend still sends
SOUT=$T/backend.out server 120 python3 "$PEER" backend "$N" || exit 1
BPID=$SPID P_BE=$SPORT
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 --to "127.0.0.1:$P_BE" || exit 1
ends 60 "listen -k --to, the client leaves first: it read what it wanted" \
    P_FW python3 "$PEER" leave "$SPORT" "$N"
wait_gone "$BPID" 30
bline=$(grep '^passed ' "$T/backend.out")
if [ "$bline" = "passed $N of $N" ]; then
	pass "... the backend's every send went through, then end of file: $N of $N"
else
	fail "... the backend's every send went through, then end of file: $N of $N" \
	    "backend: ${bline:-no result}" \
	    "$(grep ' FAIL ' "$T/backend.out" | head -n 5)"
fi
kill "$SPID" 2>/dev/null

# the positive control: a connect to a port held closed is answered
# with a RST, which the capture must see
closedport
run 10 "$SOCKT" connect 127.0.0.1 "$CPORT" </dev/null
kill "$CPID" 2>/dev/null
# rsts PORT [src|dst]: the RST segments captured so far that were sent
# from PORT (or to it)
rsts() {
	tcpdump -nn -r "$T/rst.pcap" "tcp ${2:-src} port $1" 2>/dev/null \
	    >"$T/rst.txt"
	grep -c . "$T/rst.txt" | tr -d ' '
}
# the control's RST in the file means all before it is there too
seen() { [ "$(rsts "$CPORT")" -ge 1 ]; }
wait_until 10 seen

busy_stop
# tcpdump writes its file out as it ends (and -U packet by packet)
kill -INT "$TPID" 2>/dev/null
wait_gone "$TPID" 10 || kill "$TPID" 2>/dev/null
wait "$TPID" 2>/dev/null

n=$(rsts "$CPORT")
check "the capture sees RSTs (the closed port's: $n)" [ "$n" -ge 1 ]
for c in "P_C:listen -k -c 'printf bye'" \
    "P_CI:listen -k -i 10 -c 'printf bye'" \
    "P_WS:listen --ws -k -e cat, the protocol error" \
    "P_WB:listen --ws --ws-max-message, Close 1009" \
    "P_PX:--serve-proxy http, the 407" \
    "P_SH:serve-hello, exit and then more" \
    "P_FW:listen -k --to, the client gone first" \
    "P_BE:listen -k --to, the client gone first: to the backend:dst"; do
	eval "p=\$${c%%:*}"
	d=${c#*:}
	dir=src
	case $d in *:dst) dir=dst d=${d%:dst} ;; esac
	what="no RST sent from its port"
	[ "$dir" = dst ] && what="no RST sent to its port"
	if [ -z "$p" ]; then
		skip "$d: $what" "not run"
		continue
	fi
	n=$(rsts "$p" "$dir")
	if [ "$n" -eq 0 ]; then
		pass "$d: $what $p in $N connections"
	else
		fail "$d: $what $p in $N connections" \
		    "$n RST segments $dir port $p, the first:" \
		    "$(head -n 3 "$T/rst.txt")"
	fi
done
echo "# $(( ($(now_ms) - t0) / 1000 )) s"
done_testing
