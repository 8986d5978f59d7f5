#!/bin/sh
# t4090: close_notify at the end of every TLS session (issue 38).  A
# TLS peer must tell a session that ended (close_notify, TLS's end of
# file) from one cut short (the TCP end alone, a truncation attack as
# far as it knows).  tests/tls_end.py is a Python ssl peer that can:
# with OP_IGNORE_UNEXPECTED_EOF cleared, a bare end reads as SSLEOFError
# ("EOF occurred in violation of protocol"), a close_notify as a clean
# end.  Each case asserts that the peer saw close_notify from sockt:
#   connect --tls: its standard input ends first; with -Q, the server
#     ends first (sockt answers with its own)
#   listen --tls: the relay (its standard input ends), the -k collector
#     (after the client's close_notify), -c (a program that answers and
#     exits), -e cat (after the client's close_notify), --to a plain
#     service (both ways: the client's close_notify reaches it as end of
#     file, its end of file reaches the client as close_notify), --to
#     --to-tls (a plain client's end of file reaches the TLS service as
#     close_notify)
#   listen --ws --tls: the program ends (our Close, the client's answer),
#     and the client's Close first
#   connect wss://: its standard input ends (our Close first); the
#     server's Close first (-Q)
#   listen --broker --tls: a client leaves with close_notify
#   serve-hello --tls: "exit"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
TE=$(cd "$(dirname "$0")" && pwd)/tls_end.py

if ! have python3; then
	skip "close_notify at every TLS end" "no python3"
	done_testing
	exit 0
fi
pki_or_skip "close_notify at every TLS end"
CERT="--cert $P/good.pem --key $P/good.key"
t0=$(now_ms)
mkfifo "$T/hold"
exec 7<>"$T/hold"

# tcli STEP...: tls_end.py as a client of 127.0.0.1 $SPORT, trusting the
# CA; its report in $out
tcli() {
	run 30 python3 "$TE" client --ca "$P/ca.pem" "$SPORT" "$@"
}
# tsrv STEP...: tls_end.py as a server (SPID, SPORT); its report, once
# it has ended, from tsrv_rep
tsrv() {
	SOUT=$T/tsrv.out server 40 python3 "$TE" server "$P/good.pem" \
	    "$P/good.key" "$@"
}
tsrv_rep() {
	wait_gone "$SPID" 20 || kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	rep=$(cat "$T/tsrv.out")
}
# notified DESC REPORT: the peer's report says close_notify ended it
notified() {
	like "$1" "$2" "*end close_notify*"
}

# --- connect --tls -----------------------------------------------------------
tsrv line:hello end line:late notify
printf 'ping\n' >"$T/in"
run 30 "$SOCKT" connect --tls --cacert "$P/ca.pem" localhost "$SPORT" \
    <"$T/in"
tsrv_rep
is "connect --tls: the session both ways" "$out:$rc" \
    "$(printf 'hello\nlate'):0"
notified "connect --tls, standard input ends: the server reads close_notify" \
    "$rep"

tsrv line:hello notify end
BGIN=$T/hold BGOUT=$T/c.out bg 30 "$SOCKT" connect -Q --tls --cacert \
    "$P/ca.pem" localhost "$SPORT"
cpid=$BGPID
tsrv_rep
wait_gone "$cpid" 10
notified "connect -Q --tls, the server ends first: sockt answers with close_notify" \
    "$rep"

# --- listen --tls ------------------------------------------------------------
# the relay: its standard input ends, close_notify goes, it reads on
printf 'hello\n' >"$T/sin"
SIN=$T/sin SOUT=$T/srv.out server 30 "$SOCKT" listen -v --tls $CERT \
    127.0.0.1 0 || exit 1
spid=$SPID
tcli line:ping end notify
wait_gone "$spid" 10
is "listen --tls relay: the client's bytes out" "$(cat "$T/srv.out")" ping
notified "listen --tls relay, standard input ends: the client reads close_notify" \
    "$out"

server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 || exit 1
tcli line:ping notify end
notified "listen -k --tls (the collector), after the client's close_notify: close_notify" \
    "$out"
kill "$SPID"

server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 \
    -c 'read l; echo "got $l"' || exit 1
tcli line:ping end notify
like "listen -k --tls -c: the program's answer" "$out" "*data b'got ping\\\\n'*"
notified "listen -k --tls -c, the program exits: the client reads close_notify" \
    "$out"
