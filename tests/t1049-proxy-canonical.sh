#!/bin/sh
# listen --serve-proxy http forwards only canonical HTTP/1.1 (issue 40,
# RFC 9112, RFC 9110): a raw origin (tests/raw_http.py) records the
# exact bytes it gets, a raw client sends hand-made requests and keeps
# the exact bytes it gets back.  Chunked bodies written anew both ways
# (bare LF, "3 junk", a bad trailer or one with Content-Length or Host:
# 400 or 502), one Transfer-Encoding: chunked or a refusal (400, 501),
# one Content-Length from its value both ways, responses' framing (no
# Content-Length beside a Transfer-Encoding, on 204 or on 1xx, and the
# origin's connection not kept after such a response or a chunked
# HTTP/1.0 one; an
# HTTP/1.0 client gets gzip as Content-Encoding, as curl --http1.0
# --compressed reads it), Via both ways (1.0 for a message that came as
# HTTP/1.0) and a loop refused (508), Max-Forwards: 0 answered by the
# proxy for OPTIONS and TRACE and counted down, "*" for OPTIONS with no
# path, refusals (HTTP/1.0 with Transfer-Encoding, Host missing, twice
# or a list, a Connection list past its cap, "get"), and a body that
# stalls without -i given up after the head's limit (10 s), both ways.
# watchdog: 240
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
if ! have python3; then
	skip "the HTTP proxy's canonical forwarding" "python3 missing"
	done_testing
	exit
fi
RAW="python3 $D/raw_http.py"

mkdir -p "$T/o"
server 200 $RAW origin "$T/o" || exit 1
O=$SPORT
U=http://127.0.0.1:$O
server 200 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy http || exit 1
PX=$SPORT
# the proxy's name in Via: this host's name and its port
VIA=$(uname -n)
case $VIA in
''|*[!A-Za-z0-9.-]*) VIA=sockt ;;
esac
VIA="$VIA:$PX"

# --- 7. a body that stalls, without -i: the head's limit (10 s) ---------
# a part (lib.sh), beside the rest, not 10 s in line: its own origin, so
# that its requests leave no $T/o/last behind for the other checks
stall_limit() {
	mkdir "$T/o7"
	server 60 $RAW origin "$T/o7" || return
	U7=http://127.0.0.1:$SPORT
	printf 'POST %s/a HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc' \
	    "$U7" >"$T/req"
	timeout -k 2 40 $RAW client "$PX" --time <"$T/req" >"$T/out7" \
	    2>"$T/time7" &
	p7=$!
	printf 'GET %s/slow-body HTTP/1.1\r\nHost: x\r\n\r\n' "$U7" >"$T/req8"
	timeout -k 2 40 $RAW client "$PX" --time <"$T/req8" >"$T/out8" \
	    2>"$T/time8"
	rc8=$?
	wait $p7
	rc7=$?
	# the limit is 10 s: well past it is a fail, well before too
	t7=$(cat "$T/time7")
	t8=$(cat "$T/time8")
	check "a request body of 1000000 promised, 3 sent: closed after ~10 s ($t7 s)" \
	    sh -c "[ $rc7 -eq 0 ] && awk -v t='$t7' 'BEGIN { exit !(t >= 8 && t < 25) }'"
	check "a response body of 1000000 promised, 3 sent: closed after ~10 s ($t8 s)" \
	    sh -c "[ $rc8 -eq 0 ] && awk -v t='$t8' 'BEGIN { exit !(t >= 8 && t < 25) }'"
	like "... the client got what came, no more" \
	    "$(tr -d '\r' <"$T/out8" | tail -n 1)" "abc"
}
part stall_limit

