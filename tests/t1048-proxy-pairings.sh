#!/bin/sh
# listen --serve-proxy on the connection stack: the pairings of the
# proxy server with a UNIX socket (-U) and with TLS (--tls, what curl
# calls an HTTPS proxy).  The clients are no one's here: curl's
# socks5h://localhost/PATH (a SOCKS proxy on a UNIX socket, curl 7.84 and
# later) and socat speaking HTTP by hand over -U (curl's --unix-socket
# does not apply to a proxy); curl --proxy https:// with --proxy-insecure
# and --proxy-cacert, for an absolute-form GET, a CONNECT tunnel to an
# http origin (-p) and to an https one (TLS inside the proxy's TLS).
# curl speaks no SOCKS over TLS: a Python ssl client
# (tests/tls_proxy_client.py) does, and checks how each session ends:
# with OP_IGNORE_UNEXPECTED_EOF cleared and suppress_ragged_eofs=False it
# tells a close_notify from a bare TCP end.  It must see close_notify
# after a GET, at a tunnel's end, after SOCKS5, and after a 407 sent to
# a client still in the middle of its body (the whole 407 first).  The
# origin is tests/http_origin.py.  Without -v, the pool's children
# (t1045) do each connection's handshake too.
# watchdog: 120
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"

D=$(cd "$(dirname "$0")" && pwd)

# --- the command line: the pairings lifted, the exclusions that stay
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy http --to-tls
like "--serve-proxy with --to-tls: usage error, with its reason" \
    "$rc $err" "2 sockt listen: --serve-proxy serves on its own: each client names where it goes and speaks its own TLS there*"
run 5 "$SOCKT" listen -k -U "$T/x.sock" --serve-proxy socks5 -n
like "-U --serve-proxy with -n: usage error (-U's own rule)" "$rc $err" \
    "2 sockt listen: -U does not go with -4, -6 or -n*"

if ! have python3; then
	skip "the proxy pairings" "python3 missing"
	done_testing
	exit
fi

mkdir -p "$T/o"
server 100 python3 "$D/http_origin.py" "$T/o" || exit 1
O=$SPORT
# the body of http_origin.py's /cl/N
python3 "$D/http_origin.py" --body 100000 >"$T/body"
# got FILE: the bytes of FILE are the origin's body
got() { cmp -s "$1" "$T/body"; }

# --- -U: a proxy on a UNIX socket
server 100 "$SOCKT" listen -k -v -U "$T/s5.sock" --serve-proxy socks5 ||
    exit 1
