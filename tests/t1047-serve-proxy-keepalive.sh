#!/bin/sh
# listen --serve-proxy http keeps connections: a client's requests, to
# any origin, over one connection; one connection to an origin kept for
# the next request to it; Connection: close honoured both ways; every
# body framing streamed exact (Content-Length, chunked, until close,
# none for HEAD, 204 and 304, an HTTP/1.0 client's chunks decoded);
# request bodies with a length and chunked, with Expect: 100-continue;
# pipelined requests answered in order; --allow-to and
# --serve-proxy-auth for every request of a connection; CONNECT after
# plain requests; an origin that closed a kept connection is dialed
# anew; an origin silent past -i is a 504.  The peers: curl and nginx
# (200 URLs: one connection each side, counted by curl's
# %{num_connects}, the proxy's -v log and nginx's $connection), a
# Python origin with every framing (tests/http_origin.py, which logs
# the connection of each request), a scripted client
# (tests/proxy_ka_client.py), keepalive_http.py for an origin that
# drops a kept connection as the next request comes.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nginx.sh"

D=$(cd "$(dirname "$0")" && pwd)
if ! have python3; then
	skip "the HTTP proxy's persistent connections" "python3 missing"
	done_testing
	exit
fi
KA=$D/proxy_ka_client.py

mkdir -p "$T/o"
server 200 python3 "$D/http_origin.py" "$T/o" || exit 1
O=$SPORT
U=http://127.0.0.1:$O
# The sha256s the checks compare with, made in one python run (a python3,
# a sha256sum and a cut each were 40 python3 starts): of http_origin.py's
# bodies (its --body N) of the sizes in $NS, and of the texts after "="
cat >"$T/sha.py" <<'PY'
import hashlib, io, runpy, sys
origin = sys.argv[1]
for a in sys.argv[2:]:
    if a.startswith("="):
        b = a[1:].encode()
    else:
        out, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO())
        sys.argv = [origin, "--body", a]
        try:
            runpy.run_path(origin)
        except SystemExit:
            pass
        sys.stdout.flush()
        b = sys.stdout.buffer.getvalue()
        sys.stdout = out
    print(hashlib.sha256(b).hexdigest())
PY
NL='
'
NS="1 2 3 4 5 6 7 9 10 20 30 77 5000 70000 100000 100001 300000 2000000"
# shellcheck disable=SC2086
pyrun 60 "$T/sha.py" "$D/http_origin.py" = =one =two \
    "=502 Bad Gateway$NL" "=400 Bad Request$NL" "=403 Forbidden$NL" \
    "=407 Proxy Authentication Required$NL" $NS
# shellcheck disable=SC2086
set -- $out
E0=$1 S_one=$2 S_two=$3 S502=$4 S400=$5 S403=$6 S407=$7
shift 7
SHAS=" "
for n in $NS; do SHAS="$SHAS$n=$1 "; shift; done
# sha N: the sha256 of http_origin.py's body of N bytes (one of $NS)
sha() {
	case $SHAS in
	*" $1="*) _s=${SHAS#*" $1="}; echo "${_s%% *}" ;;
	*) echo "sha: $1 is not in NS" ;;
	esac
}
# px ARGS...: a proxy server (-k -v) on 127.0.0.1; PXPID, PX, PXLOG
px() {
	server 200 "$SOCKT" listen -k -v 127.0.0.1 0 "$@" || return 1
	PXPID=$SPID PX=$SPORT PXLOG=$SLOG
}
# accepted: how many connections the proxy took (its -v log)
accepted() { grep -c 'connection from [^ ]* port [0-9]*$' "$PXLOG"; }
# conns_of PATTERN: the origin's connections that carried those requests
conns_of() { grep "$1" "$T/o/origin.log" | cut -d' ' -f1 | sort -u | wc -l; }
ka() { pyrun 60 "$KA" "$PX" "$@"; }
# shape LOG: the connections of LOG's requests, numbered from 1 as they
# first appear ("1 1 2 ": two requests over one, the third over another)
shape() { awk '{ if (!($1 in m)) m[$1] = ++n; printf "%d ", m[$1] }' "$1"; }

