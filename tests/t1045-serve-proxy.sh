#!/bin/sh
# listen --serve-proxy socks5|http: sockt as a SOCKS5 (RFC 1928, RFC
# 1929) and HTTP proxy server, against clients no one here wrote: curl
# (-x socks5h://, socks5://, http:// with absolute-form GET and HEAD,
# and -p's CONNECT, with and without -U), ncat --proxy-type socks5 and
# http, and a scripted Python client (tests/socks5_client.py) that sends
# every kind of request and reads every reply code: 0, 2 (--allow-to,
# the loop guard), 4 (a name not resolved under -n), 5 (a port held
# closed), 7 (BIND, UDP ASSOCIATE), 8 (address type 2), method 255 and a
# refused password; 3, 4 and 6 (-w) again in a network namespace of its
# own, where routes make a network unreachable, a host unreachable and
# a host that never answers.  sockt's own connect --proxy and http-get
# -x go through it too.  Relays are byte-exact both ways, an EOF passes
# as a half-close, and bytes sent with (or split across) the handshake
# are not lost.  Each refusal is logged and the server serves on.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
. "$(dirname "$0")/nginx.sh"

D=$(cd "$(dirname "$0")" && pwd)
U="try 'sockt help listen'"

# --- the command line: usage errors, exit 2
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy socks4
like "--serve-proxy socks4: usage error" "$rc $err" \
    "2 sockt listen: --serve-proxy socks4: socks5 or http*$U*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --allow-to 10.0.0.0/8
like "--allow-to without --serve-proxy: usage error" "$rc $err" \
    "2 sockt listen: --allow-to needs --serve-proxy*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy-auth a:b
like "--serve-proxy-auth without --serve-proxy: usage error" "$rc $err" \
    "2 sockt listen: --serve-proxy-auth needs --serve-proxy*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy socks5 \
    --serve-proxy-auth nocolon
like "--serve-proxy-auth without a colon: usage error" "$rc $err" \
    "2 sockt listen: --serve-proxy-auth: user:pw*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy http --allow-to 'a b:1'
like "--allow-to a bad entry: usage error" "$rc $err" \
    "2 sockt listen: --allow-to a b:1: *"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy socks5 --to 127.0.0.1:9
like "--serve-proxy with --to: usage error" "$rc $err" \
    "2 sockt listen: --serve-proxy serves on its own*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --serve-proxy socks5 -c cat
like "--serve-proxy with -c: usage error" "$rc $err" \
    "2 sockt listen: --serve-proxy serves on its own*"
run 5 "$SOCKT" listen --help
like "--help names --serve-proxy, --serve-proxy-auth and --allow-to" \
    "$out" "*--serve-proxy socks5|http*--serve-proxy-auth user:pw*--allow-to spec*"

if ! have python3; then
	skip "the proxy servers" "python3 missing"
	done_testing
	exit
fi
S5="python3 $D/socks5_client.py"

# the far ends: an echo (the data back, then EOF after ours), a port held
# closed, nginx for curl
server 200 "$SOCKT" listen -k -v 127.0.0.1 0 -c cat || exit 1
ECHO=$SPORT
closedport
CP=$CPORT
mkdir -p "$T/www"
head -c 2097152 /dev/urandom >"$T/www/big"
printf 'hello\n' >"$T/www/small"
NG=
nginx_start "$T/www" && NG=$NGPORT

# px ARGS...: a proxy server (-k -v) on 127.0.0.1; PXPID, PX, PXLOG
px() {
	server 200 "$SOCKT" listen -k -v 127.0.0.1 0 "$@" || return 1
	PXPID=$SPID PX=$SPORT PXLOG=$SLOG
}
# s5 ARGS...: the scripted client through the proxy PX
s5() { pyrun 30 "$D/socks5_client.py" "$PX" "$@"; }
# logged PATTERN: a line of the proxy's log matches (the child writes it
# after the client saw the reply: wait for it)
logged() { wait_until 10 grep -q "$1" "$PXLOG"; }

