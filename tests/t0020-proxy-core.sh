#!/bin/sh
# The proxy handshakes of src/net/proxy_dial.c (issue 10) before any command
# is wired to them: tests/proxy_probe runs them, as net/stack.c dials, against
# tests/fake_proxy.py, which plays every failure on demand, and against
# the real proxies of Debian's microsocks, tinyproxy and dante-server
# packages when they are installed (skipped otherwise).  80 s alone,
# 150 s on a loaded machine.
# watchdog: 300
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
PROBE=$D/proxy_probe
. "$D/proxies.sh"

if [ ! -x "$PROBE" ]; then
	fail "tests/proxy_probe is built (make check builds it)"
	done_testing
	exit
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip "proxy core" "python3 missing"
	done_testing
	exit
fi



# probe ARGS...: run the probe under a watchdog (out, err, rc)
probe() { run 20 "$PROBE" "$@"; }

far 14 || { done_testing; exit 1; }
HELLO='hello from far
got: ping'

# --- the fake proxy: successes, and what sockt sent
fake s5-ok
probe socks5h://127.0.0.1:$FP localhost 80
is "socks5h: handshake succeeds" "$rc $err" "0 handshake ok, 0 early bytes"
is "socks5h: the far end's data comes through" "$out" "hello from far"
like "socks5h sends the name (ATYP 3)" "$(cat "$T/fake.out")" \
    "*connect version=5 cmd=1 atyp=3 host=localhost port=80*"
like "without credentials only no-auth is offered" \
    "$(cat "$T/fake.out")" "*greeting version=5 methods=0
*"

fake s5-ok
probe socks5://127.0.0.1:$FP localhost 8080
is "socks5: handshake succeeds" "$rc" 0
like "socks5 resolves here and sends an address" "$(cat "$T/fake.out")" \
    "*atyp=[14] host=[1:]* port=8080*"

fake s5-auth-ok
probe -u alice:s3cret socks5h://127.0.0.1:$FP localhost 80
is "user/password: accepted" "$rc $out" "0 hello from far"
like "RFC 1929 request with --proxy-user's credentials" \
    "$(cat "$T/fake.out")" "*greeting version=5 methods=0,2
auth version=1 user=alice pass=s3cret*"

fake s5-split
probe socks5h://127.0.0.1:$FP localhost 80
is "replies split byte by byte" "$rc $out" "0 hello from far"

fake s5-early
probe socks5h://127.0.0.1:$FP localhost 80
is "far data in the reply's segment: kept, shown once" \
    "$rc $out" "0 hello from far"

fake pass 1
probe -s 'ping
' socks5h://127.0.0.1:$FP 127.0.0.1 "$FAR"
is "pass-through SOCKS5 to the far end and back" "$rc $out" "0 $HELLO"

# --- the fake proxy: every refusal, named
fake s5-none
probe socks5h://127.0.0.1:$FP localhost 80
is "no acceptable method" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: no acceptable authentication method (the proxy may want a user and password) (EPROTO)"

fake s5-auth-refuse
probe socks5://user:pw@127.0.0.1:$FP localhost 80
is "authentication refused" "$rc $err" \
    "1 proxy_probe: proxy 127.0.0.1 port $FP: authentication refused (EPROTO)"
like "URL credentials were sent" "$(cat "$T/fake.out")" "*user=user pass=pw*"

code=1
for text in "general SOCKS server failure" \
    "connection not allowed by ruleset" "network unreachable" \
    "host unreachable" "connection refused" "TTL expired" \
    "command not supported" "address type not supported"; do
	fake s5-rep $code
	probe socks5h://127.0.0.1:$FP localhost 80
	is "SOCKS5 reply $code" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: $text (SOCKS5 reply $code) (EPROTO)"
	code=$((code + 1))
done
fake s5-rep 9
probe socks5h://127.0.0.1:$FP localhost 80
is "SOCKS5 reply 9 is unknown" "$err" \
    "proxy_probe: proxy 127.0.0.1 port $FP: unknown reply 9 (SOCKS5) (EPROTO)"

