#!/bin/sh
# t2129: what curl 7.88 says beside curl (issue 61, items 6 and 4): -v's
# CONNECT request and the proxy's reply before the request through the
# tunnel ("> " and "< " lines alike, curl's blank ones aside), the
# proxy's reply head in -i and -D and in %{size_header}; --url, several,
# in their places among the operands; %{errormsg} in curl's words for a
# name not resolved (6), a refused connection (7), -f's 404 (22), a time
# out (28), --max-filesize (63), a head line over 100 KB (27), a resume
# refused (33), a trailer line that is no field (43), an empty reply
# (52); the milliseconds of 7 and 28 made one.  Against heads_http.py
# (the proxy and its CONNECT) and canned_http.py.  Fails on 6c6154b6 (no CONNECT in -v,
# -i or -D; --url refused; sockt's words).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "-v and %{errormsg} as curl" "python3 or curl not installed"
	done_testing
	exit
fi
if ! heads_start; then
	fail "heads_http.py started"
	done_testing
	exit
fi
PX=http://127.0.0.1:$P

# -v's "> " and "< " lines that say something, the agent made one
vlines() {
	tr -d '\r' <"$1" | grep '^[<>] .' |
	    sed 's#^> User-Agent: [a-z]*/[0-9.]*$#> User-Agent: AGENT#'
}
heads -v -p -x "$PX" -o /dev/null http://example.org/
vlines "$T/s.err" >"$T/s.v"
vlines "$T/c.err" >"$T/c.v"
if cmp -s "$T/s.v" "$T/c.v" && grep -q '^> CONNECT example.org:80' "$T/s.v"
then
	pass "-v: the CONNECT and its reply, then the request, as curl"
else
	fail "-v: the CONNECT and its reply, then the request, as curl" \
	    "$(diff "$T/c.v" "$T/s.v")"
fi
heads_judged "-i through a tunnel: the proxy's head first" -i -p \
    -x "$PX" http://example.org/
heads_judged "-D - through a tunnel" -D - -o /dev/null -p -x "$PX" \
    http://example.org/
heads_judged "%{size_header} through a tunnel" -o /dev/null \
    -w '%{size_header} %{http_connect}' -p -x "$PX" http://example.org/
heads_judged "--url, twice, among operands, in order" --url "$U/a" "$U/b" \
    --url "$U/c"
heads_judged "--url alone" --url "$U/d"

D=$T/site
mkdir "$D"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r nf 'HTTP/1.1 404 Nope\r\nContent-Length: 3\r\n\r\nno\n'
r ok 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n'
r cr0 'HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-9/10\r\nContent-Length: 10\r\n\r\n0123456789'
r trbad 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nok\n\r\n0\r\nnocolon\r\n\r\n'
r empty_close ''
python3 -c '
import sys
sys.stdout.buffer.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 102500 +
    b"\r\nContent-Length: 3\r\n\r\nok\n")' >"$D/big"
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
C=http://127.0.0.1:$SPORT
closedport || true
BOTH_FLAGS=-s
W='%{exitcode}|%{errormsg}'
# msg DESC WANT ARGS...: -w's exit code and errormsg, curl's and ours;
# the body to f, which holds 5 bytes first
msg() {
	_d=$1
	_w=$2
	shift 2
	printf 01234 >"$T/s/f"
	printf 01234 >"$T/c/f"
	both -o f -w "$W" "$@"
	for w in s c; do
		sed 's/after [0-9]* m/after N m/' "$T/$w.out" >"$T/$w.o"
		mv "$T/$w.o" "$T/$w.out"
	done
	judge "%{errormsg}: $_d"
	like "... $_w" "$(cat "$T/s.out")" "$_w|?*"
}
msg "a name not resolved" 6 http://nonexistent.invalid/
[ -n "$CPORT" ] && msg "a refused connection" 7 "http://127.0.0.1:$CPORT/"
msg "-f and a 404" 22 -f "$C/nf"
msg "a time out" 28 -m 1 "$C/silent"
msg "--max-filesize" 63 --max-filesize 1 "$C/ok"
msg "a head line over 100 KB" 27 "$C/big"
msg "a resume refused" 33 -C 5 "$C/cr0"
msg "a trailer line that is no field" 43 "$C/trbad"
msg "an empty reply" 52 "$C/empty_close"
done_testing
