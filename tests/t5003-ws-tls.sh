#!/bin/sh
# t5003: wss:// (issue 30) with the PKI of tests/pki.sh.  connect wss://
# against Python's websockets over ssl: verified with --cacert (line
# mode byte for byte, --ws-binary a MiB), refused without it, with a
# stranger's certificate or the wrong name (exit 1, nothing on stdout),
# --insecure, --servername; against node's ws over https.  listen --ws
# --tls: websockets and node clients trusting the CA, connect wss://
# against it, a MiB through -e cat; a plain ws:// client refused.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"
. "$(dirname "$0")/pki.sh"

if ! ws_py_usable; then
	skip "wss:// peers" "no python3-websockets for $WSPY"
	done_testing
	exit 0
fi
pki_or_skip "wss://"
CERT="--cert $P/good.pem --key $P/good.key"
mkfifo "$T/hold"
exec 7<>"$T/hold"
{
	printf 'hello\n\nsp ace\ttab\n'
	printf 'caf\303\251 \342\202\254\n'
	head -c 70000 /dev/zero | tr '\0' 'L'
	printf '\nlast\n'
} >"$T/in"
head -c 1048576 /dev/urandom >"$T/mib"

# --- connect wss:// --------------------------------------------------------------
wspy 30 --tls "$P/good.pem" "$P/good.key" --headers echo
spid=$SPID
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$SPORT/s?x=1" \
    <"$T/in"
is "wss:// --cacert: exit 0, nothing on stderr" "$rc:$err" "0:"
check "wss:// --cacert: line mode byte for byte" cmp -s "$T/in" "$T/out"
reports "$T/wspy.out" "$spid"
like "wss://: the path, Host" "$rep" \
    "path /s?x=1*header Host: localhost:$SPORT*"
like "wss://: Close 1000 at the end" "$rep" "*closed 1000 *"
wspy 30 --tls "$P/good.pem" "$P/good.key" echo
run 60 "$SOCKT" connect --ws-binary --cacert "$P/ca.pem" \
    "wss://localhost:$SPORT/" <"$T/mib"
check "wss:// --ws-binary: a MiB exactly" cmp -s "$T/mib" "$T/out"
wspy 30 --tls "$P/good.pem" "$P/good.key" echo
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://127.0.0.1:$SPORT/" <"$T/in"
check "wss://127.0.0.1 (an IP SAN)" cmp -s "$T/in" "$T/out"

wspy 30 --tls "$P/good.pem" "$P/good.key" echo
spid=$SPID
run 30 "$SOCKT" connect "wss://localhost:$SPORT/" <"$T/in"
is "wss:// without --cacert: exit 1, nothing on stdout" "$rc:$out" "1:"
like "... and why" "$err" "sockt connect: *"
kill "$spid" 2>/dev/null
wspy 30 --tls "$P/stranger.pem" "$P/stranger.key" echo
spid=$SPID
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$SPORT/" <"$T/in"
is "wss:// a stranger's certificate: exit 1, nothing on stdout" "$rc:$out" "1:"
kill "$spid" 2>/dev/null
wspy 30 --tls "$P/other.pem" "$P/other.key" echo
spid=$SPID
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$SPORT/" <"$T/in"
is "wss:// a certificate for another name: exit 1" "$rc:$out" "1:"
kill "$spid" 2>/dev/null
wspy 30 --tls "$P/other.pem" "$P/other.key" echo
run 30 "$SOCKT" connect --cacert "$P/ca.pem" --servername other.invalid \
    "wss://localhost:$SPORT/" <"$T/in"
check "wss:// --servername other.invalid: verified as that" \
    cmp -s "$T/in" "$T/out"
wspy 30 --tls "$P/stranger.pem" "$P/stranger.key" echo
run 30 "$SOCKT" connect --insecure "wss://localhost:$SPORT/" <"$T/in"
check "wss:// --insecure: a stranger's certificate taken" \
    cmp -s "$T/in" "$T/out"
wspy 30 --tls "$P/good.pem" "$P/good.key" text=a close=1011,boom
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$SPORT/x" \
    <"$T/hold"
is "wss:// Close 1011: the one line, the URL as given" "$rc:$out:$err" \
    "1:a:sockt connect: wss://localhost:$SPORT/x: closed by the server: 1011 boom"

# --- listen --ws --tls ------------------------------------------------------------
server 120 "$SOCKT" listen --ws --tls $CERT -k -v 127.0.0.1 0 -e cat
LT=$SPORT LTPID=$SPID
run 30 "$WSPY" "$WSPEER" client --cafile "$P/ca.pem" "wss://localhost:$LT/" \
    text=hi 'frag=a|b' recvn=2 close=1000
is "listen --ws --tls: websockets over TLS" "$out" "text:hi
text:ab
closed 1000 "
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$LT/" <"$T/in"
check "connect wss:// to listen --ws --tls: byte for byte" cmp -s "$T/in" \
    "$T/out"
run 30 "$WSPY" "$WSPEER" crowd "wss://localhost:$LT/" 5 20
like "listen --ws --tls: 5 clients at once" "$out" "crowd 5: * echoed all*"
run 30 "$WSPY" "$WSPEER" client "ws://127.0.0.1:$LT/" text=hi recv
like "listen --ws --tls: a plain ws:// client gets no echo" "$out" \
    "handshake failed*"
check "listen --ws --tls: still up" alive "$LTPID"
server 60 "$SOCKT" listen --ws --tls $CERT --ws-binary -k -v 127.0.0.1 0 -e cat
run 60 "$SOCKT" connect --ws-binary --cacert "$P/ca.pem" \
    "wss://localhost:$SPORT/" <"$T/mib"
check "listen --ws --tls --ws-binary -e cat: a MiB exactly" cmp -s \
    "$T/mib" "$T/out"

# --- node's ws over TLS --------------------------------------------------------------
if ws_node_usable; then
	wsnode 30 --tls "$P/good.pem" "$P/good.key" echo
	run 30 "$SOCKT" connect --cacert "$P/ca.pem" \
	    "wss://localhost:$SPORT/" <"$T/in"
	check "node ws over https: connect wss:// byte for byte" \
	    cmp -s "$T/in" "$T/out"
	run 30 node "$WSNODE" client --cafile "$P/ca.pem" \
	    "wss://localhost:$LT/" text one two
	is "node ws client against listen --ws --tls" "$out" "text:one
text:two
closed 1000 "
else
	skips 2 "node ws over TLS" "no node or no ws package (NODE_PATH)"
fi

exec 7>&-
done_testing
