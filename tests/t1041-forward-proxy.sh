#!/bin/sh
# listen --to HOST:PORT --proxy URL: the forwarder's onward dial through a
# SOCKS or HTTP CONNECT proxy.  Against tests/fake_proxy.py (a refusal, a
# proxy that never answers, early data after the 200, what was asked and
# from where) and Debian's microsocks, tinyproxy and dante-server when
# installed (skipped otherwise, same count).  A refused tunnel resets the
# client, is logged, and the server goes on serving.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

D=$(cd "$(dirname "$0")" && pwd)
. "$D/proxies.sh"

if ! have python3; then
	skip "listen --to through proxies" "python3 missing"
	done_testing
	exit
fi



# fwd ARGS...: a forwarder (-v) on 127.0.0.1; FWPID, FWPORT, FWLOG
fwd() {
	server 60 "$SOCKT" listen -v "$@" || return 1
	FWPID=$SPID FWPORT=$SPORT FWLOG=$SLOG
}

# trip PORT: a client that sends "ping" from a stdin that never ends (a
# fifo held open both ways, so no FIN reaches a proxy that would end both
# directions at once on it) and quits when the far end closes
mkfifo "$T/hold" && exec 7<>"$T/hold"
trip() {
	printf 'ping\n' >&7
	run 20 "$SOCKT" connect -Q 127.0.0.1 "$1" <&7
}

# at_least N PATTERN FILE: FILE has N lines or more that match PATTERN
at_least() { [ "$(grep -c "$2" "$3")" -ge "$1" ]; }

# client PORT: a client with nothing to say
client() { run 10 "$SOCKT" connect 127.0.0.1 "$1" </dev/null; }

HELLO='hello from far
got: ping'
U="try 'sockt help listen'"

# --- the command line: usage errors, exit 2
run 5 "$SOCKT" listen -k 127.0.0.1 0 --proxy socks5://127.0.0.1
like "--proxy -k without --to: usage error, says a BIND is one peer" "$rc $err" \
    "2 sockt listen: --proxy without --to or --serve-proxy is a BIND*(no -k*$U*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --to-unix /tmp/x \
    --proxy socks5://127.0.0.1
like "--proxy with --to-unix: usage error, says so" "$rc $err" \
    "2 sockt listen: --proxy and --proxy-user go with --to, not with --to-unix*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --to 127.0.0.1:9 --proxy-user a:b
like "--proxy-user without --proxy: usage error" "$rc $err" \
    "2 sockt listen: --proxy-user needs --proxy*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --to 127.0.0.1:9 --proxy ftp://h
like "an unknown proxy scheme: usage error" "$rc $err" \
    "2 sockt listen: unsupported proxy scheme 'ftp'*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 -c true --proxy socks5://127.0.0.1
like "--proxy with -c: usage error, --to is what it needs" "$rc $err" \
    "2 sockt listen: --proxy without --to or --serve-proxy is a BIND*(no -k, -c, -e*"
run 5 "$SOCKT" listen --help
like "--help names --proxy and --proxy-user" "$out" \
    "*--proxy url*--proxy-user user:pw*"

far 20 || { done_testing; exit 1; }

# --- refused authentication: reset, logged, and the server serves on
FAKE_THEN_PASS=1 fake s5-auth-refuse
fwd -k 127.0.0.1 0 --to "127.0.0.1:$FAR" \
    --proxy "socks5h://alice:wrong@127.0.0.1:$FP" ||
    fail "forwarder through the fake proxy starts"
client "$FWPORT"
is "refused auth: the client fails (exit 1)" "$rc" 1
like "refused auth: the client sees a reset, not an empty success" \
    "$err" "*reset*"
wait_until 5 grep -q "not forwarded" "$FWLOG"
like "refused auth: the server logs why" "$(cat "$FWLOG")" \
    "*connection from 127.0.0.1 port * not forwarded: proxy 127.0.0.1 port $FP: authentication refused*"
like "refused auth: the URL's credentials were offered" \
    "$(cat "$T/fake.out")" "*auth version=1 user=alice pass=wrong*"
trip "$FWPORT"
is "refused auth: the next client is served all the same" "$rc $out" \
    "0 $HELLO"
check "refused auth: the forwarder still runs" alive "$FWPID"

# --- early data: what the proxy sent with its 200 reaches the client
# first, once, and then the rest
fake http-early
fwd 127.0.0.1 0 --to localhost:443 --proxy "http://127.0.0.1:$FP" ||
    fail "forwarder through an HTTP proxy starts"