kill "$SPID"

server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 -e cat || exit 1
tcli line:ping notify end
like "listen -k --tls -e cat: the echo" "$out" "*data b'ping\\\\n'*"
notified "listen -k --tls -e cat, after the client's close_notify: close_notify" \
    "$out"
kill "$SPID"

# the forwarder to a plain service that counts what it got at its end
# of file, and one that answers and closes at once
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'wc -c' || exit 1
WPORT=$SPORT
server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 \
    --to "127.0.0.1:$WPORT" || exit 1
tcli line:ping notify end
like "listen --tls --to: the client's close_notify reached the service" \
    "$out" "*data b'5\\\\n'*"
notified "listen --tls --to, the service's end of file: the client reads close_notify" \
    "$out"
kill "$SPID"
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'echo bye' || exit 1
BPORT=$SPORT
server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 \
    --to "127.0.0.1:$BPORT" || exit 1
tcli end notify
like "listen --tls --to, a service that answers at once" "$out" \
    "*data b'bye\\\\n'*"
notified "listen --tls --to, the service closes first: the client reads close_notify" \
    "$out"
kill "$SPID"

# --to-tls: sockt is the TLS client of the service
tsrv end line:pong notify
TPORT=$SPORT TSPID=$SPID
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "localhost:$TPORT" \
    --to-tls --to-cacert "$P/ca.pem" || exit 1
printf 'ping\n' >"$T/in"
run 30 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/in"
SPID=$TSPID tsrv_rep
is "listen --to --to-tls: the service's answer" "$out" pong
notified "listen --to --to-tls, the plain client's end of file: the service reads close_notify" \
    "$rep"

# --- WebSocket over TLS ----------------------------------------------------------
server 60 "$SOCKT" listen --ws -k -v --tls $CERT 127.0.0.1 0 \
    -c 'read l; echo "got $l"' || exit 1
tcli ws-upgrade ws-text:ping ws-read end notify
like "listen --ws --tls -c: the answer, then our Close" "$out" \
    "*ws status HTTP/1.1 101*ws text got ping*ws close 1000*"
notified "listen --ws --tls, the program ends: after the Close, close_notify" \
    "$out"
kill "$SPID"

server 60 "$SOCKT" listen --ws -k -v --tls $CERT 127.0.0.1 0 -e cat ||
    exit 1
tcli ws-upgrade ws-text:ping ws-close:1000 ws-read end notify
like "listen --ws --tls -e cat: the echo, the Close answered" "$out" \
    "*ws text ping*ws close 1000*"
notified "listen --ws --tls, the client's Close first: then close_notify" \
    "$out"
kill "$SPID"

tsrv ws-accept ws-text:hello ws-read notify end
printf 'ping\n' >"$T/in"
run 30 "$SOCKT" connect --cacert "$P/ca.pem" "wss://localhost:$SPORT/" \
    <"$T/in"
tsrv_rep
like "connect wss://: the message, our Close at the end of input" \
    "$out:$rep" "hello:*ws close 1000*"
notified "connect wss://, standard input ends: the server reads close_notify" \
    "$rep"

tsrv ws-accept ws-text:hello ws-close:1000 ws-read notify end
BGIN=$T/hold BGOUT=$T/c.out bg 30 "$SOCKT" connect -Q --cacert \
    "$P/ca.pem" "wss://localhost:$SPORT/"
cpid=$BGPID
tsrv_rep
wait_gone "$cpid" 10
like "connect -Q wss://, the server's Close first: answered" "$rep" \
    "*ws close 1000*"
notified "connect -Q wss://, the server's Close first: sockt sends close_notify" \
    "$rep"

# --- the broker, serve-hello ---------------------------------------------------
server 60 "$SOCKT" listen --broker -v --tls $CERT 127.0.0.1 0 || exit 1
tcli line:ping notify end
notified "listen --broker --tls, a client leaves with close_notify: the broker's own" \
    "$out"
kill "$SPID"

server 60 "$SOCKT" serve-hello -v --tls $CERT 127.0.0.1 0 || exit 1
tcli line:bob line:exit end notify
like "serve-hello --tls: greeted and answered" "$out" "*Hello, bob!*"
notified "serve-hello --tls, exit: close_notify" "$out"
kill "$SPID"

echo "# $(( ($(now_ms) - t0) / 1000 )) s"
done_testing