# send FORMAT [ARGS]: the request (printf's), its answer in $T/out;
# $status its status code, the origin's bytes (if any) in $T/o/last
send() {
	rm -f "$T/o/last"
	# shellcheck disable=SC2059
	printf "$@" >"$T/req"
	PYIN=$T/req pyrun 30 "$D/raw_http.py" client "$PX"
	status=$(head -n 1 "$T/out" | cut -d' ' -f2)
}
# bytes DESC FILE FORMAT [ARGS]: FILE holds exactly printf's bytes
bytes() {
	_d=$1 _f=$2
	shift 2
	# shellcheck disable=SC2059
	printf "$@" >"$T/want"
	if [ -f "$_f" ] && cmp -s "$T/want" "$_f"; then
		pass "$_d"
	else
		fail "$_d" "got:  $(od -c "$_f" 2>&1 | head -20)" \
		    "want: $(od -c "$T/want" | head -20)"
	fi
}
# refused DESC STATUS: answered STATUS, and nothing reached the origin
refused() {
	is "$1" "$status $(test -f "$T/o/last" && echo reached)" "$2 "
}
# the head the origin gets for METHOD PATH with fields F (CR LF each)
H="Host: 127.0.0.1:$O\r\n"
TAIL="Via: 1.1 $VIA\r\nConnection: close\r\n\r\n"

# --- 1. chunked framing: written anew, or refused
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n005;ext=1\r\nhello\r\n0000\r\nX-T: 1\r\n\r\n"
is "chunked, leading zeros, an extension, a trailer: forwarded" "$status" 200
bytes "... written anew: <hex> CRLF data CRLF, 0, the trailer as it came" \
    "$T/o/last" "POST /a HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n${TAIL}5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3 junk\r\nabc\r\n0\r\n\r\n"
refused "a chunk size followed by text without ';' (3 junk): 400" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n"
refused "a bare LF after a chunk size: 400" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n"
refused "a bare LF after chunk data: 400" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nBad Name: 1\r\n\r\n"
is "a trailer field that is no field: 400" "$status" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nContent-Length: 3\r\nHost: evil\r\n\r\n"
refused "Content-Length and Host in the trailer (RFC 9110 6.5.1): 400" 400
send "GET $U/chunk-odd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
bytes "a chunked response written anew for the client" "$T/out" \
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nVia: 1.1 $VIA\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
send "GET $U/chunk-cl-trailer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
is "a response's Content-Length in its trailer: 502, never passed on" \
    "$status $(grep -c 'Content-Length: 99' "$T/out")" "502 0"
send "GET $U/chunk-lf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
is "a response's chunk size with a bare LF: 502" "$status" 502

# --- 2. Transfer-Encoding: one "chunked", or refused
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
refused "TE identity and chunked in two fields: 400" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n"
refused "TE ,chunked: 400" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n"
refused "TE identity, chunked: 400" 400
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: x-new, chunked\r\n\r\n0\r\n\r\n"
refused "TE of a coding not known: 501" 501
send "POST $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding:  Chunked \r\n\r\n2\r\nhi\r\n0\r\n\r\n"
bytes "TE Chunked (any case): one Transfer-Encoding: chunked sent" \
    "$T/o/last" "POST /a HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n${TAIL}2\r\nhi\r\n0\r\n\r\n"

# --- 3. Content-Length: one, from its value, both ways
send "POST $U/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\nContent-Length: 05\r\nConnection: close\r\n\r\nhello"
bytes "Content-Length 5, 5 and 05: one Content-Length: 5 sent" "$T/o/last" \
    "POST /a HTTP/1.1\r\n${H}Content-Length: 5\r\n${TAIL}hello"
send "GET $U/cl-55 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
bytes "a response's Content-Length 5, 5 twice: one to the client" "$T/out" \
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nVia: 1.1 $VIA\r\nConnection: close\r\n\r\nhello"

# --- 4. responses
send "GET $U/te-gzip-cl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
like "TE gzip beside Content-Length: the Content-Length dropped" \
    "$(head -c 200 "$T/out" | tr -d '\r' | sed '/^$/q' | tr '\n' '|')" \
    "HTTP/1.1 200 OK|Transfer-Encoding: gzip|Via: 1.1 $VIA|Connection: close||"