px --serve-proxy http || exit 1

# --- curl and nginx: 200 URLs, one connection on each side
if have curl && nginx_start "$T/o" \
    'log_format c "$connection $request"; access_log '"$T/o/nginx.log c;"; then
	NG=$NGPORT
	printf 'hello\n' >"$T/o/small"
	i=0
	while [ $i -lt 200 ]; do
		printf 'url = "http://127.0.0.1:%s/small?%d"\noutput = "%s"\n' \
		    "$NG" $i "$T/got.$((i % 3))"
		i=$((i + 1))
	done >"$T/urls"
	run 60 curl -sS -x "http://127.0.0.1:$PX" -K "$T/urls" \
	    -w '%{num_connects} %{http_code}\n'
	is "curl: 200 URLs through the proxy, all 200" \
	    "$rc $(printf '%s\n' "$out" | grep -c ' 200$')" "0 200"
	is "curl: one connection to the proxy (num_connects summed)" \
	    "$(printf '%s\n' "$out" | awk '{ s += $1 } END { print s }')" 1
	is "the bodies" "$(cat "$T/got.0" "$T/got.1" "$T/got.2")" \
	    "hello
hello
hello"
	wait_until 10 grep -q 'small?199 ' "$T/o/nginx.log"
	is "the proxy accepted one connection (-v)" "$(accepted)" 1
	is "nginx saw 200 requests over one connection (\$connection)" \
	    "$(grep -c 'GET /small' "$T/o/nginx.log") $(cut -d' ' -f1 \
	    "$T/o/nginx.log" | sort -u | wc -l)" "200 1"
	run 30 curl -sS -p -o "$T/got" -x "http://127.0.0.1:$PX" \
	    "http://127.0.0.1:$NG/small"
	is "curl -p: CONNECT as before" "$rc $(cat "$T/got")" "0 hello"
else
	for n in 1 2 3 4 5 6; do skip "curl and nginx $n" "curl or nginx missing"; done
fi

# --- every framing, one connection: the bodies exact
ka "GET $U/cl/10" "GET $U/chunked/100000" "GET $U/cl/0" "GET $U/cl/300000" \
    "GET $U/chunked/1" "GET $U/early/77" "GET $U/ka10/9"
is "Content-Length, chunked (trailer too), empty, 300 KB, 1 byte, a 103 first, HTTP/1.0 keep-alive: exact, kept" \
    "$out" "200 10 $(sha 10)
200 100000 $(sha 100000)
200 0 $E0
200 300000 $(sha 300000)
200 1 $(sha 1)
103 interim
200 77 $(sha 77)
200 9 $(sha 9)
open"
is "the origin: one connection for them all" "$(conns_of 'cl/10$\|chunked\|cl/0$\|cl/300000\|early\|ka10')" 1
ka "GET $U/close/100000"
is "a body until close: exact, then the client is closed too" "$out" \
    "200 100000 $(sha 100000)
closed"
ka "HEAD $U/cl/5000" "GET $U/204" "GET $U/304" "GET $U/cl/3"
is "HEAD, 204 and 304 have no body (nothing awaited): the next request answered" \
    "$out" "200 0 $E0
204 0 $E0
304 0 $E0
200 3 $(sha 3)
open"
: >"$T/o/origin.log"
ka "GET $U/cl/5" "GET $U/bye/30" "GET $U/cl/6" "GET $U/http10/20" \
    "GET $U/cl/7"
is "the origin's Connection: close and HTTP/1.0: the client's connection stays" \
    "$out" "200 5 $(sha 5)
200 30 $(sha 30)
200 6 $(sha 6)
200 20 $(sha 20)
200 7 $(sha 7)
open"
is "... and the next request to that origin goes over a new connection" \
    "$(shape "$T/o/origin.log")" "1 1 2 2 3 "

# --- the client's Connection: close, its HTTP/1.0
ka "GET $U/cl/4" "GET $U/cl/5|Connection: close"
is "the client's Connection: close: the answer, then closed" "$out" \
    "200 4 $(sha 4)