client "$FWPORT"
is "CONNECT 200 with early data: all of it reaches the client, in order" \
    "$rc $out" "0 early data
more data"
like "CONNECT asks for the --to target" "$(cat "$T/fake.out")" \
    "*http CONNECT localhost:443 HTTP/1.1*"
wait_until 5 grep -q "both sides done" "$FWLOG"
like "-v names the target and the proxy" "$(cat "$FWLOG")" \
    "*connection from 127.0.0.1 port * forwarded to localhost port 443 through proxy 127.0.0.1 port $FP*"

fake s5-early
fwd 127.0.0.1 0 --to localhost:80 --proxy "socks5h://127.0.0.1:$FP" ||
    fail "forwarder through a SOCKS5 proxy starts"
client "$FWPORT"
is "SOCKS5 reply and data in one segment: the data reaches the client" \
    "$rc $out" "0 hello from far"

# --- the resolution the scheme asks for
fake s5-ok
fwd 127.0.0.1 0 --to localhost:80 --proxy "socks5h://127.0.0.1:$FP" ||
    fail "forwarder socks5h starts"
client "$FWPORT"
like "socks5h: the proxy gets the name" "$rc $(cat "$T/fake.out")" \
    "0 *connect version=5 cmd=1 atyp=3 host=localhost port=80*"
fake s5-ok
fwd 127.0.0.1 0 -4 --to localhost:80 --proxy "socks5://127.0.0.1:$FP" ||
    fail "forwarder socks5 starts"
client "$FWPORT"
like "socks5: the name is resolved here, an address is sent" \
    "$rc $(cat "$T/fake.out")" "0 *connect version=5 cmd=1 atyp=[14] host=[1:]* port=80*"

# --- -s: the source address of the connection to the proxy
fake s5-ok
fwd 127.0.0.1 0 -s 127.0.0.3 --to localhost:80 \
    --proxy "socks5h://127.0.0.1:$FP" || fail "forwarder with -s starts"
client "$FWPORT"
like "-s sets the source address towards the proxy" \
    "$rc $(cat "$T/fake.out")" "0 *from 127.0.0.3*"

# --- failures without -k: the exit status, the reason, the reset
fake http-status 403 Forbidden
fwd 127.0.0.1 0 --to localhost:80 --proxy "http://127.0.0.1:$FP" ||
    fail "forwarder to a refusing HTTP proxy starts"
client "$FWPORT"
like "CONNECT 403: the client sees a reset" "$rc $err" "1 *reset*"
wait_status "$FWPID"
is "CONNECT 403: without -k the forwarder exits 1" "$rc" 1
# the log's copier may still hold the last line when the forwarder ends
wait_until 5 grep -q "not forwarded" "$FWLOG"
like "CONNECT 403: the log names the proxy's answer" "$(cat "$FWLOG")" \
    "*not forwarded: proxy 127.0.0.1 port $FP: HTTP 403 Forbidden*"

fake s5-silent
fwd -k -w 1 127.0.0.1 0 --to localhost:80 \
    --proxy "socks5h://127.0.0.1:$FP" || fail "forwarder with -w starts"
timed 15 "$SOCKT" connect 127.0.0.1 "$FWPORT" </dev/null
check "-w 1 bounds the proxy handshake too (took $el ms)" \
    within 900 4000 "$el"
wait_until 5 grep -q "not forwarded" "$FWLOG"
like "-w 1: the log says which step timed out" "$(cat "$FWLOG")" \
    "*not forwarded: proxy 127.0.0.1 port $FP: SOCKS5 greeting: timed out*"

# a closed port for the proxy, held bound so that the forwarder's port 0
# cannot be that very port (it would then be its own proxy)
closedport
CP=$CPORT
fwd 127.0.0.1 0 --to localhost:80 --proxy "socks5h://127.0.0.1:$CP" ||
    fail "forwarder to a closed proxy port starts"
client "$FWPORT"
wait_status "$FWPID"
wait_until 5 grep -q "not forwarded" "$FWLOG"
like "the proxy's port is closed: said as the proxy's" "$rc $(cat "$FWLOG")" \
    "1 *not forwarded: proxy 127.0.0.1 port $CP: Connection refused*"

# --- real proxies, when installed