# --- SOCKS5 without authentication
px --serve-proxy socks5 || exit 1
s5 127.0.0.1 "$ECHO" --data ping
is "SOCKS5: method 0, reply 0 with an IPv4 address, the echo back" \
    "$out" "method 0
rep 0 atyp 1
data ping"
s5 127.0.0.1 "$ECHO" --data "$(printf 'split\nacross')" --mode split
is "SOCKS5: every message split byte by byte: the same" "$out" \
    "method 0
rep 0 atyp 1
data split|across"
s5 localhost "$ECHO" --data early --mode coalesce
is "SOCKS5: greeting, request and data in one write: the data not lost" \
    "$out" "method 0
rep 0 atyp 1
data early"
if have_ipv6; then
	if server 200 "$SOCKT" listen -k -v ::1 0 -c cat; then
		s5 ::1 "$SPORT" --data six
		is "SOCKS5: an IPv6 destination (reply with an IPv6 address)" \
		    "$out" "method 0
rep 0 atyp 4
data six"
	fi
else
	skip "SOCKS5: an IPv6 destination" "no IPv6 loopback"
fi
s5 127.0.0.1 "$CP"
is "SOCKS5 reply 5: a closed port, connection refused" "$out" "method 0
rep 5 atyp 1
closed"
logged "refused (SOCKS5 reply 5)"
like "reply 5: logged with who, where and why" "$(cat "$PXLOG")" \
    "*connection from 127.0.0.1 port * to 127.0.0.1 port $CP refused (SOCKS5 reply 5): 127.0.0.1 port $CP: Connection refused*"
# BIND (2) and UDP ASSOCIATE (3) are served (t0024); a command RFC 1928
# has not is not
s5 127.0.0.1 "$ECHO" --cmd 4
is "SOCKS5 reply 7: command 4 is not supported" "$out" "method 0
rep 7 atyp 1
closed"
s5 127.0.0.1 "$ECHO" --atyp 2
is "SOCKS5 reply 8: address type 2" "$out" "method 0
rep 8 atyp 1
closed"
s5 127.0.0.1 "$PX"
is "SOCKS5 reply 2: the proxy's own address and port (a loop)" "$out" \
    "method 0
rep 2 atyp 1
closed"
s5 localhost "$PX"
is "SOCKS5 reply 2: the proxy by a name that resolves to it" "$out" \
    "method 0
rep 2 atyp 1
closed"
logged "a loop"
like "the loop guard's refusal logged" "$(cat "$PXLOG")" \
    "*to 127.0.0.1 port $PX refused (SOCKS5 reply 2): that is this proxy itself (a loop)*"
s5 127.0.0.1 "$ECHO" --methods 2 --auth a:b
is "SOCKS5 method 255: only user/password offered, none asked for" \
    "$out" "method 255"
check "after every refusal the proxy serves on" alive "$PXPID"

# curl, ncat and sockt's own clients
if have curl && [ -n "$NG" ]; then
	run 30 curl -sS -o "$T/got" -x "socks5h://127.0.0.1:$PX" \
	    "http://localhost:$NG/big"
	is "curl -x socks5h:// (the proxy resolves): 2 MiB byte-exact" \
	    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/www/big")"
	run 30 curl -sS -o "$T/got" -x "socks5://127.0.0.1:$PX" \
	    "http://localhost:$NG/big"
	is "curl -x socks5:// (curl resolves): 2 MiB byte-exact" \
	    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/www/big")"
	run 30 curl -sS -x "socks5h://127.0.0.1:$PX" "http://127.0.0.1:$CP/"
	like "curl: reply 5 is 'connection refused' to curl" "$rc $err" \
	    "97 *(5)*"
else
	for n in 1 2 3; do skip "curl through SOCKS5 $n" "curl or nginx missing"; done
fi
if have ncat; then
	run 20 sh -c "printf 'via ncat\n' | ncat --proxy 127.0.0.1:$PX \
	    --proxy-type socks5 127.0.0.1 $ECHO"
	is "ncat --proxy-type socks5: there and back" "$rc $out" "0 via ncat"
else
	skip "ncat --proxy-type socks5" "ncat missing"
