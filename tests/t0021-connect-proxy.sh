#!/bin/sh
# sockt connect through a proxy (issue 10): --proxy URL, --proxy-user and
# nc's -X 4|5|connect -x host[:port], end to end with the real binary
# against tests/fake_proxy.py (the failure replies no real proxy gives on
# demand) and Debian's microsocks, tinyproxy and dante-server when they
# are installed (skipped otherwise, same count).
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
. "$D/proxies.sh"

if ! have python3; then
	skip "connect through proxies" "python3 missing"
	done_testing
	exit
fi



# sk ARGS...: sockt connect, stdin empty
sk() { run 20 "$SOCKT" connect "$@" </dev/null; }

# trip ARGS...: sockt connect -Q sending "ping" from a stdin that never
# ends (a fifo held open both ways), so no FIN reaches microsocks, which
# would end both directions at once; the far end's close ends it
mkfifo "$T/hold" && exec 7<>"$T/hold"
trip() {
	printf 'ping\n' >&7
	run 20 "$SOCKT" connect -Q "$@" <&7
}

U="try 'sockt help connect'"
# --- the command line: usage errors, exit 2
sk -X 5 127.0.0.1 80
is "-X without -x is a usage error" "$rc $(echo "$err" | head -1)" \
    "2 sockt connect: -X needs -x proxy[:port]"
sk --proxy socks5://127.0.0.1 -X 5 -x 127.0.0.1 localhost 80
is "--proxy with -X -x is a usage error" "$rc $(echo "$err" | head -1)" \
    "2 sockt connect: --proxy does not go with -X or -x"
sk --proxy ftp://127.0.0.1 localhost 80
like "an unknown proxy scheme is a usage error" "$rc $err" \
    "2 sockt connect: unsupported proxy scheme 'ftp'*$U*"
sk --proxy-user a:b localhost 80
is "--proxy-user alone is a usage error" "$rc $(echo "$err" | head -1)" \
    "2 sockt connect: --proxy-user needs --proxy or -X"
sk -U --proxy socks5://127.0.0.1 /tmp/sock
like "-U with --proxy is a usage error" "$rc $err" "2 sockt connect: -U does not go with a proxy*$U*"
sk -X 7 -x 127.0.0.1 localhost 80
like "-X 7 is a usage error" "$rc $err" "2 sockt connect: -X 7: unknown proxy protocol*$U*"
run 5 "$SOCKT" connect --help
like "--help names --proxy, -X and -x proxy" "$out" \
    "*--proxy url*--proxy-user user:pw*-X proto*-x proxy*"

far 16 || { done_testing; exit 1; }
HELLO='hello from far
got: ping'

# --- the fake proxy: refusals, named, exit 1
fake s5-auth-refuse
sk --proxy socks5h://u:p@127.0.0.1:$FP localhost 80
is "SOCKS5 authentication refused" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: authentication refused"

fake s5-rep 4
sk --proxy socks5h://127.0.0.1:$FP localhost 80
is "SOCKS5 reply 4" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: host unreachable (SOCKS5 reply 4)"

fake http-status 407 Proxy Authentication Required
sk --proxy http://127.0.0.1:$FP localhost 80
is "CONNECT 407" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: HTTP 407 Proxy Authentication Required"

fake http-status 403 Forbidden
sk -X connect -x 127.0.0.1:$FP localhost 80
is "CONNECT 403 through -X connect -x" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: HTTP 403 Forbidden"

fake s4-rep 91
sk -X 4 -x 127.0.0.1:$FP 127.0.0.1 80
is "SOCKS4 91 through -X 4 -x" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: request rejected or failed (SOCKS4 reply 91)"

fake s5-close-mid
sk --proxy socks5h://127.0.0.1:$FP localhost 80
is "proxy closes in the middle of the reply" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: SOCKS5 CONNECT: connection closed by the proxy"

closedport
CP=$CPORT
sk --proxy socks5h://127.0.0.1:$CP localhost 80
like "the proxy's port is closed: said as the proxy's" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $CP: *"