if have microsocks; then
	MP=$(freeport)
	bg 90 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 up "$MP"
	fwd -k 127.0.0.1 0 --to "localhost:$FAR" \
	    --proxy "socks5h://127.0.0.1:$MP" || fail "microsocks forwarder"
	trip "$FWPORT"
	is "microsocks: forwarded both ways" "$rc $out" "0 $HELLO"
	trip "$FWPORT"
	is "microsocks: and again on the same forwarder" "$rc $out" "0 $HELLO"
	# 1 MiB to a sockt listen sink through forwarder and proxy
	head -c 1048576 /dev/urandom >"$T/mib"
	# (no FIN from the sink: microsocks would end the tunnel at it)
	if SOUT=$T/got server 30 "$SOCKT" listen -d --no-shutdown 127.0.0.1 0 -v; then
		LPID=$SPID
		fwd 127.0.0.1 0 --to "127.0.0.1:$SPORT" \
		    --proxy "socks5://127.0.0.1:$MP" || fail "sink forwarder"
		run 20 "$SOCKT" connect 127.0.0.1 "$FWPORT" <"$T/mib"
		wait_gone "$LPID" 10
		is "microsocks: 1 MiB arrives byte-exact" \
		    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/mib")"
	fi

	AP=$(freeport)
	bg 90 microsocks -i 127.0.0.1 -p "$AP" -u alice -P s3cret
	wait_until 10 up "$AP"
	fwd -k 127.0.0.1 0 --to "127.0.0.1:$FAR" \
	    --proxy "socks5h://127.0.0.1:$AP" --proxy-user alice:s3cret ||
	    fail "microsocks -u/-P forwarder"
	trip "$FWPORT"
	is "microsocks -u/-P: --proxy-user's credentials accepted" \
	    "$rc $out" "0 $HELLO"
	fwd -k 127.0.0.1 0 --to "127.0.0.1:$FAR" \
	    --proxy "socks5h://alice:wrong@127.0.0.1:$AP" ||
	    fail "microsocks wrong password forwarder"
	client "$FWPORT"
	like "microsocks -u/-P: a wrong password resets the client" \
	    "$rc $err" "1 *reset*"
	client "$FWPORT"
	wait_until 5 at_least 2 "not forwarded" "$FWLOG"
	like "microsocks -u/-P: each refusal logged, the server serves on" \
	    "$(grep -c "not forwarded: proxy 127.0.0.1 port $AP: authentication refused" "$FWLOG") $(alive "$FWPID" && echo running)" \
	    "2 running"
else
	for n in 1 2 3 4 5 6; do skip "microsocks $n" "microsocks not installed"; done
fi

if have tinyproxy; then
	TP=$(freeport)
	tiny "$TP" ""
	fwd -k 127.0.0.1 0 --to "localhost:$FAR" --proxy "http://127.0.0.1:$TP" ||
	    fail "tinyproxy forwarder"
	trip "$FWPORT"
	is "tinyproxy: CONNECT, forwarded both ways" "$rc $out" "0 $HELLO"

	BP=$(freeport)
	tiny "$BP" "BasicAuth alice s3cret"
	fwd -k 127.0.0.1 0 --to "127.0.0.1:$FAR" \
	    --proxy "http://127.0.0.1:$BP" --proxy-user alice:s3cret ||
	    fail "tinyproxy BasicAuth forwarder"
	trip "$FWPORT"
	is "tinyproxy BasicAuth: --proxy-user accepted" "$rc $out" "0 $HELLO"
	fwd -k 127.0.0.1 0 --to "127.0.0.1:$FAR" --proxy "http://127.0.0.1:$BP" ||
	    fail "tinyproxy BasicAuth forwarder without credentials"
	client "$FWPORT"
	is "tinyproxy BasicAuth: no credentials, the client is reset" \
	    "$rc" 1
	wait_until 5 grep -q "not forwarded" "$FWLOG"
	like "tinyproxy BasicAuth: the 407 is logged" "$(cat "$FWLOG")" \
	    "*not forwarded: proxy 127.0.0.1 port $BP: HTTP 407 Proxy Authentication Required*"
else
	for n in 1 2 3 4; do skip "tinyproxy $n" "tinyproxy not installed"; done
fi

if have danted; then
	dante
	fwd -k 127.0.0.1 0 --to "localhost:$FAR" --proxy "socks4://127.0.0.1:$DP" ||
	    fail "danted forwarder"
	trip "$FWPORT"
	is "danted: SOCKS4, forwarded both ways" "$rc $out" "0 $HELLO"
else
	skip "danted 1" "dante-server not installed"
fi

exec 7>&-
done_testing