send "GET $U/gz-chunked HTTP/1.0\r\n\r\n"
like "HTTP/1.0 client, gzip, chunked: no TE, gzip as Content-Encoding" \
    "$(head -c 200 "$T/out" | tr -d '\r' | sed '/^$/q' | tr '\n' '|')" \
    "HTTP/1.1 200 OK|Content-Encoding: gzip|Via: 1.1 $VIA|Connection: close||"
if have curl; then
	run 30 curl -sS --http1.0 --compressed -x "http://127.0.0.1:$PX" \
	    "$U/gz-chunked"
	is "curl --http1.0 --compressed: the content, decoded" "$rc $out" \
	    "0 hello proxy"
else
	skip "curl --http1.0 --compressed" "curl missing"
fi
send "GET $U/204-cl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
bytes "204: no Content-Length" "$T/out" \
    "HTTP/1.1 204 No Content\r\nVia: 1.1 $VIA\r\nConnection: close\r\n\r\n"
send "GET $U/100-cl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
bytes "100 Continue: no Content-Length" "$T/out" \
    "HTTP/1.1 100 Continue\r\nVia: 1.1 $VIA\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nVia: 1.1 $VIA\r\nConnection: close\r\n\r\nok"
# a response framed two ways, or chunked in HTTP/1.0: passed on as
# chunked, but the origin's connection is not kept (RFC 9112 6.1, 6.3)
send "GET $U/nth HTTP/1.1\r\nHost: x\r\n\r\nGET $U/nth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
like "a kept origin connection: the second request its second" \
    "$(tr -d '\r' <"$T/out" | tr '\n' '|')" "*||1HTTP/1.1 200 OK|*||2"
send "GET $U/te-cl-keep HTTP/1.1\r\nHost: x\r\n\r\nGET $U/nth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
like "TE beside Content-Length: chunked on, the origin's connection closed" \
    "$(tr -d '\r' <"$T/out" | tr '\n' '|')" \
    "HTTP/1.1 200 OK|Transfer-Encoding: chunked|*|2|ok|0||HTTP/1.1 200 OK|*||1"
send "GET $U/http10-te HTTP/1.1\r\nHost: x\r\n\r\nGET $U/nth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
like "HTTP/1.0 with Transfer-Encoding: the origin's connection closed" \
    "$(tr -d '\r' <"$T/out" | tr '\n' '|')" \
    "HTTP/1.1 200 OK|Transfer-Encoding: chunked|*|2|ok|0||HTTP/1.1 200 OK|*||1"

# --- 5. hop duties: Via, Max-Forwards, OPTIONS *
send "GET $U/via HTTP/1.1\r\nHost: x\r\nVia: 1.0 client-side\r\nConnection: close\r\n\r\n"
bytes "Via: ours after the client's, to the origin" "$T/o/last" \
    "GET /via HTTP/1.1\r\n${H}Via: 1.0 client-side\r\n${TAIL}"
bytes "Via: ours after the origin's, to the client" "$T/out" \
    "HTTP/1.1 200 OK\r\nVia: 1.0 upstream\r\nContent-Length: 2\r\nVia: 1.1 $VIA\r\nConnection: close\r\n\r\nok"
send "GET $U/a HTTP/1.0\r\n\r\n"
bytes "an HTTP/1.0 request: Via 1.0, the version it came in" "$T/o/last" \
    "GET /a HTTP/1.1\r\n${H}Via: 1.0 $VIA\r\nConnection: close\r\n\r\n"
send "GET $U/http10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
bytes "an HTTP/1.0 response: Via 1.0 to the client" "$T/out" \
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nVia: 1.0 $VIA\r\nConnection: close\r\n\r\nok"
send "GET $U/a HTTP/1.1\r\nHost: x\r\nVia: 1.1 elsewhere, 1.1 $VIA (sockt)\r\nConnection: close\r\n\r\n"
refused "a Via naming this proxy: a loop, 508" 508
send "OPTIONS $U/a HTTP/1.1\r\nHost: x\r\nMax-Forwards: 0\r\nConnection: close\r\n\r\n"
like "OPTIONS, Max-Forwards: 0: answered by the proxy" \
    "$status $(test -f "$T/o/last" && echo reached) $(tr -d '\r' <"$T/out" | tr '\n' '|')" \
    "200  HTTP/1.1 200 OK|Allow: *|Content-Length: 0|*"