S5LOG=$SLOG
# curl_at_least MAJOR MINOR: curl is that version or later
curl_at_least() {
	_cv=$(curl -V 2>/dev/null | sed -n '1s/^curl \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	[ -n "$_cv" ] && set -- "$1" "$2" $_cv &&
	    { [ "$3" -gt "$1" ] || { [ "$3" -eq "$1" ] && [ "$4" -ge "$2" ]; }; }
}
if have curl && curl_at_least 7 84; then
	run 20 curl -sS --max-time 15 -o "$T/c1" \
	    -x "socks5h://localhost$T/s5.sock" "http://127.0.0.1:$O/cl/100000"
	if [ "$rc" -eq 0 ] && got "$T/c1"; then
		pass "-U socks5: curl -x socks5h://localhost/PATH, a body exact"
	else
		fail "-U socks5: curl -x socks5h://localhost/PATH" "rc $rc" \
		    "$err" "$(cat "$S5LOG")"
	fi
else
	skip "-U socks5 with curl" "curl missing, or older than 7.84 (no SOCKS over a UNIX socket)"
fi
server 100 "$SOCKT" listen -k -v -U "$T/h.sock" --serve-proxy http || exit 1
HLOG=$SLOG
if have socat; then
	run 20 sh -c "printf 'CONNECT 127.0.0.1:$O HTTP/1.1\r\nHost: 127.0.0.1:$O\r\n\r\nGET /cl/5 HTTP/1.0\r\n\r\n' |
	    socat -t 10 - UNIX-CONNECT:$T/h.sock"
	like "-U http: a CONNECT tunnel by hand with socat" "$rc $out" \
	    "0 HTTP/1.1 200 Connection established*HTTP/1.? 200 *Content-Length: 5*"
	run 20 sh -c "printf 'GET http://127.0.0.1:$O/cl/5 HTTP/1.1\r\nHost: 127.0.0.1:$O\r\nConnection: close\r\n\r\n' |
	    socat -t 10 - UNIX-CONNECT:$T/h.sock"
	like "-U http: an absolute-form GET by hand with socat" "$rc $out" \
	    "0 HTTP/1.1 200 *Content-Length: 5*Connection: close*"
	wait_until 10 grep -q "(HTTP GET): 200" "$HLOG"
	like "-U http: the requests logged" "$(cat "$HLOG")" \
	    "*(HTTP CONNECT)*(HTTP GET): 200*"
else
	skip "-U http with socat" "socat missing"
fi

# --- --tls: an HTTPS proxy
pki_or_skip "the proxy over TLS"
CERT="--cert $P/good.pem --key $P/good.key"
server 100 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy http $CERT \
    --tls || exit 1
PH=$SPORT PHLOG=$SLOG
if have curl && curl -V | grep -q HTTPS-proxy; then
	run 20 curl -sS --max-time 15 -o "$T/c2" --proxy "https://127.0.0.1:$PH" \
	    --proxy-insecure "http://127.0.0.1:$O/cl/100000"
	check "--tls http: curl --proxy https:// --proxy-insecure, a GET" \
	    got "$T/c2"
	run 20 curl -sS --max-time 15 -o "$T/c3a" -o "$T/c3" \
	    --proxy "https://localhost:$PH" \
	    --proxy-cacert "$P/ca.pem" "http://127.0.0.1:$O/cl/100000" \
	    "http://127.0.0.1:$O/cl/100000" -w '%{num_connects}\n'
	is "--tls http: --proxy-cacert, two GETs over one kept connection" \
	    "$rc $out" "0 1
0"
	check "--tls http: the kept connection's second body exact" got "$T/c3"
	run 20 curl -sS --max-time 15 -o "$T/c4" -p \
	    --proxy "https://127.0.0.1:$PH" --proxy-insecure \
	    "http://127.0.0.1:$O/cl/100000"
	check "--tls http: curl -p, a CONNECT tunnel to an http origin" \
	    got "$T/c4"
	# TLS inside the proxy's TLS: an https origin (sockt's TLS
	# forwarder before the Python one)
	if server 100 "$SOCKT" listen -k -v 127.0.0.1 0 $CERT --tls \
	    --to "127.0.0.1:$O"; then
		run 20 curl -sS --max-time 15 -o "$T/c5" \
		    --proxy "https://127.0.0.1:$PH" --proxy-insecure \
		    --cacert "$P/ca.pem" "https://localhost:$SPORT/cl/100000"
		check "--tls http: an https origin through the tunnel (TLS in TLS)" \
		    got "$T/c5"
	fi
	wait_until 10 grep -q "(HTTP CONNECT)" "$PHLOG"
	like "--tls http: each session in the log" "$(cat "$PHLOG")" \
	    "*TLSv1.*(HTTP GET): 200*(HTTP CONNECT)*"
else
	skip "--tls http with curl" "curl missing or without HTTPS-proxy"
fi

# without -v a child done with its connection takes the next one from
# the listener (the pool): each with a handshake of its own.  The port
# is freeport's (the server says nothing without -v).
PP=$(freeport)
bg 100 "$SOCKT" listen -k 127.0.0.1 "$PP" --serve-proxy http $CERT --tls
wait_until 10 tcp_listens "$PP"
ok=0
i=0
while [ $i -lt 10 ]; do
	pyrun 30 "$D/tls_proxy_client.py" --ca "$P/ca.pem" "$PP" get \
	    "127.0.0.1:$O" cl/5
	case $out in
	"data b'HTTP/1.1 200 "*"end close_notify") ok=$((ok + 1)) ;;
	esac
	i=$((i + 1))
done
is "--tls http, the pool: 10 sessions one after another, all through" \
    "$ok" 10

# close_notify at each end, seen by a peer that tells it from a bare end
pyrun 30 "$D/tls_proxy_client.py" --ca "$P/ca.pem" "$PH" get \
    "127.0.0.1:$O" cl/5
like "--tls http: a GET's answer, then close_notify" "$out" \
    "data b'HTTP/1.1 200 *Content-Length: 5*Connection: close*
end close_notify"
pyrun 30 "$D/tls_proxy_client.py" "$PH" connect "127.0.0.1:$O" bye/5
like "--tls http: a tunnel's end (the origin's) as close_notify" "$out" \
    "data b'HTTP/1.1 200 Connection established*HTTP/1.? 200 *
end close_notify"

server 100 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy http $CERT \
    --tls --serve-proxy-auth user:pw || exit 1
pyrun 30 "$D/tls_proxy_client.py" "$SPORT" body407 "127.0.0.1:$O" 1048576
like "--tls http: a 407 to a client mid-body, whole, then close_notify" \
    "$out" "data b'HTTP/1.1 407 Proxy Authentication Required*Connection: close\\\\r\\\\n\\\\r\\\\n407 Proxy Authentication Required\\\\n'
end close_notify"

server 100 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy socks5 $CERT \
    --tls || exit 1
pyrun 30 "$D/tls_proxy_client.py" "$SPORT" socks5 127.0.0.1 "$O" bye/5
like "--tls socks5: SOCKS5 over TLS, the answer, then close_notify" \
    "$out" "data b'\\\\x05\\\\x00\\\\x05\\\\x00\\\\x00\\\\x01*HTTP/1.? 200 *
end close_notify"
skip "--tls socks5 with curl" "curl speaks no SOCKS over TLS"

done_testing
