#!/bin/sh
# t5004: WebSocket paired with the other layers of the connection stack
# (issue 38), against peers no one here wrote.  listen --ws --to
# host:port --to-tls: Python's websockets as the client, openssl
# s_server (-rev) and socat OPENSSL-LISTEN as the TLS far side: lines
# reversed, a MiB both ways exactly, the client's Close passed on as our
# close_notify, the far side's end as our Close 1000, a far side whose
# certificate is not trusted refused before any upgrade; with tls_end.py
# (tells a close_notify from a bare end) as the far side, the client's
# Close passed on as close_notify and the far side's as a Close 1000.  listen -U --ws
# driven by websockets.unix_connect: the relay mode and -k -e cat.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"
. "$(dirname "$0")/pki.sh"

if ! ws_py_usable; then
	skip "WebSocket pairings" "no python3-websockets for $WSPY"
	done_testing
	exit 0
fi
pki_or_skip "listen --ws --to-tls"
nl='
'
head -c 1048576 /dev/urandom >"$T/mib"
MIB=1048576

# --- listen --ws --to --to-tls: openssl s_server -rev as the far side --------
s_server rev -rev -cert "$P/good.pem" -key "$P/good.key" || {
	done_testing
	exit 1
}
server 120 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$P_rev" \
    --to-tls --to-cacert "$P/ca.pem"
WSB=$SPORT WSBLOG=$SLOG
wsclient 30 "ws://127.0.0.1:$WSB/" "bin=hello${nl}" \
    recv close=1000
is "--ws --to-tls: a line through s_server -rev, back reversed" "$rc:$out" \
    "0:binary:6:6f6c6c65680a
closed 1000 "
wsclient 30 "ws://127.0.0.1:$WSB/" "text=abc${nl}" \
    "frag=de|f${nl}" recvn=2 close=1000
is "--ws --to-tls: text and fragments as bytes, each line back" "$rc:$out" \
    "0:binary:4:6362610a
binary:4:6665640a
closed 1000 "
# s_server -rev ends a connection at "CLOSE": its end, our Close 1000
wsclient 30 "ws://127.0.0.1:$WSB/" "bin=CLOSE${nl}" wait
like "--ws --to-tls: the far side's end, a Close 1000" "$rc:$out" \
    "0:*closed 1000 "
# three ends, none an error (s_server -rev says CONNECTION CLOSED on its
# standard error at each; tls_end.py below tells which kind)
wait_until 10 sh -c '[ "$(grep -c "^CONNECTION CLOSED" "$1")" -ge 3 ]' sh \
    "$T/rev.err"
is "--ws --to-tls: s_server saw 3 ends, no error" \
    "$(grep -c '^CONNECTION CLOSED' "$T/rev.err"):$(cat "$T/rev.err" \
    "$T/rev.out" | grep -ci 'error')" "3:0"
like "--ws --to-tls -v: the far side's TLS, then the upgrade" \
    "$(cat "$WSBLOG")" "*forwarded to 127.0.0.1 port $P_rev*TLSv1.*