fake s5-close
probe socks5h://127.0.0.1:$FP localhost 80
is "closed after the greeting" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: SOCKS5 greeting: connection closed by the proxy (ECONNRESET)"

fake s5-close-mid
probe socks5h://127.0.0.1:$FP localhost 80
is "closed in the middle of the CONNECT reply" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: SOCKS5 CONNECT: connection closed by the proxy (ECONNRESET)"

fake s5-silent
timed 20 "$PROBE" -t 1000 socks5h://127.0.0.1:$FP localhost 80
is "a reply that never comes: timed out" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: SOCKS5 greeting: timed out (ETIMEDOUT)"
check "... after the 1 s limit ($el ms)" within 900 4000 "$el"

# each reply 700 ms late: every step would fit 1 s alone, the sum not
fake s5-slow 700
timed 20 "$PROBE" -t 1000 socks5h://127.0.0.1:$FP localhost 80
is "one deadline covers the whole handshake" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: SOCKS5 CONNECT: timed out (ETIMEDOUT)"
check "... and ends at it ($el ms)" within 900 4000 "$el"

# --- SOCKS4 and 4a
fake s4-rep 91
probe socks4://127.0.0.1:$FP 127.0.0.1 80
is "SOCKS4 91" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: request rejected or failed (SOCKS4 reply 91) (EPROTO)"

fake s4-rep 90
probe socks4a://bob@127.0.0.1:$FP localhost 80
is "SOCKS4a granted" "$rc $out" "0 hello from far"
like "SOCKS4a sends the user id and the name" "$(cat "$T/fake.out")" \
    "*socks4 version=4 user=bob host=localhost port=80*"

fake s4-rep 90
probe -X 4 127.0.0.1:$FP localhost 80
is "nc -X 4: granted" "$rc" 0
like "nc -X 4 resolves here" "$(cat "$T/fake.out")" \
    "*socks4 version=4 user= host=127.0.0.1 port=80*"

# --- HTTP CONNECT
fake http-status 407 Proxy Authentication Required
probe http://127.0.0.1:$FP localhost 80
is "CONNECT 407" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: HTTP 407 Proxy Authentication Required (EPROTO)"
like "CONNECT request line" "$(cat "$T/fake.out")" \
    "*http CONNECT localhost:80 HTTP/1.1*"

fake http-status 403 Forbidden
probe -X connect 127.0.0.1:$FP localhost 80
is "CONNECT 403 (nc -X connect)" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: HTTP 403 Forbidden (EPROTO)"

fake http-early
probe 'http://Aladdin:open%20sesame@127.0.0.1:'$FP localhost 443
is "200 with early data: counted" "$rc $err" "0 handshake ok, 11 early bytes"
is "early data shown once, then the rest" "$out" "early data
more data"
like "Proxy-Authorization: Basic" "$(cat "$T/fake.out")" \
    "*http-auth Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==*"

fake http-split
probe http://127.0.0.1:$FP ::1 22
is "200 head split byte by byte" "$rc $out" "0 hello from far"
like "an IPv6 target in brackets" "$(cat "$T/fake.out")" \
    "*http CONNECT [[]::1]:22 HTTP/1.1*"

fake http-silent
timed 20 "$PROBE" -t 1000 http://127.0.0.1:$FP localhost 80
is "no response to CONNECT: timed out" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $FP: HTTP CONNECT: timed out (ETIMEDOUT)"
check "... after the 1 s limit ($el ms)" within 900 4000 "$el"

fake pass 1
probe -s 'ping
' http://127.0.0.1:$FP 127.0.0.1 "$FAR"
is "pass-through CONNECT to the far end and back" "$rc $out" "0 $HELLO"

# --- real proxies, when installed

if command -v microsocks >/dev/null 2>&1; then
	MP=$(freeport)
	bg 60 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 up "$MP"
	probe -s 'ping