200 5 $(sha 5)
closed"
ka "GET $U/cl/4|Proxy-Connection: close"
is "Proxy-Connection: close counts as Connection's" "$out" "200 4 $(sha 4)
closed"
if have curl; then
	run 30 curl -sS -i --http1.0 -x "http://127.0.0.1:$PX" "$U/chunked/70000"
	h=$(printf '%s' "$out" | tr -d '\r' | sed '/^$/q')
	like "an HTTP/1.0 client: no chunks, Connection: close" \
	    "$(printf '%s' "$h" | grep -ci 'transfer-encoding\|trailer') $h" \
	    "0 HTTP/1.1 200 OK*Connection: close*"
	run 30 curl -sS --http1.0 -o "$T/got" -x "http://127.0.0.1:$PX" \
	    "$U/chunked/70000"
	is "... the body decoded, exact" "$(sha256sum <"$T/got" | cut -d' ' -f1)" \
	    "$(sha 70000)"
	run 30 curl -sS --http1.0 -H 'Connection: keep-alive' -o /dev/null \
	    -o /dev/null -x "http://127.0.0.1:$PX" "$U/cl/3" "$U/cl/4" \
	    -w '%{num_connects}'
	# RFC 9112 9.3: a proxy MUST NOT keep an HTTP/1.0 client, so
	# the second URL takes a connection of its own
	is "an HTTP/1.0 client's keep-alive: closed all the same" "$out" 11
	run 30 curl -sS -i -x "http://127.0.0.1:$PX" "$U/hop/5"
	h=$(printf '%s' "$out" | tr -d '\r' | sed '/^$/q')
	like "the response's hop-by-hop fields gone, the rest kept" \
	    "$(printf '%s' "$h" | grep -ci 'x-secret\|keep-alive\|upgrade') $h" \
	    "0 HTTP/1.1 200 OK*X-Kept: 1*"
else
	for n in 1 2 3 4; do skip "curl --http1.0 $n" "curl missing"; done
fi
# the request as the origin gets it: origin-form, Host from the URL,
# the hop-by-hop fields gone, no Connection: close (the client stays),
# the framing and our Via last (t1049 has them exact), the body after
printf 'POST %s/head?q=1 HTTP/1.1\r\nHost: wrong\r\nProxy-Connection: keep-alive\r\nConnection: X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 5\r\nTE: trailers\r\nContent-Length: 4\r\n\r\nbody' \
    "$U" >"$T/post"
run 20 "$SOCKT" connect 127.0.0.1 "$PX" <"$T/post"
like "HTTP: origin-form, Host from the URL, hop-by-hop fields gone, the body after" \
    "$rc $(printf '%s' "$out" | tr -d '\r' | tr '\n' '|')" \
    "0 HTTP/1.1 200 OK|*||POST /head?q=1 HTTP/1.1|Host: 127.0.0.1:$O|Content-Length: 4|Via: 1.1 *||body"

# --- request bodies
ka "POST $U/echo|<70000" "PUT $U/echo|<<100001" "POST $U/echo|<0" \
    "POST $U/echo|Expect: 100-continue|<5000" "GET $U/cl/2"
is "request bodies: Content-Length, chunked, empty, with Expect" \
    "$out" "200 echo 70000 $(sha 70000)
200 echo 100001 $(sha 100001)
200 echo 0 $E0
200 echo 5000 $(sha 5000)
200 2 $(sha 2)
open"
if have curl; then
	python3 "$D/http_origin.py" --body 2000000 >"$T/up"
	timed 30 curl -sS -x "http://127.0.0.1:$PX" -H 'Expect: 100-continue' \
	    --expect100-timeout 20 --data-binary "@$T/up" "$U/echo"
	is "curl: 2 MB with Expect: 100-continue, the 100 passed on" \
	    "$rc $out" "0 2000000 $(sha 2000000)"
	check "... at once, not after curl's 20 s ($el ms)" within 0 10000 "$el"
else
	for n in 1 2; do skip "curl Expect $n" "curl missing"; done
fi

# --- pipelined requests: answered in order
ka --pipeline "GET $U/cl/10" "POST $U/echo|<<5000" "GET $U/chunked/20" \
    "HEAD $U/cl/7" "GET $U/cl/5"
