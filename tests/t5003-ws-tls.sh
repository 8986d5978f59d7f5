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
# (websockets answers a Close at once and echoes nothing after it: the
# stdin stays open, and the server closes once all went back)
# wssecho CERT FILE HOST PATH ARGS...: connect ARGS wss://HOST:PORT/PATH,
# FILE its stdin, to a websockets echo over TLS with the certificate
# CERT that closes once FILE came back ($out, $rc; its reports in $rep)
wssecho() {
	_wc=$1 _wf=$2 _wh=$3 _wpa=$4
	shift 4
	# FILE's payload: its bytes, less the newlines in line mode
	_wn=$(wc -c <"$_wf")
	case " $* " in
	*" --ws-binary "*) ;;
	*) _wn=$((_wn - $(wc -l <"$_wf"))) ;;
	esac
	wspy 30 --tls "$P/$_wc.pem" "$P/$_wc.key" --headers \
	    "echobytes=$_wn" close=1000
	_wp=$SPID
	feed "$_wf"
	run 60 "$SOCKT" connect "$@" "wss://$_wh:$SPORT$_wpa" <"$FEED"
	kill "$FEEDPID"
	reports "$T/wspy.out" "$_wp"
}
wssecho good "$T/in" localhost "/s?x=1" --cacert "$P/ca.pem"
is "wss:// --cacert: exit 0, nothing on stderr" "$rc:$err" "0:"
check "wss:// --cacert: line mode byte for byte" cmp -s "$T/in" "$T/out"
like "wss://: the path, Host" "$rep" \
    "path /s?x=1*header Host: localhost:*"
like "wss://: the server's Close answered" "$rep" "*closed 1000 *"
wssecho good "$T/mib" localhost / --ws-binary --cacert "$P/ca.pem"
check "wss:// --ws-binary: a MiB exactly" cmp -s "$T/mib" "$T/out"
wssecho good "$T/in" 127.0.0.1 / --cacert "$P/ca.pem"
check "wss://127.0.0.1 (an IP SAN)" cmp -s "$T/in" "$T/out"
wssecho other "$T/in" localhost / --cacert "$P/ca.pem" \
    --servername other.invalid
check "wss:// --servername other.invalid: verified as that" \
    cmp -s "$T/in" "$T/out"
wssecho stranger "$T/in" localhost / --insecure
check "wss:// --insecure: a stranger's certificate taken" \
    cmp -s "$T/in" "$T/out"

# refused: the server gets no connection it could serve, and ends
refused() {	# refused CERT ARGS...
	wspy 30 --tls "$P/$1.pem" "$P/$1.key" echo
	_rp=$SPID
	shift
	run 30 "$SOCKT" connect "$@" "wss://localhost:$SPORT/" <"$T/in"
	kill "$_rp" 2>/dev/null
}
refused good
is "wss:// without --cacert: exit 1, nothing on stdout" "$rc:$out" "1:"
like "... and why" "$err" "sockt connect: *"
refused stranger --cacert "$P/ca.pem"
is "wss:// a stranger's certificate: exit 1, nothing on stdout" "$rc:$out" "1:"
refused other --cacert "$P/ca.pem"
is "wss:// a certificate for another name: exit 1" "$rc:$out" "1:"
wspy 30 --tls "$P/good.pem" "$P/good.key" text=a close=1011,boom
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$SPORT/x" \
    <"$T/hold"
is "wss:// Close 1011: the one line, the URL as given" "$rc:$out:$err" \
    "1:a:sockt connect: wss://localhost:$SPORT/x: closed by the server: 1011 boom"

# --- listen --ws --tls ------------------------------------------------------------
server 120 "$SOCKT" listen --ws --ws-half-close 20 --tls $CERT -k -v 127.0.0.1 0 -e cat
LT=$SPORT LTPID=$SPID
wsclient 30 --cafile "$P/ca.pem" "wss://localhost:$LT/" \
    text=hi 'frag=a|b' recvn=2 close=1000
is "listen --ws --tls: websockets over TLS" "$out" "text:hi
text:ab
closed 1000 "
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$LT/" <"$T/in"
check "connect wss:// to listen --ws --tls: byte for byte" cmp -s "$T/in" \
    "$T/out"
run 30 "$WSPY" "$WSPEER" crowd --cafile "$P/ca.pem" "wss://localhost:$LT/" \
    5 20
like "listen --ws --tls: 5 clients at once" "$out" "crowd 5: * echoed all*"
wsclient 30 "ws://127.0.0.1:$LT/" text=hi recv
like "listen --ws --tls: a plain ws:// client gets no echo" "$out" \
    "handshake failed*"
check "listen --ws --tls: still up" alive "$LTPID"
server 60 "$SOCKT" listen --ws --ws-half-close 20 --tls $CERT --ws-binary -k -v 127.0.0.1 0 -e cat
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