*WebSocket /*"

# the ends as TLS says them (tls_end.py tells a close_notify from a bare
# end): the client's Close reaches the far side as our close_notify; the
# far side's close_notify reaches the client as our Close 1000
TE=$(cd "$(dirname "$0")" && pwd)/tls_end.py
tsrv() {
	SOUT=$T/tsrv.out server 40 "$WSPY" "$TE" server "$P/good.pem" \
	    "$P/good.key" "$@"
}
tsrv_rep() {
	wait_gone "$SPID" 20 || kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	rep=$(cat "$T/tsrv.out")
}
tsrv end notify
TPORT=$SPORT TSPID=$SPID
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "localhost:$TPORT" \
    --to-tls --to-cacert "$P/ca.pem"
wsclient 30 "ws://127.0.0.1:$SPORT/" "bin=hello${nl}" \
    close=1000
SPID=$TSPID tsrv_rep
is "--ws --to-tls, the client's Close first: closed 1000" "$rc:$out" \
    "0:closed 1000 "
like "... the far side got the bytes, then close_notify" "$rep" \
    "*data b'hello?n'*end close_notify*"
tsrv line:hi notify end
TPORT=$SPORT TSPID=$SPID
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "localhost:$TPORT" \
    --to-tls --to-cacert "$P/ca.pem"
wsclient 30 "ws://127.0.0.1:$SPORT/" wait
SPID=$TSPID tsrv_rep
is "--ws --to-tls, the far side's close_notify first: its line, Close 1000" \
    "$rc:$out" "0:binary:3:68690a
closed 1000 "
like "... and our close_notify answers it" "$rep" "*end close_notify*"

# refused: a far side whose certificate is not trusted (no --to-cacert)
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 --to "127.0.0.1:$P_rev" \
    --to-tls
wsclient 30 "ws://127.0.0.1:$SPORT/" "bin=x${nl}" recv
like "--ws --to-tls, the far side not trusted: no upgrade" "$rc:$out" \
    "3:handshake failed*"
wait_until 5 grep -q "answered 502" "$SLOG"
like "... and why, in the log" "$(cat "$SLOG")" \
    "*not forwarded: 127.0.0.1 port $P_rev: *(try --to-cacert)*"
like "... the client answered 502 (issue 39), said with -v" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port *: answered 502, *"

# --- a MiB both ways through socat OPENSSL-LISTEN ... EXEC:cat ----------------
if have socat; then
	server 120 socat -d -d "OPENSSL-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,cert=$P/good.pem,key=$P/good.key,verify=0" \
	    EXEC:cat
	SOC=${SPORT##*:}
	server 120 "$SOCKT" listen --ws -k -v 127.0.0.1 0 \
	    --to "localhost:$SOC" --to-tls --to-cacert "$P/ca.pem"
	wsclient 60 "ws://127.0.0.1:$SPORT/" \
	    "binfile=$T/mib" "recvbytes=$MIB,$T/mib.1"
	like "--ws --to-tls to socat: a MiB in one message, back" "$rc:$out" \
	    "0:got $MIB bytes in * messages*closed 1000 "
	check "--ws --to-tls to socat: the same bytes" cmp -s "$T/mib" \
	    "$T/mib.1"
	wsclient 60 "ws://127.0.0.1:$SPORT/" \
	    "binchunks=$T/mib,65536" "recvbytes=$MIB,$T/mib.2"
	check "--ws --to-tls to socat: a MiB in 16 messages, back exactly" \
	    cmp -s "$T/mib" "$T/mib.2"
else
	skips 3 "--ws --to-tls to socat" "no socat"
fi

# --- listen -U --ws: websockets.unix_connect ---------------------------------
mkfifo "$T/hold"
exec 7<>"$T/hold"	# for feed (ws.sh)
printf 'from sockt\n' >"$T/line"
feed "$T/line"
SIN=$FEED SOUT=$T/u.out server 30 "$SOCKT" listen -U --ws -Q -v "$T/u.sock"
upid=$SPID
wsclient 30 --unix "$T/u.sock" "ws://localhost/u" \
    text=hello recv close=1000
is "listen -U --ws: unix_connect, a line each way" "$rc:$out" \
    "0:text:from sockt
closed 1000 "
wait_status "$upid"
is "listen -U --ws: the client's line on stdout, exit 0" \
    "$rc:$(cat "$T/u.out")" "0:hello"
kill "$FEEDPID" 2>/dev/null
server 60 "$SOCKT" listen -U --ws -k -v "$T/k.sock" -e cat
wsclient 30 --unix "$T/k.sock" "ws://localhost/k" \
    text=one 'frag=t|wo' recvn=2 close=1000
is "listen -U --ws -k -e cat: unix_connect, messages echoed" "$rc:$out" \
    "0:text:one
text:two
closed 1000 "
like "listen -U --ws -v: the upgrade's path" "$(cat "$SLOG")" \
    "*WebSocket /k*"
exec 7>&-
done_testing
