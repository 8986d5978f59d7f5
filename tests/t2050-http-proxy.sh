#!/bin/sh
# t2050: http-get through proxies (issue 10): --proxy/-x with the SOCKS
# and HTTP schemes, -p (CONNECT), --proxy-user, ALL_PROXY and NO_PROXY as
# curl reads them, --noproxy, a proxy for each redirect hop; against
# tests/fake_proxy.py --http (the failure replies no real proxy gives on
# demand), Debian's microsocks, tinyproxy and dante-server when they are
# installed, and curl side by side (skipped otherwise, same count).
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
FAKE_ARGS=--http
. "$D/proxies.sh"

if ! have python3; then
	skip "http-get through proxies" "python3 missing"
	done_testing
	exit
fi

# the origin: canned_http.py serving $T/www, on 127.0.0.1 port P
mkdir "$T/www"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nthe index 42\n' \
    >"$T/www/index"
printf 'HTTP/1.1 302 Found\r\nLocation: http://localhost:@PORT@/index\r\nContent-Length: 0\r\n\r\n' \
    >"$T/www/redir"
server 150 python3 "$D/canned_http.py" "$T/www" || { done_testing; exit 1; }
P=$SPORT
U=http://127.0.0.1:$P
BODY='the index 42'
FAR='hello from far'
# a port nothing listens on, held bound: a proxy there fails every time
closedport
DEAD=$CPORT

# hg ARGS...: sockt http-get -sS
hg() { run 20 "$SOCKT" http-get -sS "$@"; }
# requests: what the origin was asked, CRs dropped
requests() { tr -d '\r' <"$T/www/requests.log"; }

# --- the command line
hg -x ftp://127.0.0.1 "$U/"
is "an unknown proxy scheme: curl's 7, said in one line" "$rc $err" \
    "7 sockt http-get: unsupported proxy scheme 'ftp' (socks5, socks5h, socks4, socks4a, http, https)"
hg --proxy socks4://127.0.0.1 --proxy-user u:pw "$U/"
like "--proxy-user with a password for SOCKS4 is a usage error" "$rc $err" \
    "2 sockt http-get: SOCKS4 takes a user id, no password*try 'sockt help http-get'*"
run 5 "$SOCKT" http-get --help
like "--help names -p, -x, --noproxy and --proxy-user" "$out" \
    "*-p  *CONNECT*-x url*socks5h://*--noproxy list*--proxy-user user:pw*"

# --- the fake proxy: refusals named as connect names them, exit 1
fake s5-auth-refuse
hg -x socks5h://u:p@127.0.0.1:$FP "$U/"
is "SOCKS5 authentication refused" "$rc $err" \
    "97 sockt http-get: proxy 127.0.0.1 port $FP: authentication refused"

fake s5-rep 4
hg -x socks5h://127.0.0.1:$FP "$U/"
is "a SOCKS5 error code" "$rc $err" \
    "97 sockt http-get: proxy 127.0.0.1 port $FP: host unreachable (SOCKS5 reply 4)"

fake http-status 403 Forbidden
hg -p -x http://127.0.0.1:$FP "$U/"
is "-p: CONNECT answered 403" "$rc $err" \
    "56 sockt http-get: proxy 127.0.0.1 port $FP: HTTP 403 Forbidden"

fake s5-close-mid
hg --proxy socks5h://127.0.0.1:$FP "$U/"
is "the proxy closes mid-handshake" "$rc $err" \
    "97 sockt http-get: proxy 127.0.0.1 port $FP: SOCKS5 CONNECT: connection closed by the proxy"

hg -x socks5h://127.0.0.1:$DEAD "$U/"
like "the proxy's port is closed: said as the proxy's" "$rc $err" \
    "7 sockt http-get: proxy 127.0.0.1 port $DEAD: *"

# --- the fake proxy: successes; the far end is the fake's
fake s5-ok
hg -x socks5h://127.0.0.1:$FP http://far.invalid:8080/a/b?c
is "socks5h: the response comes through the tunnel" "$rc $out" "0 $FAR"
like "... the proxy got the name to resolve" "$(cat "$T/fake.out")" \
    "*connect version=5 cmd=1 atyp=3 host=far.invalid port=8080*"
like "... and the request is in origin form" "$(cat "$T/fake.out")" \
    "*request GET /a/b?c HTTP/1.1*"

fake s5-split
hg -x socks5h://127.0.0.1:$FP "$U/"
is "SOCKS5 replies byte by byte" "$rc $out" "0 $FAR"

fake http-split
hg -p -x http://127.0.0.1:$FP "$U/"
is "-p: the 200 head byte by byte" "$rc $out" "0 $FAR"

