#!/bin/sh
# t2051: http-get through an HTTPS proxy and through SOCKS over a UNIX
# socket, as curl has them (issue 49): -x https://[user:pw@]proxy:port
# (curl 7.52) with --proxy-cacert and --proxy-insecure, the proxy's
# certificate checked against the proxy's name as curl checks it (not
# --cacert's, not -k's), for an absolute-form GET of an http URL, a
# CONNECT tunnel (-p) and an https URL through the tunnel (TLS inside
# the proxy's TLS); and -x socks5h://localhost/PATH (curl 7.84).  The
# proxies are sockt's own (listen --tls --serve-proxy http, listen -U
# --serve-proxy socks5), stunnel in front of sockt's plain HTTP proxy,
# and microsocks behind a UNIX socket; curl goes the same ways beside
# it, and each must fetch the same bytes or fail the same way.  The
# origin is tests/mig_http.py over http and over https.
# watchdog: 150
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
D=$(cd "$(dirname "$0")" && pwd)

# --- the command line
run 5 "$SOCKT" http-get -x ftp://h http://127.0.0.1:9/
like "-x ftp:// names the schemes, https among them (curl's 7)" \
    "$rc $err" \
    "7 sockt http-get: unsupported proxy scheme 'ftp' (socks5, socks5h, socks4, socks4a, http, https)*"
# a proxy URL's path and query are ignored, as curl ignores them
# (issue 61), but socks5h://localhost/PATH's, a UNIX socket
run 5 "$SOCKT" http-get -s -x "socks5h://127.0.0.1:9/x" http://127.0.0.1:9/
is "a SOCKS proxy URL's path, not localhost's: ignored (7, as curl)" "$rc" 7
run 5 "$SOCKT" http-get -s -x "http://127.0.0.1:9/x?y" http://127.0.0.1:9/
is "an HTTP proxy URL's path and query: ignored (7, as curl)" "$rc" 7
run 5 "$SOCKT" http-get --help
like "--help names https:// proxies and their options" "$out" \
    "*https://*socks5h://localhost/PATH*--proxy-cacert file*--proxy-insecure*"

pki_or_skip "http-get through an HTTPS proxy" python3

server 140 python3 "$D/mig_http.py" "$T/o.log" || exit 1
U=http://127.0.0.1:$SPORT
server 140 python3 "$D/mig_http.py" "$T/o.log" "$P/good.pem" \
    "$P/good.key" || exit 1