fi
run 20 sh -c "printf 'via sockt\n' | \"\$SOCKT\" connect \
    --proxy socks5h://127.0.0.1:$PX localhost $ECHO"
is "sockt connect --proxy socks5h://: there and back" "$rc $out" \
    "0 via sockt"
# 1 MiB up to a sink: byte-exact, and the sink sees the end (half-close)
head -c 1048576 /dev/urandom >"$T/mib"
if SOUT=$T/sunk server 30 "$SOCKT" listen -v 127.0.0.1 0; then
	SINK=$SPID
	run 30 "$SOCKT" connect --proxy "socks5://127.0.0.1:$PX" 127.0.0.1 \
	    "$SPORT" <"$T/mib"
	wait_gone "$SINK" 10
	is "sockt connect: 1 MiB up, byte-exact, the sink sees EOF" \
	    "$rc $(sum_of "$T/sunk")" "0 $(sum_of "$T/mib")"
fi
if [ -n "$NG" ]; then
	run 30 "$SOCKT" http-get -o "$T/got" -x "socks5h://127.0.0.1:$PX" \
	    "http://127.0.0.1:$NG/big"
	is "sockt http-get -x socks5h://: byte-exact" \
	    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/www/big")"
else
	skip "sockt http-get -x socks5h://" "nginx missing"
fi

# -n: names are not resolved, so a name is a host that cannot be reached
px -n --serve-proxy socks5 || exit 1
s5 localhost "$ECHO"
is "SOCKS5 reply 4: a name not resolved (-n)" "$out" "method 0
rep 4 atyp 1
closed"

# --- SOCKS5 with a user and password (RFC 1929)
px --serve-proxy socks5 --serve-proxy-auth alice:s3cret || exit 1
s5 127.0.0.1 "$ECHO" --auth alice:s3cret --data secret
is "RFC 1929: the right password: method 2, auth 0, through" "$out" \
    "method 2
auth 0
rep 0 atyp 1
data secret"
s5 127.0.0.1 "$ECHO" --auth alice:s3cret --data coalesced --mode coalesce
is "RFC 1929: greeting, credentials, request and data in one write" \
    "$out" "method 2
auth 0
rep 0 atyp 1
data coalesced"
s5 127.0.0.1 "$ECHO" --auth alice:wrong
is "RFC 1929: a wrong password: status 1, closed" "$out" "method 2
auth 1
closed"
logged "authentication failed"
like "a wrong password is logged with the user" "$(cat "$PXLOG")" \
    "*connection from 127.0.0.1 port *: authentication failed (user alice)*"
s5 127.0.0.1 "$ECHO"
is "RFC 1929 asked for, no-auth offered: method 255" "$out" "method 255"
# without -v a wrong password is said all the same, as the HTTP proxy
# says its 407 (issue 49): a refusal the client was told of
QP=$(freeport)
BGERR=$T/quiet.log bg 60 "$SOCKT" listen -k --serve-proxy socks5 \
    --serve-proxy-auth alice:s3cret 127.0.0.1 "$QP"
QPID=$BGPID
wait_until 10 tcp_listens "$QP"
pyrun 30 "$D/socks5_client.py" "$QP" 127.0.0.1 "$ECHO" --auth alice:wrong
wait_until 10 grep -q "authentication failed" "$T/quiet.log"
like "without -v: a wrong password is said, with what the client was told" \
    "$(cat "$T/quiet.log")" \
    "*sockt listen: connection from 127.0.0.1 port *: authentication failed (user alice) (SOCKS5 authentication status 1)*"
kill "$QPID"
if have curl && [ -n "$NG" ]; then
	run 30 curl -sS -o "$T/got" -x "socks5h://alice:s3cret@127.0.0.1:$PX" \
	    "http://127.0.0.1:$NG/small"
	is "curl -x socks5h://alice:s3cret@: through" "$rc $(cat "$T/got")" \
	    "0 hello"
	run 30 curl -sS -o /dev/null -x "socks5h://127.0.0.1:$PX" \
	    "http://127.0.0.1:$NG/small"
	like "curl without credentials: refused" "$rc" "97"