fake http-early
hg -p -x 127.0.0.1:$FP "$U/"
is "-p: 200 and the response's first bytes in one segment: none lost" \
    "$rc $out" "0 $FAR"
like "... the CONNECT named the origin" "$(cat "$T/fake.out")" \
    "*http CONNECT 127.0.0.1:$P HTTP/1.1*request GET / HTTP/1.1*"

fake s5-early
hg -x socks5h://127.0.0.1:$FP "$U/"
is "SOCKS5 reply and the response's first bytes together" "$rc $out" "0 $FAR"

fake s5-auth-ok
hg -x socks5h://al%40ice:s3%3Acret@127.0.0.1:$FP "$U/"
is "credentials in the URL" "$rc $out" "0 $FAR"
like "... percent-decoded" "$(cat "$T/fake.out")" "*auth version=1 user=al@ice pass=s3:cret*"

fake s5-auth-ok
hg -x socks5h://x:y@127.0.0.1:$FP --proxy-user bob:pw "$U/"
like "--proxy-user replaces them" "$rc $out $(cat "$T/fake.out")" \
    "0 $FAR*auth version=1 user=bob pass=pw*"

fake s4-rep 90
hg -x socks4a://127.0.0.1:$FP http://far.invalid/
like "socks4a: the proxy resolves" "$rc $out $(cat "$T/fake.out")" \
    "0 $FAR*socks4 version=4 user= host=far.invalid port=80*"

fake s4-rep 90
hg -x socks4://127.0.0.1:$FP "http://localhost:$P/"
like "socks4: resolved here, sent as an address" "$rc $out $(cat "$T/fake.out")" \
    "0 $FAR*socks4 version=4 user= host=127.0.0.1 port=$P*"

# --- one deadline (--connect-timeout) for the dial and the whole handshake
fake s5-slow 700
timed 20 "$SOCKT" http-get -sS --connect-timeout 1 -x socks5h://127.0.0.1:$FP "$U/"
is "--connect-timeout covers the whole handshake, not each step" "$rc $err" \
    "28 sockt http-get: proxy 127.0.0.1 port $FP: SOCKS5 CONNECT: timed out"
check "... and ends at it ($el ms)" within 900 4000 "$el"

# --- which proxy: --proxy > http_proxy > ALL_PROXY, NO_PROXY, --noproxy
fake s5-ok
ALL_PROXY=socks5h://127.0.0.1:$FP hg "$U/"
is "ALL_PROXY with a SOCKS scheme" "$rc $out" "0 $FAR"

fake s5-ok
all_proxy=socks5h://127.0.0.1:$FP ALL_PROXY=socks5h://127.0.0.1:$DEAD hg "$U/"
is "all_proxy before ALL_PROXY" "$rc $out" "0 $FAR"

fake s5-ok
HTTP_PROXY=http://127.0.0.1:$DEAD ALL_PROXY=socks5h://127.0.0.1:$FP hg "$U/"
is "HTTP_PROXY is not read (CGI), ALL_PROXY is" "$rc $out" "0 $FAR"

fake s5-ok
http_proxy=socks5h://127.0.0.1:$FP ALL_PROXY=socks5h://127.0.0.1:$DEAD hg "$U/"
is "http_proxy (any scheme) before ALL_PROXY" "$rc $out" "0 $FAR"

fake s5-ok
http_proxy=http://127.0.0.1:$DEAD hg -x socks5h://127.0.0.1:$FP "$U/"
is "--proxy before http_proxy" "$rc $out" "0 $FAR"

http_proxy=http://127.0.0.1:$DEAD ALL_PROXY=socks5h://127.0.0.1:$DEAD \
    hg --proxy '' "$U/"
is "--proxy '': no proxy at all" "$rc $out" "0 $BODY"

ALL_PROXY=socks5h://ftp:99999 hg "$U/"
like "a bad ALL_PROXY: exit 1, named" "$rc $err" \
    "1 sockt http-get: ALL_PROXY: bad proxy URL: *"

http_proxy=http://127.0.0.1:$DEAD NO_PROXY=10.0.0.0/8,127.0.0.0/8 hg "$U/"
is "NO_PROXY with a CIDR block covers an address" "$rc $out" "0 $BODY"

NO_PROXY=.localhost hg -x socks5h://127.0.0.1:$DEAD "http://localhost:$P/"
is "NO_PROXY with a domain suffix covers --proxy too" "$rc $out" "0 $BODY"

ALL_PROXY=socks5h://127.0.0.1:$DEAD no_proxy='*' NO_PROXY=nothing.invalid \
    hg -x socks5h://127.0.0.1:$DEAD "$U/"
is "no_proxy '*' (read before NO_PROXY) covers everything" "$rc $out" "0 $BODY"