S=https://localhost:$SPORT
python3 -c 'import sys
sys.stdout.buffer.write(bytes((i * 7 + i // 251) & 0xFF for i in range(100000)))' \
    >"$T/big"

# both DESC WANT ARGS...: sockt http-get -sS ARGS, and curl -sS ARGS
# beside it (when there): each fetches WANT's bytes to $T/g.*, exit 0
both() {
	_d=$1 _w=$2
	shift 2
	run 30 "$SOCKT" http-get -sS -o "$T/g.sockt" "$@"
	if [ "$rc" = 0 ] && cmp -s "$T/g.sockt" "$_w"; then
		pass "$_d"
	else
		fail "$_d" "rc $rc" "$err"
	fi
	if have curl; then
		run 30 curl -sS -o "$T/g.curl" "$@"
		if [ "$rc" = 0 ] && cmp -s "$T/g.curl" "$_w"; then
			pass "... and so does curl"
		else
			fail "... and so does curl" "rc $rc" "$err"
		fi
	else
		skip "... and so does curl" "no curl"
	fi
}
# refused DESC PATTERN CURLRC ARGS...: sockt fails with one of CURLRC,
# saying PATTERN; curl too (35 is how curl 7.88 says a failed TLS
# inside its proxy's)
refused() {
	_d=$1 _p=$2 _c=$3
	shift 3
	run 30 "$SOCKT" http-get -sS -o "$T/g.sockt" "$@"
	like "$_d" " $_c :$err" "* $rc *:sockt http-get: $_p"
	if have curl; then
		run 30 curl -sS -o "$T/g.curl" "$@"
		case " $_c " in
		*" $rc "*) pass "... as curl refuses it ($rc)" ;;
		*) fail "... as curl refuses it" "got: $rc" "want: $_c" ;;
		esac
	else
		skip "... as curl refuses it" "no curl"
	fi
}
printf 'the index\n' >"$T/index"

# --- sockt's own HTTPS proxy
server 140 "$SOCKT" listen -k -v --tls --cert "$P/good.pem" \
    --key "$P/good.key" --serve-proxy http 127.0.0.1 0 || exit 1
PX=$SPORT PXLOG=$SLOG
X="https://localhost:$PX"
both "https proxy: an http URL, forwarded (absolute form over TLS)" \
    "$T/index" -x "$X" --proxy-cacert "$P/ca.pem" "$U/index"
like "... the proxy forwarded a GET" "$(cat "$PXLOG")" "*(HTTP GET): 200*"
both "https proxy: -p, an http URL through a CONNECT tunnel" \
    "$T/index" -p -x "$X" --proxy-cacert "$P/ca.pem" "$U/index"
both "https proxy: an https URL, TLS inside the proxy's TLS" "$T/big" \
    -x "$X" --proxy-cacert "$P/ca.pem" --cacert "$P/ca.pem" "$S/big"
both "https proxy: the proxy named by its address (in its certificate)" \
    "$T/index" -x "https://127.0.0.1:$PX" --proxy-cacert "$P/ca.pem" \
    --cacert "$P/ca.pem" "$S/index"
both "--proxy-insecure: the proxy's certificate not checked" "$T/index" \
    -x "https://other.invalid:$PX" --resolve "other.invalid:$PX:127.0.0.1" \
    --proxy-insecure --cacert "$P/ca.pem" "$S/index"
# curl's %{proxy_ssl_verify_result}: the proxy's verdict, not acted on
w='%{proxy_ssl_verify_result} %{ssl_verify_result} %{http_code}'
run 30 "$SOCKT" http-get -s -o /dev/null -w "$w" -x "https://other.invalid:$PX" \
    --resolve "other.invalid:$PX:127.0.0.1" --proxy-insecure \
    --cacert "$P/ca.pem" "$S/index"
s=$out
if have curl; then
	run 30 curl -s -o /dev/null -w "$w" -x "https://other.invalid:$PX" \
	    --resolve "other.invalid:$PX:127.0.0.1" --proxy-insecure \
	    --cacert "$P/ca.pem" "$S/index"
	is "%{proxy_ssl_verify_result} with --proxy-insecure: as curl's" \
	    "$s" "$out"
else
	skip "%{proxy_ssl_verify_result} with --proxy-insecure" "no curl"
fi
refused "the proxy's certificate checked against the proxy's name" \
    "proxy other.invalid port $PX: certificate is for localhost, 127.0.0.1, ::1, not other.invalid (try --proxy-cacert FILE, or --proxy-insecure to skip the check)" 60 \
    -x "https://other.invalid:$PX" --resolve "other.invalid:$PX:127.0.0.1" \
    --proxy-cacert "$P/ca.pem" "$U/index"
refused "--cacert and -k are the origin's: not the proxy's, whose hint is its own" \
    "proxy localhost port $PX: unable to get local issuer certificate (try --proxy-cacert FILE, or --proxy-insecure to skip the check)" \
    60 \
    -k --cacert "$P/ca.pem" -x "$X" "$S/index"
refused "--proxy-insecure is the proxy's: not the origin's" \
    "localhost port *: unable to get local issuer certificate (try --cacert FILE, or -k to skip the check)" "60 35" \
    --proxy-insecure -x "$X" "$S/index"
run 30 "$SOCKT" http-get -sS -Z --proxy-cacert "$P/ca.pem" --cacert \
    "$P/ca.pem" -x "$X" "$S/big" "$S/index" "$U/index"
is "-Z: https and http URLs at once through it, in URL order" \
    "$rc $(cksum <"$T/out")" \
    "0 $(cat "$T/big" "$T/index" "$T/index" | cksum)"
run 30 "$SOCKT" http-get -sS -v --proxy-cacert "$P/ca.pem" --cacert \
    "$P/ca.pem" -x "$X" "$S/index"
like "-v: the TLS inside the proxy's is said" \
    "$rc $err" "0 *TLSv1.*"
kill "$SPID"

# credentials in the URL, as Basic to the proxy
server 140 "$SOCKT" listen -k -v --tls --cert "$P/good.pem" \
    --key "$P/good.key" --serve-proxy http --serve-proxy-auth alice:s3cret \
    127.0.0.1 0 || exit 1
both "https proxy: user:pw@ in the URL, for a forwarded GET" "$T/index" \
    -x "https://alice:s3cret@localhost:$SPORT" --proxy-cacert "$P/ca.pem" \
    "$U/index"
both "https proxy: user:pw@, for a tunnel" "$T/big" \
    -x "https://alice:s3cret@localhost:$SPORT" --proxy-cacert "$P/ca.pem" \
    --cacert "$P/ca.pem" "$S/big"
run 30 "$SOCKT" http-get -sS -x "https://alice:nope@localhost:$SPORT" \
    --proxy-cacert "$P/ca.pem" --cacert "$P/ca.pem" "$S/index"
like "a wrong password: the proxy's 407" "$rc $err" \
    "56 sockt http-get: proxy localhost port $SPORT: HTTP 407*"
kill "$SPID"

# --- stunnel's TLS in front of sockt's plain HTTP proxy
if have stunnel4 || have stunnel; then
	ST=$(command -v stunnel4 || command -v stunnel)
	server 140 "$SOCKT" listen -k -v --serve-proxy http 127.0.0.1 0 ||
	    exit 1
	SP=$(freeport)
	printf '%s\n' 'foreground = yes' 'pid =' "output = $T/stunnel.log" \
	    '[proxy]' "accept = 127.0.0.1:$SP" "connect = 127.0.0.1:$SPORT" \
	    "cert = $P/good.pem" "key = $P/good.key" >"$T/stunnel.conf"
	bg 140 "$ST" "$T/stunnel.conf"
	if wait_until 10 python3 -c 'import socket,sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$SP" \
	    2>/dev/null; then
		both "stunnel: an http URL through it" "$T/index" \
		    -x "https://localhost:$SP" --proxy-cacert "$P/ca.pem" \
		    "$U/index"
		both "stunnel: an https URL, TLS inside stunnel's" "$T/big" \
		    -x "https://localhost:$SP" --proxy-cacert "$P/ca.pem" \
		    --cacert "$P/ca.pem" "$S/big"
	else
		fail "stunnel listens" "$(cat "$T/stunnel.log" 2>/dev/null)"
	fi
else
	skip "stunnel as an HTTPS proxy" "no stunnel"
fi

# --- SOCKS over a UNIX socket: sockt's own, then microsocks behind one
server 140 "$SOCKT" listen -k -v -U "$T/s5.sock" --serve-proxy socks5 ||
    exit 1
both "socks5h://localhost/PATH: sockt's SOCKS5 on a UNIX socket" \
    "$T/index" -x "socks5h://localhost$T/s5.sock" "$U/index"
both "socks5://localhost/PATH, an https URL through it" "$T/big" \
    -x "socks5://localhost$T/s5.sock" --cacert "$P/ca.pem" "$S/big"
refused "a UNIX socket that is not there" \
    "proxy $T/none.sock: No such file or directory" 7 \
    -x "socks5h://localhost$T/none.sock" "$U/index"
if have microsocks; then
	MS=$(freeport)
	bg 140 microsocks -i 127.0.0.1 -p "$MS"
	server 140 "$SOCKT" listen -k -v -U "$T/ms.sock" --to "127.0.0.1:$MS" ||
	    exit 1
	both "microsocks behind a UNIX socket: socks5h://localhost/PATH" \
	    "$T/index" -x "socks5h://localhost$T/ms.sock" "$U/index"
else
	skip "microsocks behind a UNIX socket" "no microsocks"
fi

# --- connect: SOCKS over a UNIX socket too; an https:// proxy is
# http-get's, refused before anything is dialed
server 140 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'echo far' || exit 1
run 20 "$SOCKT" connect -v --proxy "socks5h://localhost$T/s5.sock" \
    127.0.0.1 "$SPORT" </dev/null
like "connect --proxy socks5h://localhost/PATH" "$rc $out $err" \
    "0 far*through proxy $T/s5.sock*"
run 5 "$SOCKT" connect --proxy "https://localhost:$PX" 127.0.0.1 "$SPORT"
like "connect --proxy https://: a usage error saying whose it is" \
    "$rc $err" "2 sockt connect: an https:// proxy is http-get's*"

done_testing