else
	for n in 1 2; do skip "curl with credentials $n" "curl or nginx missing"; done
fi
if have ncat; then
	run 20 sh -c "printf 'auth ncat\n' | ncat --proxy 127.0.0.1:$PX \
	    --proxy-type socks5 --proxy-auth alice:s3cret 127.0.0.1 $ECHO"
	is "ncat --proxy-auth: there and back" "$rc $out" "0 auth ncat"
else
	skip "ncat --proxy-auth" "ncat missing"
fi
run 20 sh -c "printf 'auth sockt\n' | \"\$SOCKT\" connect --proxy \
    socks5h://127.0.0.1:$PX --proxy-user alice:s3cret 127.0.0.1 $ECHO"
is "sockt connect --proxy-user: there and back" "$rc $out" "0 auth sockt"

# --- --allow-to: only these
px --serve-proxy socks5 --allow-to "localhost:$ECHO" \
    --allow-to 127.0.0.2/32 || exit 1
s5 localhost "$ECHO" --data named
is "--allow-to host:port: the name let through" "$out" "method 0
rep 0 atyp 1
data named"
s5 127.0.0.1 "$ECHO"
is "--allow-to: the same address by number is not: reply 2" "$out" \
    "method 0
rep 2 atyp 1
closed"
logged "not allowed by --allow-to"
like "--allow-to's refusal logged" "$(cat "$PXLOG")" \
    "*to 127.0.0.1 port $ECHO refused (SOCKS5 reply 2): not allowed by --allow-to*"

# --- --proxy: onward through another proxy (here sockt's own, then
# microsocks); the next proxy resolves, and --allow-to sees the names
px --serve-proxy socks5 || exit 1
NEXT=$PX
px --serve-proxy http --proxy "socks5h://127.0.0.1:$NEXT" \
    --allow-to "localhost:$ECHO" || exit 1
run 20 sh -c "printf 'two hops\n' | \"\$SOCKT\" connect --proxy \
    http://127.0.0.1:$PX localhost $ECHO"
is "--proxy: CONNECT here, SOCKS5 to the next proxy, the echo back" \
    "$rc $out" "0 two hops"
logged "through --proxy"
like "--proxy: -v says the connection went through the next proxy" \
    "$(cat "$PXLOG")" "*to localhost port $ECHO (HTTP CONNECT, through --proxy)*"
run 20 sh -c "printf 'no\n' | \"\$SOCKT\" connect --proxy \
    http://127.0.0.1:$PX 127.0.0.1 $ECHO"
like "--proxy with --allow-to: an address no entry names is refused" \
    "$rc $err" "1 *HTTP 403*"
if have microsocks; then
	MP=$(freeport)
	bg 120 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 tcp_listens "$MP"
	# a far end that speaks first and closes: microsocks ends both
	# directions at a client's half-close, so no echo through it
	server 200 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'echo chained' ||
	    exit 1
	GREET=$SPORT
	px --serve-proxy socks5 --proxy "socks5://127.0.0.1:$MP" || exit 1
	s5 127.0.0.1 "$GREET"
	is "--proxy through microsocks: reply 0 and the far end's line" \
	    "$out" "method 0
rep 0 atyp 1
data chained|"
	s5 127.0.0.1 "$CP"
	like "--proxy: the next proxy's refusal is a general failure" \
	    "$out" "method 0*rep 1 atyp 1*closed"
else
	skip "--proxy through microsocks" "microsocks missing"
	skip "--proxy: the next proxy's refusal" "microsocks missing"
fi

# --- --deny: the client is never served
px --serve-proxy socks5 --deny 127.0.0.0/8 || exit 1
s5 127.0.0.1 "$ECHO"
case $out in
closed* | "error"*"reset"*) pass "--deny: closed before any reply" ;;
*) fail "--deny: closed before any reply" "got: $out" ;;
esac

