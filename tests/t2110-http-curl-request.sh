#!/bin/sh
# t2110: http-get sends curl 7.88's request bytes (issue 61, item 1).
# The same command line to sockt http-get and to curl against
# heads_http.py, which records every request head byte for byte and
# which connection carried it; the heads must be the same but for the
# User-Agent's value (sockt/V against curl/V).  Direct, through an HTTP
# proxy (heads_http.py is the proxy too: what it reads is what a proxy
# gets) and through a CONNECT tunnel: curl's header order, a -H Host in
# Host's place, -H fields as given, no Connection: close,
# Proxy-Connection: Keep-Alive, CONNECT's User-Agent; the cookie jar's
# lines; -v's request lines as curl -v shows them; and the connection's end as curl's: the response read, our end
# at once, never a wait for a server that keeps the connection open,
# and no reset (counted where the script has a network namespace of its
# own).
. "$(dirname "$0")/lib.sh"

if [ -z "${T2110_INSIDE:-}" ] && [ "$(id -u)" = 0 ] && have unshare &&
    have ip && unshare -n true 2>/dev/null; then
	rm -rf "$T"
	# the rest of this script in a network namespace of its own: the
	# resets counted are its own
	T2110_INSIDE=1 exec unshare -n sh -c \
	    'ip link set lo up && exec sh "$0"' "$0"
fi
if ! have python3 || ! have curl; then
	skip "http-get sends curl's request bytes" \
	    "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1
X=http://127.0.0.1:$P	# the same server as the proxy

# heads ARGS (curldiff.sh): sockt http-get -s ARGS in $T/s, then curl
# -sS ARGS in $T/c, the heads each sent in $T/s.req and $T/c.req
BOTH_FLAGS=-s

# same DESC ARGS...: heads ARGS, and the two sides sent the same bytes
# on as many connections, with the same status and stdout
same() {
	_d=$1
	shift
	heads "$@"
	if [ "$src:$crc" != 0:0 ]; then
		fail "$_d" "exit status: sockt $src, curl $crc" \
		    "$(cat "$T/s.err" "$T/c.err")"
	elif ! cmp -s "$T/s.out" "$T/c.out"; then
		fail "$_d" "stdout differs"
	elif [ ! -s "$T/c.req" ]; then
		fail "$_d" "curl sent nothing"
	elif cmp -s "$T/s.req" "$T/c.req"; then
		pass "$_d"
	else
		fail "$_d" "$(diff "$T/c.req" "$T/s.req" | tr '\r' ' ')"
	fi
}

# resets: the TCP resets the kernel sent, where this script has a
# network namespace of its own; empty elsewhere
resets() {
	[ -n "${T2110_INSIDE:-}" ] || return 0
	awk '$1 == "Tcp:" && !n { for (i = 2; i <= NF; i++) f[$i] = i; n = 1;
	    next } $1 == "Tcp:" { print $f["OutRsts"] }' /proc/net/snmp
}
r0=$(resets)

# --- direct
# --compressed's lines where the loader that runs sockt finds zlib (a
# musl build on glibc's machine has none): zsame, else a skip
zlib=
loader_has libz.so.1 && zlib=1
zsame() {
	if [ -n "$zlib" ]; then same "$@"; else skip "$1" "no libz.so.1"; fi
}
same "a plain GET: Host, User-Agent, Accept and no Connection field" \
    "$U/a"
zsame "curl's order: auth, Range, agent, Accept, coding, Referer, -b, -z, -H" \
    -u user:pw -r 0-5 -A my-agent -e http://ref/ -b c=d -H "X-A: 1" \
    --compressed -z "Wed, 01 Jan 2020 00:00:00 GMT" "$U/a"
same "the first -H Host in Host's place; -H User-Agent, Accept, Referer last" \
    -H "X-B: 2" -H "Host: h1" -H "Host: h2" -H "User-Agent: ua2" \
    -H "Accept: a/b" -H "Referer: r2" -e ref -u user:pw "$U/a"
same "-H as given: 'host:hx' as Host:hx, 'x-a:1' and spaces kept" \
    -H "host:hx" -H "x-a:1" -H "X-B:   2  " -H "user-agent:u" "$U/a"
same "-H 'Host:' sends none in place, a later -H Host goes with the rest" \
    -H "Host:" -H "Host: h2" "$U/a"
same "-H 'Host;' is an empty Host in place" -H "Host;" "$U/a"
same "-H 'X:' removes the default, -H 'X;' sends it empty" \
    -H "Accept:" -H "User-Agent:" -H "X-E;" -H "x-f;" -H "X-D:" \
    -H "Authorization: Bearer t" -u user:pw -H "Range: bytes=1-" \
    -r 0-3 "$U/a"
zsame "-H Cookie, Accept-Encoding, If-Modified-Since replace -b's and the rest" \
    -H "Cookie: x=y" -b c=d -H "Accept-Encoding: foo" --compressed \
    -H "If-Modified-Since: foo" -z "Wed, 01 Jan 2020 00:00:00 GMT" \
    "$U/a"
printf 'W/"abc"\n' >"$T/etag"
same "--etag-compare's If-None-Match after the -H fields" \
    -H "X-A: 1" --etag-compare "$T/etag" -b c=d -e r \
    -z "Wed, 01 Jan 2020 00:00:00 GMT" "$U/a"
printf '123456' >"$T/s/part"
cp "$T/s/part" "$T/c/part"
same "-C -: its Range before User-Agent" -C - -o part "$U/resume"
is "... both files whole" "$(cat "$T/s/part"):$(cat "$T/c/part")" \
    "123456ok:123456ok"