# --- successes through the fake proxy
fake s5-ok
sk -v --proxy socks5h://127.0.0.1:$FP localhost 80
is "socks5h: the far end's data reaches stdout" "$rc $out" "0 hello from far"
is "-v names the target and the proxy" "$err" \
    "sockt connect: connected to localhost port 80 through proxy 127.0.0.1 port $FP"
like "socks5h: the proxy resolves the name" "$(cat "$T/fake.out")" \
    "*connect version=5 cmd=1 atyp=3 host=localhost port=80*"

fake s5-auth-ok
sk --proxy socks5h://127.0.0.1:$FP --proxy-user alice:s3cret localhost 80
is "--proxy-user credentials accepted" "$rc $out" "0 hello from far"
like "... and sent" "$(cat "$T/fake.out")" "*auth version=1 user=alice pass=s3cret*"

fake s5-split
sk --proxy socks5h://127.0.0.1:$FP localhost 80
is "SOCKS5 replies byte by byte" "$rc $out" "0 hello from far"

fake http-split
sk --proxy http://127.0.0.1:$FP localhost 80
is "HTTP 200 head byte by byte" "$rc $out" "0 hello from far"

fake http-early
sk --proxy http://127.0.0.1:$FP localhost 443
is "early data after 200: on stdout once, before the rest" "$rc $out" \
    "0 early data
more data"

fake http-early
sk -x --proxy http://127.0.0.1:$FP localhost 443
like "-x dumps the early data, then the rest at offset 11" "$err" \
    "< 00000000  65 61 72 6c 79 20 64 61  74 61 0a * |early data.|*< 0000000b  6d 6f 72 65*|more data.|*"

fake s5-ok
sk -z --proxy socks5h://127.0.0.1:$FP localhost 80
is "-z through a proxy that says yes: exit 0, no data" "$rc $out" "0 "
fake s5-rep 5
sk -zv --proxy socks5h://127.0.0.1:$FP localhost 80
is "-z through a proxy that says no: exit 1" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: connection refused (SOCKS5 reply 5)"

fake pass 1
trip --proxy socks5h://127.0.0.1:$FP 127.0.0.1 "$FAR"
is "SOCKS5 pass-through: both directions" "$rc $out" "0 $HELLO"

# --- -4/-6/-n apply to the proxy's address
fake s5-ok
sk -6 --proxy socks5h://127.0.0.1:$FP localhost 80
is "-6 applies to the proxy's address" "$rc" 1
sk -n --proxy socks5h://localhost:$FP localhost 80
like "-n applies to the proxy's name" "$rc $err" "1 sockt connect: proxy *localhost*(-n)"
sk -4 --proxy socks5h://localhost:$FP localhost 80
is "... and the proxy still answers by name with -4" "$rc $out" "0 hello from far"

# --- one deadline (-w) for the dial and the handshake
fake s5-silent
timed 20 "$SOCKT" connect -w 1 --proxy socks5h://127.0.0.1:$FP localhost 80 </dev/null
is "a proxy that never answers: timed out" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: SOCKS5 greeting: timed out"
check "... after -w 1 ($el ms)" within 900 4000 "$el"

fake s5-slow 700
timed 20 "$SOCKT" connect -w 1 --proxy socks5h://127.0.0.1:$FP localhost 80 </dev/null
is "-w covers the whole handshake, not each step" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: SOCKS5 CONNECT: timed out"
check "... and ends at it ($el ms)" within 900 4000 "$el"

fake http-silent
timed 20 "$SOCKT" connect -w 1 -X connect -x 127.0.0.1:$FP localhost 80 </dev/null
is "no answer to CONNECT: timed out" "$rc $err" \
    "1 sockt connect: proxy 127.0.0.1 port $FP: HTTP CONNECT: timed out"
check "... after -w 1 ($el ms)" within 900 4000 "$el"

# --- real proxies, when installed