# --- the HTTP proxy
px --serve-proxy http || exit 1
if have curl && [ -n "$NG" ]; then
	run 30 curl -sS -o "$T/got" -x "http://127.0.0.1:$PX" \
	    "http://localhost:$NG/big"
	is "curl -x http:// (absolute-form GET): 2 MiB byte-exact" \
	    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/www/big")"
	run 30 curl -sS -p -o "$T/got" -x "http://127.0.0.1:$PX" \
	    "http://localhost:$NG/big"
	is "curl -p (CONNECT): 2 MiB byte-exact" \
	    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/www/big")"
	run 30 curl -sS -I -x "http://127.0.0.1:$PX" \
	    "http://127.0.0.1:$NG/small"
	like "curl -I (HEAD) through it: nginx's head" "$rc $out" \
	    "0 HTTP/1.1 200 OK*Content-Length: 6*"
	run 30 curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$PX" \
	    "http://127.0.0.1:$CP/"
	is "HTTP: a closed port is 502" "$out" "502"
	run 30 curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$PX" \
	    "http://127.0.0.1:$PX/"
	is "HTTP: the proxy itself is 403 (the loop guard)" "$out" "403"
	run 30 curl -sS -p -o /dev/null -x "http://127.0.0.1:$PX" \
	    "http://127.0.0.1:$PX/"
	like "HTTP CONNECT to the proxy itself: 403 to curl" "$rc $err" \
	    "56 *403*"
	run 30 curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$PX" \
	    "ftp://127.0.0.1:$NG/"
	like "HTTP: ftp:// is 501 (or curl will not send it)" "$out" "501"
else
	for n in 1 2 3 4 5 6 7; do skip "curl through HTTP $n" "curl or nginx missing"; done
fi
# the head the origin gets, persistent connections, bodies: t1047
for req in 'GET /x HTTP/1.1\r\n\r\n=400' 'GET http://h/ HTTP/2.0\r\n\r\n=505' \
    'GET http://h/ HTTP/1.1\r\nA: b\r\n c\r\n\r\n=400' \
    'BREW coffee://pot/ HTTP/1.1\r\n\r\n=501'; do
	printf "${req%=*}" >"$T/req"
	run 20 "$SOCKT" connect 127.0.0.1 "$PX" <"$T/req"
	like "HTTP: a bad request gets ${req##*=}" "$rc $out" \
	    "0 HTTP/1.1 ${req##*=} *"
done
if have ncat; then
	run 20 sh -c "printf 'http ncat\n' | ncat --proxy 127.0.0.1:$PX \
	    --proxy-type http 127.0.0.1 $ECHO"
	is "ncat --proxy-type http: there and back" "$rc $out" "0 http ncat"
else
	skip "ncat --proxy-type http" "ncat missing"
fi
run 20 sh -c "printf 'connect http\n' | \"\$SOCKT\" connect --proxy \
    http://127.0.0.1:$PX 127.0.0.1 $ECHO"
is "sockt connect --proxy http:// (CONNECT): there and back" "$rc $out" \
    "0 connect http"
if [ -n "$NG" ]; then
	run 30 "$SOCKT" http-get -o "$T/got" -x "http://127.0.0.1:$PX" \
	    "http://127.0.0.1:$NG/big"
	is "sockt http-get -x http://: byte-exact" \
	    "$rc $(sum_of "$T/got")" "0 $(sum_of "$T/www/big")"
else
	skip "sockt http-get -x http://" "nginx missing"
fi
check "the HTTP proxy serves on" alive "$PXPID"

px --serve-proxy http --serve-proxy-auth alice:s3cret || exit 1
if have curl && [ -n "$NG" ]; then
	run 30 curl -sS -o "$T/got" -x "http://127.0.0.1:$PX" -U alice:s3cret \
	    "http://127.0.0.1:$NG/small"
	is "HTTP Basic: curl -U, the right credentials" "$rc $(cat "$T/got")" \
	    "0 hello"
	run 30 curl -sS -p -o "$T/got" -x "http://127.0.0.1:$PX" \
	    --proxy-user alice:s3cret "http://127.0.0.1:$NG/small"
	is "HTTP Basic: CONNECT with --proxy-user" "$rc $(cat "$T/got")" \
	    "0 hello"
	run 30 curl -s -i -x "http://127.0.0.1:$PX" "http://127.0.0.1:$NG/small"
	like "HTTP Basic: no credentials: 407 with Proxy-Authenticate" \
	    "$(printf '%s' "$out" | tr -d '\r')" \
	    "HTTP/1.1 407 *Proxy-Authenticate: Basic realm=\"sockt\"*"
	run 30 curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$PX" \
	    -U alice:wrong "http://127.0.0.1:$NG/small"
	is "HTTP Basic: a wrong password: 407" "$out" "407"