same "two URLs on one connection, neither says close" "$U/a" "$U/b"
same "-L: both requests in curl's order, on one connection" \
    -L -r 0-2 -H "X-A: 1" "$U/redir"
same "an HTTP/1.0 response that ends at the close: the request, the body" \
    "$U/http10"

# --- the cookie jar: the cookies the next request sends, and the file
same "a cookie from the jar sent beside a -H Cookie, as curl" \
    -c jar1 -b jar1 -H "Cookie: z=9" "$U/cookie1" "$U/a"
# (the order of several in one Cookie field is the cookie engine's:
# RFC 6265's, oldest first, where curl sends the newest first)
same "the cookies' response" -c jar "$U/cookie"
# byte for byte but the third line, which says what wrote the file: a
# jar that claimed libcurl wrote it would be false (a difference kept on
# purpose, in the README's curl row)
sed 3d "$T/s/jar" >"$T/s/jar.2"
sed 3d "$T/c/jar" >"$T/c/jar.2"
if cmp -s "$T/s/jar.2" "$T/c/jar.2"; then
	pass "the cookie jar byte for byte as curl writes it, but its writer"
else
	fail "the cookie jar byte for byte as curl writes it, but its writer" \
	    "$(diff "$T/c/jar" "$T/s/jar")"
fi
is "... the third line names sockt" "$(sed -n 3p "$T/s/jar")" \
    "# This file was written by sockt http-get. Edit at your own risk."

# --- through an HTTP proxy
same "proxy: Proxy-Authorization before Authorization, Proxy-Connection" \
    -x "$X" --proxy-user p:q -u user:pw -r 0-1 "$U/a"
same "proxy: -H 'Proxy-Connection:' removes it" \
    -x "$X" -H "Proxy-Connection:" "$U/a"
same "proxy: -H Proxy-Connection replaces it" \
    -x "$X" -H "Proxy-Connection: close" "$U/a"
same "proxy: two URLs on one connection" -x "$X" "$U/a" "$U/b"

# curl's own cases 1171, 1181, 344 (issue 61, tests/curldata/run.py)
same "--tr-encoding, -H 'Connection;': one Connection: TE, as curl" \
    --tr-encoding -H "Connection;" "$U/a"
same "proxy: --proxy-header Proxy-Connection in the default's place" \
    -x "$X" --proxy-header "Proxy-Connection: Keep-Alive" "$U/a"
same "--etag-compare of no file beside --etag-save: If-None-Match \"\"" \
    --etag-compare none --etag-save e "$U/a"

same "proxy: two hosts forwarded on one connection, as curl (its 1421)" \
    -x "$X" "$U/a" "http://other.example:$P/b"
is "... one connection" "$(grep -c '^== new' "$T/s.req")" 1

# --- CONNECT through an HTTP proxy
same "CONNECT: Host, Proxy-Authorization, User-Agent, Proxy-Connection" \
    -p -x "$X" --proxy-user p:q -u user:pw "$U/a"
same "CONNECT: -A's User-Agent, never -H's; -H only inside" \
    -p -x "$X" -A my-agent -H "X-A: 1" -H "User-Agent: hh" \
    -H "Host: hx" "$U/a"
same "CONNECT: -A '' sends an empty User-Agent, as curl" \
    -p -x "$X" -A "" "$U/a"
same "CONNECT: two URLs in one tunnel" -p -x "$X" "$U/a" "$U/b"

# --- -v: the request lines as curl -v shows them, "> " before each and
# alone after the head ("> " and nothing: the head's empty line)
# trace DESC ARGS...: the "> " lines of sockt http-get -v and of curl -v
# on stderr the same, the User-Agent's value made one
trace() {
	_d=$1
	shift
	timeout -k 2 30 "$SOCKT" http-get -v -o /dev/null "$@" 2>&1 |
	    tr -d '\r' | grep '^> ' |
	    sed 's#^> User-Agent: [a-z]*/[0-9.]*$#> User-Agent: AGENT#' \
	    >"$T/s.trace"
	timeout -k 2 30 curl -v -o /dev/null "$@" 2>&1 | tr -d '\r' |
	    grep '^> ' |
	    sed 's#^> User-Agent: [a-z]*/[0-9.]*$#> User-Agent: AGENT#' \
	    >"$T/c.trace"
	if [ -s "$T/c.trace" ] && cmp -s "$T/s.trace" "$T/c.trace"; then
		pass "$_d"
	else
		fail "$_d" "$(diff "$T/c.trace" "$T/s.trace")"
	fi
}
trace "-v: a direct request's lines as curl -v shows them" "$U/a"
trace "-v: a proxied request's lines as curl -v's" -x "$X" "$U/a"
trace "-v: CONNECT's lines and the tunnelled request's as curl -v's" \
    -p -x "$X" "$U/a"

# --- the end: a server that keeps the connection and never ends
: >"$T/hold"
server 120 python3 "$HH" "$T/hold" --hold || exit 1
timed 20 "$SOCKT" http-get -s "http://127.0.0.1:$SPORT/a" \
    "http://127.0.0.1:$SPORT/b"
# curl closes at once: the server's end is not awaited (it was for
# 500 ms, CONN_DONE_MS, once the request stopped asking it to close)
if [ "$rc" = 0 ] && [ "$out" = "ok
ok" ] && [ "$el" -lt 400 ]; then
	pass "a server that keeps its connection: both bodies, no wait ($el ms)"
else
	fail "a server that keeps its connection: both bodies, no wait" \
	    "exit $rc, $el ms" "$out"
fi
if [ -z "${T2110_INSIDE:-}" ]; then
	skip "no reset sent on any connection" "no network namespace of its own"
else
	is "no reset sent on any connection" "$(resets)" "$r0"
fi

done_testing
