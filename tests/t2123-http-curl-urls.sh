#!/bin/sh
# t2123: URLs and redirects read as curl 7.88 reads them (issue 61, item
# 4).  The same command line to sockt http-get and to curl: against
# heads_http.py the request heads (the User-Agent's value made one),
# stdout and the exit status compared for "http:/host" and
# "http:///host" (one to three slashes, as curl and WHATWG's URL
# standard; four refused with curl's 3), a host of digits and dots that
# is no dotted quad (a name to RFC 3986 and to curl, here mapped by
# --resolve), "[]" in a URL with and without -g; against canned_http.py
# the request lines each followed: a space in a redirect's query sent as
# curl's '+' (in its path %20), a %d8 the server wrote kept as written,
# an empty Location not followed (exit 0, its body written).
# Fails on fbc4a641 but for "[]" with -g and %d8, which passed.
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "URLs read as curl" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1

# same DESC ARGS...: curldiff.sh's heads_judged (the same heads, stdout
# and status)
same() { heads_judged "$@"; }

H=127.0.0.1:$P
same "http:/host: one slash" "http:/$H/a"
same "http:///host: three slashes" "http:///$H/a"
same "HTTP:/host: the scheme in any case" "HTTP:/$H/a"
same "http:////host: four, curl's 3" "http:////$H/a"
is "... exit 3" "$src" 3
same "a host of digits and dots that is no quad: a name" \
    --resolve "127.0.0.1.1184:$P:127.0.0.1" "http://127.0.0.1.1184:$P/a"
is "... fetched" "$src:$(cat "$T/s.out")" "0:ok"
same "[] in a URL: as it is, no glob" "$U/a?x[]=1&y[]=2"
same "... and with -g (passed before)" -g "$U/a?x[]=1"

# --- redirects, from canned responses
D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r qspace 'HTTP/1.1 302 Found\r\nLocation: /b?x=b c&d=e f\r\nContent-Length: 0\r\n\r\n'
r pspace 'HTTP/1.1 302 Found\r\nLocation: /a b?x=c d\r\nContent-Length: 0\r\n\r\n'
r pct 'HTTP/1.1 302 Found\r\nLocation: /c%%d8%%D8?q=%%d8\r\nContent-Length: 0\r\n\r\n'
r blank 'HTTP/1.1 302 Found\r\nLocation: \r\nContent-Length: 3\r\n\r\nhi\n'
r hj 'HTTP/1.1 200 OK\r\nA: 1\r\nB: 1\r\nA: 2\r\nC: x\r\nB: 2\r\nContent-Length: 0\r\n\r\n'
r nulst 'HTTP/1.1 200 OK\000\nContent-Length: 3\n\nok\n'
r h10 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nok\n'
r self 'HTTP/1.1 302 Found\r\nLocation: /self\r\nContent-Length: 0\r\n\r\n'
r odd 'HTTP/1.1 301 Moved\r\nLocation: ht3p://localhost/\r\nContent-Length: 0\r\n\r\n'
r raw 'HTTP/1.1 302 Found\r\nLocation: /d\330\242?q=\330\242\r\nContent-Length: 0\r\n\r\n'
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
C=http://127.0.0.1:$SPORT

# hops DESC ARGS...: both with -L: the same status, stdout and request
# lines (the canned server's log)
hops() {
	_d=$1
	shift
	: >"$D/requests.log"
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS -L "$@") \
	    >"$T/s.out" 2>"$T/s.err"
	src=$?
	grep -a '^GET' "$D/requests.log" | tr -d '\r' >"$T/s.req"
	: >"$D/requests.log"
	(cd "$T/c" && exec timeout -k 2 30 curl -sS -L "$@") \
	    >"$T/c.out" 2>"$T/c.err"
	crc=$?
	grep -a '^GET' "$D/requests.log" | tr -d '\r' >"$T/c.req"
	judge "$_d"
}
hops "a space in a redirect's query: '+', as curl" "$C/qspace"
like "... the line" "$(cat "$T/s.req")" "*GET /b?x=b+c&d=e+f HTTP/1.1*"
hops "... in its path %20, in its query '+'" "$C/pspace"
hops "%d8 the server wrote: kept as written (passed before)" "$C/pct"
hops "raw UTF-8 in a Location: %d8%a2 in curl's case (its 1138)" "$C/raw"
like "... the line" "$(cat "$T/s.req")" "*GET /d%d8%a2?q=%d8%a2 HTTP/1.1*"
hops "a redirect to itself followed to --max-redirs, as curl (its 193)" \
    --max-redirs 3 "$C/self"
is "... four requests, exit 47" "$src:$(grep -c GET "$T/s.req")" "47:4"
hops "after an HTTP/1.0 answer the next request on its connection says 1.0 (curl's 1074)" \
    "$C/h10" "$C/h10"
like "... the second line" "$(cat "$T/s.req")" "*GET /h10 HTTP/1.0"
rm -f "$T/s.req" "$T/c.req"
both -w '%{redirect_url}' -o /dev/null "$C/odd"
judge "%{redirect_url} of a Location of another scheme: as it is (curl's 1159)"
both -w '%{header_json}' -o /dev/null "$C/hj"
judge "%{header_json} of fields between a name's: curl 7.88's bytes (its 1671)"
both -o /dev/null "$C/nulst"
judge "a NUL in the status line: exit 8, curl's weird reply (its 262)"
hops "an empty Location: not followed, its body written, exit 0" \
    "$C/blank"
is "... the body" "$src:$(cat "$T/s.out")" "0:hi"
done_testing