else
	for n in 1 2 3 4; do skip "curl HTTP Basic $n" "curl or nginx missing"; done
fi
if have ncat; then
	run 20 sh -c "printf 'ncat basic\n' | ncat --proxy 127.0.0.1:$PX \
	    --proxy-type http --proxy-auth alice:s3cret 127.0.0.1 $ECHO"
	is "ncat --proxy-type http --proxy-auth: there and back" "$rc $out" \
	    "0 ncat basic"
else
	skip "ncat http --proxy-auth" "ncat missing"
fi

# --- the pool: without -v a child done with its connection takes the
# next from the listener itself (no fork); the screening is the same for
# the connections a child takes as for the server's.  The port is
# freeport's (the server says nothing without -v), and the clients wait
# until it listens (tcp_listens: under load the first were refused).
PP=$(freeport)
BGERR="$T/pool.err" bg 120 "$SOCKT" listen -k 127.0.0.1 "$PP" \
    --deny 127.0.0.2 --serve-proxy socks5
POOLPID=$BGPID
check "the pool: the server listens" wait_until 10 tcp_listens "$PP"
# the 20 sessions one after another from one client process (--each),
# each its own data (n0 to n19): a python start each was 20 of them
each=
i=0
while [ $i -lt 20 ]; do each="$each 127.0.0.1/1"; i=$((i + 1)); done
pyrun 60 "$D/socks5_client.py" "$PP" 127.0.0.1 "$ECHO" --each "$each" --data 'n{n}'
ok=0
i=0
while IFS= read -r l1 && IFS= read -r l2 && IFS= read -r l3; do
	[ "$l1
$l2
$l3" = "127.0.0.1/1: method 0
127.0.0.1/1: rep 0 atyp 1
127.0.0.1/1: data n$i" ] && ok=$((ok + 1))
	i=$((i + 1))
done <"$T/out"
_prc=$rc
is "the pool: 20 sessions one after another, all through" "$ok" 20
# what the client and the server said, for a failure to explain itself
[ "$ok" = 20 ] && [ "$_prc" = 0 ] ||
    sed "s/^/#   (client $_prc) /" "$T/out" "$T/err" "$T/pool.err" | head -20
check "the pool: a child waits for the next connection" \
    wait_until 5 has_nkids "$POOLPID" 1
if have curl && [ -n "$NG" ]; then
	denied=0 served=0
	i=0
	while [ $i -lt 6 ]; do
		run 10 curl -s -o /dev/null --interface 127.0.0.2 \
		    -x "socks5h://127.0.0.1:$PP" "http://127.0.0.1:$NG/small"
		[ "$rc" = 97 ] && denied=$((denied + 1))
		run 10 curl -s -o /dev/null \
		    -x "socks5h://127.0.0.1:$PP" "http://127.0.0.1:$NG/small"
		[ "$rc" = 0 ] && served=$((served + 1))
		i=$((i + 1))
	done
	is "the pool: --deny holds for every connection, whoever takes it" \
	    "$denied $served" "6 6"
else
	skip "the pool: --deny" "curl or nginx missing"
fi
check "the pool: an idle child ends after 2 s" \
    wait_until 8 at_most_nkids "$POOLPID" 0

# --- the pool within -m: children waiting on the listener count in it,
# so four clients holding their connections get two children at most,
# and the last two are served once the first are done; SIGTERM then
# leaves no child (none keeps the listener open).  The clients have -w
# 60: the two beyond -m wait in the listener's queue for their SOCKS5
# reply as long as the first two hold, and on a loaded machine (8 copies
# of this script at once) that was past connect's default 10 s, which
# bounds the proxy's handshake too: "SOCKS5 greeting: timed out"
PM=$(freeport)
bg 120 "$SOCKT" listen -k -m 2 127.0.0.1 "$PM" --serve-proxy socks5
MPID=$BGPID
check "the pool with -m 2: the server listens" wait_until 10 tcp_listens "$PM"
mkfifo "$T/hold"
exec 7<>"$T/hold"
holders=""
i=0
while [ $i -lt 4 ]; do
	BGIN="$T/hold" BGOUT="$T/hold.$i" BGERR="$T/hold.$i.err" bg 60 \
	    "$SOCKT" connect \
	    -w 60 --proxy "socks5://127.0.0.1:$PM" 127.0.0.1 "$ECHO"
	holders="$holders $BGPID"
	i=$((i + 1))
done
wait_until 10 has_nkids "$MPID" 2
over=0
i=0
while [ $i -lt 20 ]; do
	at_most_nkids "$MPID" 2 || over=$((over + 1))
	i=$((i + 1))
done
is "the pool with -m 2: two children at most, four clients holding" \
    "$over" 0
exec 7>&-
bad=0
i=0
for p in $holders; do
	wait_status "$p"
	if [ "$rc" != 0 ]; then
		bad=$((bad + 1))
		sed "s/^/#   (holder $i: $rc) /" "$T/hold.$i.err"
	fi
	i=$((i + 1))
done
is "the pool with -m 2: the clients beyond it served after, exit 0" \
    "$bad" 0
check "the pool with -m 2: a child waits again" \
    wait_until 5 has_nkids "$MPID" 1
kill -TERM "$MPID"
wait_status "$MPID"
run 5 "$SOCKT" connect -z 127.0.0.1 "$PM"
is "the pool: SIGTERM leaves no child with the listener" "$rc" 1

# --- without -k: one connection, its status ours
server 30 "$SOCKT" listen -v 127.0.0.1 0 --serve-proxy socks5 || exit 1
ONE=$SPID PX=$SPORT
s5 127.0.0.1 "$CP"
wait_status "$ONE"
is "without -k: one refused connection, exit 1" "$rc" 1

# --- a network namespace of our own: unreachable networks and hosts,
# and a host that never answers (-w 1); nothing leaves it
if [ "$(id -u)" = 0 ] && have unshare && have ip &&
    unshare -n true 2>/dev/null; then
	cat >"$T/ns.sh" <<'EOS'
ip link set lo up || exit 1
ip route add unreachable 198.51.100.0/24 || exit 1
# a route into lo for addresses that are not local: what goes there is
# dropped (no forwarding), so a connection never gets an answer
ip route add 192.0.2.0/24 dev lo || exit 1
"$SOCKT" listen -k -v -w 1 127.0.0.1 0 --serve-proxy socks5 2>"$T/ns.log" &
p=$!
i=0
until grep -q 'listening on' "$T/ns.log"; do
	i=$((i + 1))
	[ $i -lt 200 ] && kill -0 $p || exit 1
	sleep 0.05	# polling, bounded by the count
done
port=$(sed -n 's/.*listening on .* port //p' "$T/ns.log")
for dst in 10.1.2.3 198.51.100.7 192.0.2.2; do
	printf '%s ' "$dst"
	$S5 "$port" "$dst" 80 | tr '\n' ' '
	echo
done
kill $p
EOS
	export T S5
	run 60 unshare -n sh "$T/ns.sh"
	like "netns: no route to the network: reply 3" "$out" \
	    "*10.1.2.3 method 0 rep 3 atyp 1 closed*"
	like "netns: an unreachable route: reply 4" "$out" \
	    "*198.51.100.7 method 0 rep 4 atyp 1 closed*"
	like "netns: a host that never answers, -w 1: reply 6" "$out" \
	    "*192.0.2.2 method 0 rep 6 atyp 1 closed*"
else
	for n in 3 4 6; do skip "netns: reply $n" "needs root, unshare and ip"; done
fi

done_testing