is "five requests in one write: five answers in order" "$out" \
    "200 10 $(sha 10)
200 echo 5000 $(sha 5000)
200 20 $(sha 20)
200 0 $E0
200 5 $(sha 5)
open"

# --- CONNECT after plain requests: a tunnel
server 200 "$SOCKT" listen -k -v 127.0.0.1 0 -c cat || exit 1
ECHO=$SPORT
ka "GET $U/cl/10" "CONNECT 127.0.0.1:$ECHO"
is "a GET, then CONNECT on the same connection: the tunnel" "$out" \
    "200 10 $(sha 10)
200 tunnel ping"

# --- several origins over one client connection
mkdir -p "$T/o2"
server 200 python3 "$D/http_origin.py" "$T/o2" || exit 1
U2=http://localhost:$SPORT
: >"$T/o/origin.log"
ka "GET $U/cl/1" "GET $U2/cl/2" "GET $U/cl/3" "GET $U2/cl/4"
is "two origins in turn: each answered" "$out" "200 1 $(sha 1)
200 2 $(sha 2)
200 3 $(sha 3)
200 4 $(sha 4)
open"
is "... each over one connection of its own, kept while the other is used" \
    "$(shape "$T/o/origin.log")$(shape "$T/o2/origin.log")" "1 1 1 1 "

# --- a kept connection the origin closes as the next request comes:
# dialed anew, the request answered
mkdir -p "$T/k"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none' >"$T/k/a"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo' >"$T/k/dropnext"
server 200 python3 "$D/keepalive_http.py" "$T/k" || exit 1
K=http://127.0.0.1:$SPORT
ka "GET $K/dropnext" "GET $K/a" "GET $K/a"
is "the origin drops its kept connection: the request sent anew" \
    "$out" "200 3 $S_two
200 3 $S_one
200 3 $S_one
open"
is "... over a second connection" "$(shape "$T/k/conns.log")" "1 1 2 2 "

# --- errors, and the connection after them
closedport
ka "GET http://127.0.0.1:$CPORT/" "GET $U/cl/3"
is "a closed port is 502, and the connection stays" "$out" \
    "502 16 $S502
200 3 $(sha 3)
open"
ka "GET $U/cl/3" "GET /x"
is "a malformed request (origin-form) is 400, and closed" "$out" \
    "200 3 $(sha 3)
400 16 $S400
closed"
px -i 1 --serve-proxy http || exit 1
_tt0=$(now_ms)
pyrun 30 "$KA" "$PX" "GET $U/cl/3" "GET $U/silent"
el=$(( $(now_ms) - _tt0 ))
like "-i 1: an origin silent past it is 504" "$out" "200 3 *
504 *"
check "... after about 1 s ($el ms)" within 900 8000 "$el"

# --- --allow-to and --serve-proxy-auth, for every request
px --serve-proxy http --allow-to "127.0.0.1:$O" || exit 1
ka "GET $U/cl/3" "GET $U2/cl/3" "GET $U/cl/4"
is "--allow-to: a second request to another origin, 403; the connection stays" \
    "$out" "200 3 $(sha 3)
403 14 $S403
200 4 $(sha 4)
open"
wait_until 10 grep -q 'not allowed' "$PXLOG"
like "... logged" "$(cat "$PXLOG")" \
    "*to localhost port * refused (HTTP 403): not allowed by --allow-to*"
is "... over one connection" "$(accepted)" 1
px --serve-proxy http --serve-proxy-auth alice:s3cret || exit 1
A='Proxy-Authorization: Basic YWxpY2U6czNjcmV0'
B='Proxy-Authorization: Basic YWxpY2U6d3Jvbmc='
ka "GET $U/cl/3|$A" "GET $U/cl/4" "GET $U/cl/5|$B" "GET $U/cl/6|$A"
l407=34 s407=$S407
is "--serve-proxy-auth: checked for each request of a connection" "$out" \
    "200 3 $(sha 3)
407 $l407 $s407
407 $l407 $s407
200 6 $(sha 6)
open"

done_testing