' socks5h://127.0.0.1:$MP localhost "$FAR"
	is "microsocks: socks5h to the far end and back" "$rc $out" "0 $HELLO"
	probe -s 'ping
' socks5://127.0.0.1:$MP localhost "$FAR"
	is "microsocks: socks5, resolved here" "$rc $out" "0 $HELLO"
	probe -s 'ping
' -X 5 127.0.0.1:$MP 127.0.0.1 "$FAR"
	is "microsocks: nc -X 5" "$rc $out" "0 $HELLO"
	closedport
	probe socks5h://127.0.0.1:$MP 127.0.0.1 "$CPORT"
	like "microsocks: a closed far port is refused" "$rc $err" \
	    "1 proxy_probe: proxy 127.0.0.1 port $MP: *(SOCKS5 reply *)*"

	AP=$(freeport)
	bg 60 microsocks -i 127.0.0.1 -p "$AP" -u alice -P s3cret
	wait_until 10 up "$AP"
	probe -s 'ping
' socks5h://alice:s3cret@127.0.0.1:$AP localhost "$FAR"
	is "microsocks -u/-P: right credentials" "$rc $out" "0 $HELLO"
	probe socks5h://alice:wrong@127.0.0.1:$AP localhost "$FAR"
	is "microsocks -u/-P: wrong password" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $AP: authentication refused (EPROTO)"
	probe socks5h://127.0.0.1:$AP localhost "$FAR"
	like "microsocks -u/-P: no credentials" "$rc $err" \
	    "1 *: no acceptable authentication method*"
else
	for n in 1 2 3 4 5 6 7; do skip "microsocks $n" "microsocks not installed"; done
fi

if command -v tinyproxy >/dev/null 2>&1; then
	TP=$(freeport)
	tiny "$TP" ""
	probe -s 'ping
' http://127.0.0.1:$TP localhost "$FAR"
	is "tinyproxy: CONNECT to the far end and back" "$rc $out" "0 $HELLO"
	probe -s 'ping
' -X connect 127.0.0.1:$TP 127.0.0.1 "$FAR"
	is "tinyproxy: nc -X connect" "$rc $out" "0 $HELLO"

	BP=$(freeport)
	tiny "$BP" "BasicAuth alice s3cret"
	probe -s 'ping
' http://alice:s3cret@127.0.0.1:$BP localhost "$FAR"
	is "tinyproxy BasicAuth: right credentials" "$rc $out" "0 $HELLO"
	probe http://127.0.0.1:$BP localhost "$FAR"
	is "tinyproxy BasicAuth: no credentials" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $BP: HTTP 407 Proxy Authentication Required (EPROTO)"
	probe -u alice:nope http://127.0.0.1:$BP localhost "$FAR"
	like "tinyproxy BasicAuth: wrong password (it says 401)" "$rc $err" \
	    "1 *: HTTP 40[17] *"
else
	for n in 1 2 3 4 5; do skip "tinyproxy $n" "tinyproxy not installed"; done
fi

if command -v danted >/dev/null 2>&1; then
	dante
	probe -s 'ping
' socks4://127.0.0.1:$DP localhost "$FAR"
	is "danted: SOCKS4 to the far end and back" "$rc $out" "0 $HELLO"
	probe -s 'ping
' socks5h://127.0.0.1:$DP localhost "$FAR"
	is "danted: socks5h" "$rc $out" "0 $HELLO"
	# Dante 1.4 has no SOCKS4a: a real proxy's refusal, in words
	probe socks4a://127.0.0.1:$DP localhost "$FAR"
	is "danted: SOCKS4a refused with reply 91" "$rc $err" "1 proxy_probe: proxy 127.0.0.1 port $DP: request rejected or failed (SOCKS4 reply 91) (EPROTO)"
else
	for n in 1 2 3; do skip "danted $n" "dante-server not installed"; done
fi

done_testing