fake s5-ok
NO_PROXY='nothing.invalid,*' hg -x socks5h://127.0.0.1:$FP "$U/"
is "'*' inside a list is no wildcard (curl)" "$rc $out" "0 $FAR"

fake s5-ok
NO_PROXY=127.0.0.1 hg --noproxy '' -x socks5h://127.0.0.1:$FP "$U/"
is "--noproxy '' overrides NO_PROXY" "$rc $out" "0 $FAR"

NO_PROXY=nothing.invalid hg --noproxy '*' -x socks5h://127.0.0.1:$DEAD "$U/"
is "--noproxy '*': no proxy" "$rc $out" "0 $BODY"

# --- redirects: each hop chooses its proxy
SOUT=$T/pass.out server 60 python3 "$D/fake_proxy.py" pass 2 || exit 1
PP=$SPORT
hg -L -x socks5h://127.0.0.1:$PP "$U/redir"
is "-L through a proxy: both hops" "$rc $out" "0 $BODY"
like "... each through the proxy" "$(cat "$T/pass.out")" \
    "*host=127.0.0.1 port=$P*host=localhost port=$P*"
kill "$SPID" 2>/dev/null
SOUT=$T/pass1.out server 60 python3 "$D/fake_proxy.py" pass 2 || exit 1
NO_PROXY=localhost hg -L -x socks5h://127.0.0.1:$SPORT "$U/redir"
like "NO_PROXY covers the redirect's host: that hop goes direct" \
    "$rc $out $(grep -c connect "$T/pass1.out")" "0 $BODY 1"
kill "$SPID" 2>/dev/null

# --- real proxies, when installed
if have microsocks; then
	MP=$(freeport)
	bg 120 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 up "$MP"
	: >"$T/www/requests.log"
	hg -x socks5h://127.0.0.1:$MP "http://localhost:$P/index?q=1"
	is "microsocks: socks5h" "$rc $out" "0 $BODY"
	like "... an origin-form request reached the origin" "$(requests)" \
	    "GET /index?q=1 HTTP/1.1*Host: localhost:$P*"
	hg -x socks5://127.0.0.1:$MP "http://localhost:$P/"
	is "microsocks: socks5, resolved here" "$rc $out" "0 $BODY"

	AP=$(freeport)
	bg 120 microsocks -i 127.0.0.1 -p "$AP" -u alice -P s3cret
	wait_until 10 up "$AP"
	hg -x socks5h://alice:s3cret@127.0.0.1:$AP "$U/"
	is "microsocks -u/-P: credentials in the URL" "$rc $out" "0 $BODY"
	hg -x socks5h://127.0.0.1:$AP --proxy-user alice:s3cret "$U/"
	is "microsocks -u/-P: --proxy-user" "$rc $out" "0 $BODY"
	hg -x socks5h://127.0.0.1:$AP --proxy-user alice:wrong "$U/"
	is "microsocks -u/-P: wrong password" "$rc $err" \
	    "97 sockt http-get: proxy 127.0.0.1 port $AP: authentication refused"
	ALL_PROXY=socks5h://127.0.0.1:$AP hg "$U/"
	like "microsocks -u/-P: through ALL_PROXY, no credentials" "$rc $err" \
	    "97 sockt http-get: proxy 127.0.0.1 port $AP: no acceptable authentication method*"
else
	for n in 1 2 3 4 5 6 7; do skip "microsocks $n" "microsocks not installed"; done
fi

if have tinyproxy; then
	TP=$(freeport)
	tiny "$TP" ""
	: >"$T/www/requests.log"
	hg -x http://127.0.0.1:$TP "$U/index"
	is "tinyproxy: absolute form" "$rc $out" "0 $BODY"
	like "... forwarded by the proxy (Via)" "$(requests)" "*Via: *tinyproxy*"
	: >"$T/www/requests.log"
	hg -p -x http://127.0.0.1:$TP "$U/index"
	is "tinyproxy: -p, CONNECT" "$rc $out" "0 $BODY"
	case $(requests) in
	*Via:*) v=forwarded ;;
	"GET /index HTTP/1.1"*"User-Agent: sockt/"*) v=tunnelled ;;
	*) v="not seen" ;;
	esac
	is "... the request went through the tunnel untouched (no Via)" "$v" \
	    tunnelled

	BP=$(freeport)
	tiny "$BP" "BasicAuth alice s3cret"
	hg -x http://alice:s3cret@127.0.0.1:$BP "$U/index"
	is "tinyproxy BasicAuth: absolute form with credentials" "$rc $out" "0 $BODY"
	hg -p -x http://127.0.0.1:$BP --proxy-user alice:s3cret "$U/index"
	is "tinyproxy BasicAuth: CONNECT with --proxy-user" "$rc $out" "0 $BODY"
	hg -p -x http://127.0.0.1:$BP "$U/index"
	is "tinyproxy BasicAuth: CONNECT without credentials" "$rc $err" \
	    "56 sockt http-get: proxy 127.0.0.1 port $BP: HTTP 407 Proxy Authentication Required"
	hg -f -x http://127.0.0.1:$BP "$U/index"
	like "tinyproxy BasicAuth: absolute form without credentials, -f" \
	    "$rc $err" "22 sockt http-get: $U/index: server returned 407 *"