send "TRACE $U/a HTTP/1.1\r\nHost: x\r\nMax-Forwards: 0\r\nCookie: secret\r\nX-A: 1\r\nConnection: close\r\n\r\n"
TR="TRACE $U/a HTTP/1.1\r\nHost: x\r\nMax-Forwards: 0\r\nX-A: 1\r\nConnection: close\r\n\r\n"
# shellcheck disable=SC2059
bytes "TRACE, Max-Forwards: 0: the request reflected by the proxy, no Cookie" \
    "$T/out" "HTTP/1.1 200 OK\r\nContent-Type: message/http\r\nContent-Length: $(printf "$TR" | wc -c | tr -d ' ')\r\nVia: 1.1 $VIA\r\nConnection: close\r\n\r\n$TR"
send "OPTIONS $U HTTP/1.1\r\nHost: x\r\nMax-Forwards: 5\r\nConnection: close\r\n\r\n"
bytes "OPTIONS with no path: *, Max-Forwards counted down" "$T/o/last" \
    "OPTIONS * HTTP/1.1\r\n${H}Max-Forwards: 4\r\n${TAIL}"

# --- 6. refusals
send "POST $U/a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
refused "HTTP/1.0 with Transfer-Encoding: 400" 400
send "GET $U/a HTTP/1.1\r\nConnection: close\r\n\r\n"
refused "HTTP/1.1 without Host: 400" 400
send "GET $U/a HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n"
refused "two Host fields: 400" 400
send "GET $U/a HTTP/1.1\r\nHost: x, y\r\nConnection: close\r\n\r\n"
refused "two hosts in one Host field (x, y): 400" 400
names=$(i=0; while [ $i -lt 33 ]; do printf 'x-%d,' $i; i=$((i + 1)); done)
send "GET $U/a HTTP/1.1\r\nHost: x\r\nConnection: ${names}close\r\nX-32: secret\r\n\r\n"
refused "Connection naming 34 fields (X-32 named late): 400" 400
send "get $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
refused "get in small letters: 400, never forwarded as is" 400
send "Head $U/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
refused "Head: 400" 400

# --- curl as the client
if have curl; then
	C="curl -sS -x http://127.0.0.1:$PX"
	run 30 $C "$U/chunk-odd"
	is "curl: a chunked response written anew, read" "$rc $out" "0 hello"
	printf 'one\ntwo\n' >"$T/up"
	rm -f "$T/o/last"
	run 30 $C -H 'Transfer-Encoding: chunked' --data-binary @"$T/up" \
	    "$U/a"
	is "curl: a chunked upload forwarded" "$rc $out" "0 ok"
	like "... as one canonical chunk, one Transfer-Encoding" \
	    "$(grep -ci '^transfer-encoding' "$T/o/last") $(tr -d '\r' <"$T/o/last" | tr '\n' '|')" \
	    "1 POST /a HTTP/1.1|*|Transfer-Encoding: chunked|Via: 1.1 $VIA||8|one|two||0||"
	rm -f "$T/o/last"
	run 30 $C -i -X OPTIONS -H 'Max-Forwards: 0' "$U/a"
	like "curl: OPTIONS with Max-Forwards: 0 answered by the proxy" \
	    "$rc $(test -f "$T/o/last" && echo reached) $(printf '%s' "$out" | tr -d '\r' | tr '\n' '|')" \
	    "0  HTTP/1.1 200 OK|Allow: *|Via: 1.1 $VIA|*"
else
	for n in 1 2 3 4; do skip "curl $n" "curl missing"; done
fi

parts_done
done_testing