if have microsocks; then
	MP=$(freeport)
	bg 90 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 up "$MP"
	trip --proxy socks5h://127.0.0.1:$MP localhost "$FAR"
	is "microsocks: socks5h, both directions" "$rc $out" "0 $HELLO"
	trip --proxy socks5://127.0.0.1:$MP localhost "$FAR"
	is "microsocks: socks5, resolved here" "$rc $out" "0 $HELLO"
	trip -X 5 -x 127.0.0.1:$MP 127.0.0.1 "$FAR"
	is "microsocks: ProxyCommand style -X 5 -x" "$rc $out" "0 $HELLO"
	# a sockt listen far end gets what connect sent, then connect's FIN
	# (the far end's own FIN, -d's at once, would end the tunnel first)
	printf 'ping through microsocks\n' >"$T/msg"
	if SOUT=$T/got server 30 "$SOCKT" listen -d --no-shutdown 127.0.0.1 0 -v; then
		LPID=$SPID
		run 20 "$SOCKT" connect --proxy socks5h://127.0.0.1:$MP \
		    127.0.0.1 "$SPORT" <"$T/msg"
		wait_gone "$LPID" 10
		is "microsocks: data reaches a sockt listen far end" \
		    "$rc $(cat "$T/got")" "0 ping through microsocks"
	fi
	closedport
	sk --proxy socks5h://127.0.0.1:$MP 127.0.0.1 "$CPORT"
	like "microsocks: a closed far port" "$rc $err" \
	    "1 sockt connect: proxy 127.0.0.1 port $MP: *(SOCKS5 reply *)"

	AP=$(freeport)
	bg 90 microsocks -i 127.0.0.1 -p "$AP" -u alice -P s3cret
	wait_until 10 up "$AP"
	trip --proxy socks5h://alice:s3cret@127.0.0.1:$AP localhost "$FAR"
	is "microsocks -u/-P: right credentials in the URL" "$rc $out" "0 $HELLO"
	trip -X 5 -x 127.0.0.1:$AP --proxy-user alice:s3cret localhost "$FAR"
	is "microsocks -u/-P: -X 5 with --proxy-user" "$rc $out" "0 $HELLO"
	sk --proxy socks5h://127.0.0.1:$AP --proxy-user alice:wrong localhost "$FAR"
	is "microsocks -u/-P: wrong password" "$rc $err" \
	    "1 sockt connect: proxy 127.0.0.1 port $AP: authentication refused"
	sk --proxy socks5h://127.0.0.1:$AP localhost "$FAR"
	like "microsocks -u/-P: no credentials" "$rc $err" \
	    "1 sockt connect: proxy 127.0.0.1 port $AP: no acceptable authentication method*"
else
	for n in 1 2 3 4 5 6 7 8 9; do skip "microsocks $n" "microsocks not installed"; done
fi

if have tinyproxy; then
	TP=$(freeport)
	tiny "$TP" ""
	trip --proxy http://127.0.0.1:$TP localhost "$FAR"
	is "tinyproxy: CONNECT, both directions" "$rc $out" "0 $HELLO"
	# what ssh -o ProxyCommand="sockt connect -X connect -x P %h %p" runs
	trip -X connect -x 127.0.0.1:$TP 127.0.0.1 "$FAR"
	is "tinyproxy: ProxyCommand style -X connect -x" "$rc $out" "0 $HELLO"

	BP=$(freeport)
	tiny "$BP" "BasicAuth alice s3cret"
	trip --proxy http://127.0.0.1:$BP --proxy-user alice:s3cret localhost "$FAR"
	is "tinyproxy BasicAuth: right credentials" "$rc $out" "0 $HELLO"
	sk --proxy http://127.0.0.1:$BP localhost "$FAR"
	is "tinyproxy BasicAuth: no credentials" "$rc $err" \
	    "1 sockt connect: proxy 127.0.0.1 port $BP: HTTP 407 Proxy Authentication Required"
else
	for n in 1 2 3 4; do skip "tinyproxy $n" "tinyproxy not installed"; done
fi

if have danted; then
	dante
	trip --proxy socks4://127.0.0.1:$DP localhost "$FAR"
	is "danted: SOCKS4, both directions" "$rc $out" "0 $HELLO"
	trip -X 4 -x 127.0.0.1:$DP 127.0.0.1 "$FAR"
	is "danted: -X 4 -x" "$rc $out" "0 $HELLO"
	trip --proxy socks5h://127.0.0.1:$DP localhost "$FAR"
	is "danted: socks5h" "$rc $out" "0 $HELLO"
else
	for n in 1 2 3; do skip "danted $n" "dante-server not installed"; done
fi

exec 7>&-
done_testing