else
	for n in 1 2 3 4 5 6 7 8; do skip "tinyproxy $n" "tinyproxy not installed"; done
fi

if have danted; then
	dante
	hg -x socks4://127.0.0.1:$DP "http://localhost:$P/"
	is "danted: socks4" "$rc $out" "0 $BODY"
	# dante 1.4 answers SOCKS4a names with 91: the fake covers socks4a
	hg -x socks5://127.0.0.1:$DP "http://localhost:$P/"
	is "danted: socks5" "$rc $out" "0 $BODY"
	hg -x socks5h://127.0.0.1:$DP "http://localhost:$P/"
	is "danted: socks5h" "$rc $out" "0 $BODY"
else
	for n in 1 2 3; do skip "danted $n" "dante-server not installed"; done
fi

# --- side by side with curl: the same body and the same success
# st STATUS: 0 and 2 (usage) stay, any other failure is 1 (curl says 7
# or 97 where sockt says 1)
st() { case $1 in 0 | 2) echo "$1" ;; *) echo 1 ;; esac; }
# both DESC ENV... -- ARGS...: curl and sockt with the same environment
# and arguments; compare the body and whether it succeeded
both() {
	_d=$1
	shift
	_e=""
	while [ "$1" != "--" ]; do _e="$_e $1"; shift; done
	shift
	# shellcheck disable=SC2086
	run 20 env -u http_proxy -u ALL_PROXY -u all_proxy -u NO_PROXY \
	    -u no_proxy $_e curl -s "$@"
	_c="$(st $rc) $out"
	# shellcheck disable=SC2086
	run 20 env -u http_proxy -u ALL_PROXY -u all_proxy -u NO_PROXY \
	    -u no_proxy $_e "$SOCKT" http-get -sS "$@"
	is "curl and sockt: $_d" "$(st $rc) $out" "$_c"
}
if have curl && have microsocks; then
	both "-x socks5h://, microsocks" -- -x socks5h://127.0.0.1:$MP "http://localhost:$P/"
	both "-x socks5://, microsocks" -- -x socks5://127.0.0.1:$MP "$U/index"
	both "ALL_PROXY, the proxy refuses" \
	    ALL_PROXY=socks5h://alice:wrong@127.0.0.1:$AP -- "$U/"
	both "the proxy refuses the password" -- \
	    -x socks5h://alice:wrong@127.0.0.1:$AP "$U/"
	X="-x socks5h://127.0.0.1:$DEAD"
	# shellcheck disable=SC2086
	{
	both "--noproxy 127.0.0.0/8" -- $X --noproxy 127.0.0.0/8 "$U/"
	both "--noproxy 10.0.0.0/8" -- $X --noproxy 10.0.0.0/8 "$U/"
	both "--noproxy localhost, host localhost" -- $X --noproxy localhost "http://localhost:$P/"
	both "--noproxy .localhost" -- $X --noproxy .localhost "http://localhost:$P/"
	both "--noproxy LOCALHOST." -- $X --noproxy LOCALHOST. "http://localhost:$P/"
	both "--noproxy localhost, host 127.0.0.1" -- $X --noproxy localhost "$U/"
	both "--noproxy '*'" -- $X --noproxy '*' "$U/"
	both "--noproxy 'a.invalid,*'" -- $X --noproxy 'a.invalid,*' "$U/"
	both "--noproxy with a port" -- $X --noproxy "127.0.0.1:$P" "$U/"
	both "--noproxy space separated" -- $X --noproxy 'a.invalid 127.0.0.1' "$U/"
	both "--noproxy '' over NO_PROXY" NO_PROXY=127.0.0.1 -- $X --noproxy '' "$U/"
	both "NO_PROXY over --proxy" NO_PROXY=127.0.0.1 -- $X "$U/"
	both "no_proxy before NO_PROXY" no_proxy=127.0.0.1 NO_PROXY=a.invalid -- $X "$U/"
	both "--proxy '' over ALL_PROXY" "ALL_PROXY=socks5h://127.0.0.1:$DEAD" -- --proxy '' "$U/"
	}
else
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do
		skip "curl side by side $n" "curl or microsocks not installed"
	done
fi

done_testing
